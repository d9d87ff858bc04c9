"""The ``score`` command (SPEC section 5): JSON lines in order, readable report, clear input errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main


def test_jsonl_json_one_object_a_line_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "replies.jsonl"
    rows = [
        {"text": "I'm so sorry, that sounds really stressful.", "context": "My parcel is three weeks late!"},
        {"text": "Calm down, you must have typed the address wrong."},
        {"text": "Your tracking number is 4471.", "context": None},
    ]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert main(["score", "--jsonl", str(src), "--json"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["text"] for o in out] == [r["text"] for r in rows]
    for o in out:
        assert set(o) >= {"text", "tags", "empathy", "composure", "evidence"}
        assert 0 <= o["empathy"] <= 100 and 0 <= o["composure"] <= 100
        assert {e["tag"] for e in o["evidence"]} == set(o["tags"])
        for e in o["evidence"]:
            assert e["quote"] in o["text"] and e["why"]
    assert {"apology", "acknowledge_emotion"} <= set(out[0]["tags"])
    assert out[0]["empathy"] > out[2]["empathy"]
    assert out[1]["composure"] < 100 and "blame" in out[1]["tags"]
    assert out[2]["tags"] == []


def test_text_report_shows_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "im really sari about that", "--context", "You broke my phone"]) == 0
    out = capsys.readouterr().out
    assert "apology" in out and "im really sari" in out and "Empathy" in out


BAD_LINES = ["not json\n", '["a list"]\n', '{"context": "no text"}\n', '{"text": 5}\n']


@pytest.mark.parametrize("content", BAD_LINES)
def test_bad_input_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text(content, encoding="utf-8")
    assert main(["score", "--jsonl", str(src), "--json"]) == 1
    err = capsys.readouterr().err
    assert "bad.jsonl:1" in err


def test_missing_file_and_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--jsonl", str(tmp_path / "nope.jsonl")]) == 1
    assert "nope.jsonl" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main(["score"])
    assert stop.value.code == 2
