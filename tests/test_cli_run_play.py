"""The `run` and `play --text` commands, in-process, with the SPEC's JSON shape and exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from game.cli import main

MUG = str(Path(__file__).parent / "data" / "runtime-mug.yaml")
TURN_KEYS = {
    "node",
    "customer",
    "emotion",
    "reply",
    "branch",
    "confidence",
    "tags",
    "empathy_delta",
    "composure_delta",
    "mood",
    "feedback",
}


def run_json(tmp_path: Path, capsys: pytest.CaptureFixture[str], replies: str) -> dict[str, object]:
    file = tmp_path / "replies.txt"
    file.write_text(replies, encoding="utf-8")
    assert main(["run", MUG, "--replies", str(file), "--json"]) == 0
    out = capsys.readouterr().out
    payload: dict[str, object] = json.loads(out)
    return payload


def test_run_json_has_the_spec_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = run_json(
        tmp_path, capsys, "I'm so sorry it's chipped, how disappointing\nI'll refund you now\n"
    )
    assert set(payload) >= {"scenario", "outcome", "success", "turns", "scores", "passed"}
    assert payload["scenario"] == "runtime-mug"
    assert payload["outcome"] == "resolved" and payload["success"] is True
    turns = payload["turns"]
    assert isinstance(turns, list) and len(turns) == 2
    for turn in turns:
        assert set(turn) >= TURN_KEYS
        assert isinstance(turn["empathy_delta"], int) and isinstance(turn["composure_delta"], int)
        assert set(turn["mood"]) == {"anger", "trust"}
    assert turns[0]["customer"].startswith("I bought this mug")
    scores = payload["scores"]
    assert isinstance(scores, dict)
    for key in ("empathy", "composure", "overall"):
        assert isinstance(scores[key], int) and 0 <= scores[key] <= 100


def test_an_empty_line_is_silence_and_running_out_is_unfinished(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = run_json(tmp_path, capsys, "\n")
    assert payload["outcome"] == "unfinished" and payload["success"] is False
    turns = payload["turns"]
    assert isinstance(turns, list)
    assert [(t["reply"], t["branch"]) for t in turns] == [("", None)]


def test_the_same_run_gives_the_same_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replies = "hmm\nsorry about that, let me swap it\nrules are rules\n\nfine I'll refund you\n"
    assert run_json(tmp_path, capsys, replies) == run_json(tmp_path, capsys, replies)


def test_run_without_json_prints_a_readable_debrief(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "replies.txt"
    file.write_text("Did you drop it?\n", encoding="utf-8")
    assert main(["run", MUG, "--replies", str(file)]) == 0
    out = capsys.readouterr().out
    assert "Debrief" in out and "Did you drop it?" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "no-such-scenario", "--replies", MUG], "no-such-scenario"),
        (["run", MUG, "--replies", "/nonexistent/replies.txt"], "cannot read"),
    ],
)
def test_bad_input_exits_1_with_a_clear_message(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_replies_file_that_is_not_utf8_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "replies.txt"
    file.write_bytes(b"\xff\xfe\x00bad")
    assert main(["run", MUG, "--replies", str(file)]) == 1
    assert "not UTF-8" in capsys.readouterr().err


def test_usage_errors_exit_2() -> None:
    with pytest.raises(SystemExit) as raised:
        main(["run", MUG])  # --replies missing
    assert raised.value.code == 2


def test_terminal_play_takes_numbers_and_typed_replies_then_shows_the_debrief(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # :k shows the knowledge panel; a typed reply, then suggestion numbers until the end.
    monkeypatch.setattr("sys.stdin", io.StringIO(":k\nI'm so sorry, that's really disappointing\n1\n1\n1\n"))
    assert main(["play", MUG, "--text", "--json"]) == 0
    out = capsys.readouterr().out
    assert "I bought this mug yesterday" in out
    assert "Damaged items are replaced or refunded" in out
    assert "Debrief" in out
    payload = json.loads(out.strip().splitlines()[-1])
    assert payload["turns"][0]["branch"] == "empathise"


def test_terminal_play_quits_cleanly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(":q\n"))
    assert main(["play", MUG, "--text"]) == 0
    assert "Unfinished" in capsys.readouterr().out


def test_a_trainees_runs_are_recorded_with_notes_kept_off_the_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from game.progress import ProgressStore

    monkeypatch.setenv("EMPATHY_TRAINER_HOME", str(tmp_path / "home"))
    replies = tmp_path / "replies.txt"
    replies.write_text(
        "I'm so sorry it's chipped, how disappointing\nI'll refund you now\n", encoding="utf-8"
    )
    assert main(["run", MUG, "--replies", str(replies), "--json", "--trainee", "Robin"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["outcome"] == "resolved"  # stdout is still one JSON object
    assert "report --trainee" in captured.err  # the link to the trainee's history

    monkeypatch.setattr("sys.stdin", io.StringIO("1\n1\n1\n1\n"))
    assert main(["play", MUG, "--text", "--assessment", "--trainee", "Robin"]) == 0
    with ProgressStore(tmp_path / "home" / "progress.sqlite3") as store:
        sessions = store.sessions("Robin")
    assert [s.mode for s in sessions] == ["practice", "assessment"]
    assert sessions[0].outcome == "resolved"
