"""The validator on the corpus: every invalid file yields exactly its announced finding, by API and CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from game.cli import main
from game.model import Pos
from game.validate import token_similarity, validate_paths, validate_scenario_file

CORPUS = Path(__file__).parent / "corpus"
VALID = sorted((CORPUS / "valid").glob("*.yaml"))
INVALID = sorted((CORPUS / "invalid").glob("*.yaml"))
DIALOGUE = Path(__file__).parent.parent / "dialogue"
EXPECT = re.compile(rb"# expect: (DLG\d{3}) (\d+):(\d+)")


def expected_finding(path: Path) -> tuple[str, int, int]:
    match = EXPECT.match(path.read_bytes())
    assert match, f"{path.name} has no '# expect: CODE line:col' header"
    return match.group(1).decode(), int(match.group(2)), int(match.group(3))


def test_the_corpus_has_a_file_for_every_code() -> None:
    codes = {path.name[:6] for path in INVALID}
    assert codes == {f"DLG{n:03d}" for n in range(1, 11)}


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_corpus_files_have_no_findings(path: Path) -> None:
    assert [str(f) for f in validate_scenario_file(path)] == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_each_invalid_file_yields_exactly_its_announced_finding(path: Path) -> None:
    code, line, col = expected_finding(path)
    findings = validate_scenario_file(path)
    assert [(f.code, f.pos.line, f.pos.col) for f in findings] == [(code, line, col)], [
        str(f) for f in findings
    ]
    assert findings[0].pos.path == str(path)
    assert findings[0].severity == ("warning" if code in ("DLG008", "DLG009") else "error")


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_the_cli_prints_the_finding_and_exits_by_severity(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, line, col = expected_finding(path)
    status = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert out.startswith(f"{path}:{line}:{col}: ")
    assert f" {code} " in out
    assert "Traceback" not in out + err
    assert status == (0 if code in ("DLG008", "DLG009") else 1)
    assert err.strip().startswith("1 file, ")


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        (
            "deep-lists.yaml",
            b"format: 1\nnodes: " + b"[" * 10_000 + b"]" * 10_000,
            "nested more than",
        ),
        (
            "deep-maps.yaml",
            b"format: 1\n" + b"".join(b" " * i + b"k:\n" for i in range(500)) + b" " * 500 + b"v: 1\n",
            "nested more than",
        ),
        ("huge.yaml", b"format: 1\nbrief: " + b"x" * 2_000_000 + b"\n", "larger than"),
        ("empty.yaml", b"", "empty file"),
        ("list.yaml", b"- format: 1\n", "top level must be a mapping"),
        ("huge-int.yaml", b"format: 1\nlevel: " + b"9" * 5000 + b"\n", "cannot read the value"),
    ],
    ids=["deep-lists", "deep-maps", "huge", "empty", "list", "huge-int"],
)
def test_generated_hostile_files_are_refused_with_a_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, words: str
) -> None:
    path = _write(tmp_path, name, data)
    findings = validate_scenario_file(path)
    assert len(findings) == 1 and findings[0].is_error and words in findings[0].message, [
        str(f) for f in findings
    ]
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err


def test_a_folder_is_validated_file_by_file_and_non_scenarios_are_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = (CORPUS / "valid" / "minimal.yaml").read_bytes()
    _write(tmp_path, "a.yaml", good)
    _write(tmp_path, "b.yml", good)  # same id in the same folder
    _write(tmp_path, "campaign.yaml", b"campaign: Basics\nlevels: [a, b]\n")
    _write(tmp_path, "notes.txt", b"not yaml at all: [")
    _write(tmp_path, "broken.yaml", b"format: 1\nid: [\n")
    findings = validate_paths([tmp_path])
    assert [(Path(f.pos.path).name, f.code) for f in findings] == [
        ("b.yml", "DLG002"),
        ("broken.yaml", "DLG010"),
    ]
    assert "also used by" in findings[0].message
    assert main(["validate", str(tmp_path)]) == 1
    _, err = capsys.readouterr()
    assert err.strip() == "3 files, 2 errors, 0 warnings"


def test_json_output_lists_finding_objects(capsys: pytest.CaptureFixture[str]) -> None:
    path = CORPUS / "invalid" / "DLG003-missing-node.yaml"
    assert main(["validate", "--json", str(path)]) == 1
    out, _ = capsys.readouterr()
    [finding] = json.loads(out)
    assert finding == {
        "path": str(path),
        "line": 26,
        "col": 15,
        "severity": "error",
        "code": "DLG003",
        "message": "next of reply 'empathise' refers to missing node 'thank' (did you mean 'thanks'?)",
    }


def test_a_missing_path_is_a_finding_not_a_crash(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no/such/place.yaml"]) == 1
    out, _ = capsys.readouterr()
    assert out.strip() == "no/such/place.yaml:1:1: error DLG010 no such file or folder"


def test_the_shipped_dialogue_folder_is_clean() -> None:
    errors = [str(f) for f in validate_paths([DIALOGUE]) if f.is_error]
    assert errors == []


def test_findings_print_in_the_spec_format_and_sort_by_position() -> None:
    findings = validate_paths(sorted(INVALID))
    assert findings == sorted(findings)
    pattern = re.compile(r"^\S+:\d+:\d+: (error|warning) DLG\d{3} \S.*$")
    assert all(pattern.match(str(f)) for f in findings)
    assert Pos("a.yaml", 2, 1) < Pos("a.yaml", 10, 1)


def test_similarity_sees_wording_not_punctuation() -> None:
    assert token_similarity("I'm SO sorry!", "im so sorry") == 1.0
    assert token_similarity("I can refund you today", "Our policy says no refunds") < 0.3


def test_a_semantic_similarity_can_be_plugged_in() -> None:
    from game.loader import build_draft
    from game.validate import check_scenario

    draft, findings = build_draft((CORPUS / "valid" / "minimal.yaml").read_bytes(), "minimal.yaml")
    assert draft is not None and findings == []
    everything_alike = check_scenario(draft, similarity=lambda a, b: 1.0)
    assert {f.code for f in everything_alike} == {"DLG008"}


def test_semantic_near_duplicates_are_found_by_meaning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (CORPUS / "valid" / "minimal.yaml").read_text()
    paraphrase = text.replace(
        "- Nothing I can do about couriers", "- Apologies that it's late, that is truly frustrating"
    )
    path = tmp_path / "paraphrase.yaml"
    path.write_text(paraphrase)
    assert [f.code for f in validate_scenario_file(path)] == []  # few shared words: not caught by overlap
    assert main(["validate", "--semantic", str(path)]) == 0
    out, _ = capsys.readouterr()
    assert " warning DLG008 " in out and ":29:13:" in out and "(line 21)" in out


GUIDE = DIALOGUE / "README.md"


def test_the_authoring_guide_example_is_a_clean_scenario() -> None:
    from game.loader import load_scenario_text

    guide = GUIDE.read_text(encoding="utf-8")
    example = guide.split("```yaml\n", 1)[1].split("```", 1)[0]
    result = load_scenario_text(example, "guide-example.yaml")
    assert [str(f) for f in result.findings] == []
    assert result.scenario is not None and set(result.scenario.end_outcomes) == {"escalated", "resolved"}


def test_the_authoring_guide_documents_every_code() -> None:
    from game.findings import CODES

    guide = GUIDE.read_text(encoding="utf-8")
    for code in CODES:
        assert f"### {code}: " in guide


def test_a_named_campaign_file_is_skipped_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    campaign = _write(tmp_path, "campaign.yaml", b"campaign_format: 1\nlevels: []\n")
    assert main(["validate", str(campaign), str(CORPUS / "valid" / "minimal.yaml")]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert f"note: skipped {campaign}: not a scenario" in err and err.strip().endswith(
        "1 file, 0 errors, 0 warnings"
    )
