"""The campaign file: schema checks with positions, semantic checks, and a trainee's standing."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from test_progress_support import result_with

from game.campaign import SCHEMA_PATH, load_campaign, load_campaign_text, status
from game.clock import FakeClock
from game.paths import DIALOGUE_DIR
from game.progress import ProgressStore
from game.progress.library import load_library

LIBRARY = {"q1": 1, "q2": 1, "m1": 2, "m2": 2, "m3": 2, "u1": 3, "u2": 3, "a1": 4}
MINIMAL = """\
campaign_format: 1
title: Test campaign
levels:
  - level: 1
    title: Easy
    scenarios: {all_of_level: 1}
    pass: {empathy: 40, composure: 70}
  - level: 2
    title: Harder
    scenarios: [m1, m2, m3]
    pass: {empathy: 50, composure: 75, scenarios: 2}
    unlock: {after_levels: [1]}
assessment:
  title: Final
  scenarios: [u1, u2]
  pass: {empathy: 60, composure: 80, scenarios: all}
  unlock: {after_levels: [2]}
  certificate: {title: Certified}
"""


def test_the_shipped_campaign_matches_its_schema_and_loads() -> None:
    path = DIALOGUE_DIR / "campaign.yaml"
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    library = load_library().levels  # the real scenario library under dialogue/
    loaded = load_campaign(path, library)
    assert loaded.campaign is not None, [str(f) for f in loaded.findings]
    assert all(f.severity == "warning" for f in loaded.findings)
    assert [lv.level for lv in loaded.campaign.levels] == [1, 2, 3, 4, 5]
    assert loaded.campaign.assessment is not None


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ("    pass: {empathy: 40, composure: 70}", "    pass: {empathy: 40, composure: 70, colour: red}"),
            "test.yaml:7:5: error CMP001 levels/0/pass: Additional properties are not allowed",
        ),
        (
            ("    pass: {empathy: 40, composure: 70}", "    pass: {empathy: 140, composure: 70}"),
            "test.yaml:7:12: error CMP001 levels/0/pass/empathy: 140 is greater than the maximum of 100",
        ),
        (("  - level: 1\n", "  - level: 7\n"), "test.yaml:4:5: error CMP001 levels/0/level: 7 is greater"),
        (
            ("campaign_format: 1", "campaign_format: 2"),
            "test.yaml:1:1: error CMP001 campaign_format: 1 was expected",
        ),
        (
            ("scenarios: [m1, m2, m3]", "scenarios: [m1, nope, m3]"),
            "test.yaml:10:21: error CMP003 scenario 'nope' is not in the scenario library",
        ),
        (
            ("unlock: {after_levels: [1]}", "unlock: {after_levels: [4]}"),
            "test.yaml:12:29: error CMP005 level 2 unlocks after level 4, which is not defined",
        ),
        (
            ("scenarios: [m1, m2, m3]", "scenarios: [m1, u1, m3]"),
            "test.yaml:10:21: warning CMP006 scenario 'u1' is level 3, listed in level 2",
        ),
        (
            ("    pass: {empathy: 40", "    unlock: {after_levels: [2]}\n    pass: {empathy: 40"),
            "error CMP005 levels unlock each other in a cycle: [1, 2, 1]",
        ),
        (
            ("title: Test campaign", "title: [unclosed"),
            "test.yaml:2:8: error CMP000 YAML syntax: while parsing a flow sequence",
        ),
        (("  - level: 2", "  - level: 1"), "test.yaml:8:5: error CMP002 level 1 is defined twice"),
        (
            ("title: Test campaign", "title: Test campaign\ntitle: Again"),
            "test.yaml:3:1: error CMP001 duplicate key",
        ),
    ],
)
def test_problems_are_reported_with_their_position(edit: tuple[str, str], expected: str) -> None:
    old, new = edit
    assert old in MINIMAL
    loaded = load_campaign_text(MINIMAL.replace(old, new, 1), "test.yaml", LIBRARY)
    found = [str(f) for f in loaded.findings]
    assert any(expected in line for line in found), found
    if " error " in expected:
        assert loaded.campaign is None


def test_hostile_or_unreadable_files_are_findings_not_tracebacks(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    assert "CMP000" in str(load_campaign_text(bomb, "bomb.yaml").findings[0])
    assert "!!python" not in str(load_campaign_text("a: !!python/object:os.system x", "x.yaml").findings)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title: caf\xe9".encode("latin-1"))
    assert "not UTF-8" in str(load_campaign(latin).findings[0])
    assert "cannot read" in str(load_campaign(tmp_path / "missing.yaml").findings[0])
    assert "CMP001" in str(load_campaign_text("", "empty.yaml").findings[0])


def test_levels_unlock_and_pass_by_the_thresholds_and_the_assessment_certifies(tmp_path: Path) -> None:
    loaded = load_campaign_text(MINIMAL, "test.yaml", LIBRARY)
    assert loaded.campaign is not None
    campaign = loaded.campaign
    clock = FakeClock(1_760_000_000.0)
    with ProgressStore(tmp_path / "p.sqlite3", clock=clock) as store:

        def play(sid: str, **kwargs: object) -> None:
            clock.advance(600)
            mode = kwargs.pop("mode", None)
            store.record("Ana", result_with(sid, ["apology"], **kwargs), mode=mode)  # type: ignore[arg-type]

        standing = status(campaign, [], LIBRARY)
        assert [(lv.unlocked, lv.passed) for lv in standing.levels] == [(True, False), (False, False)]
        assert standing.current_level == 1 and standing.unlocked_scenarios == {"q1", "q2"}
        assert standing.levels[1].locked_reason == "pass level 1 first"

        play("q1", empathy=30)  # below the empathy threshold
        play("q2", outcome="escalated")  # not resolved
        assert status(campaign, store.sessions("Ana"), LIBRARY).levels_passed == []
        play("q2", empathy=45, composure=70)
        standing = status(campaign, store.sessions("Ana"), LIBRARY)
        assert standing.levels_passed == [1] and standing.current_level == 2
        assert standing.unlocked_scenarios == {"q1", "q2", "m1", "m2", "m3"}

        play("m1")
        play("m1")  # the same scenario twice is still one scenario
        assert status(campaign, store.sessions("Ana"), LIBRARY).levels_passed == [1]
        play("m3")
        standing = status(campaign, store.sessions("Ana"), LIBRARY)
        assert standing.levels_passed == [1, 2]
        assert standing.levels[1].passed_scenarios == ("m1", "m3")
        assessment = standing.assessment
        assert assessment is not None and assessment.unlocked and not assessment.certified

        play("u1", empathy=90, composure=90)  # practice mode does not count for the assessment
        play("u1", empathy=65, composure=85, mode="assessment")
        play("u2", empathy=55, composure=90, mode="assessment")
        assessment = status(campaign, store.sessions("Ana"), LIBRARY).assessment
        assert assessment is not None
        assert [(i.scenario, i.attempts, i.passed) for i in assessment.items] == [
            ("u1", 1, True),
            ("u2", 1, False),
        ]
        assert not assessment.certified
        play("u2", empathy=70, composure=90, mode="assessment")
        assessment = status(campaign, store.sessions("Ana"), LIBRARY).assessment
        assert assessment is not None and assessment.certified
        assert assessment.certified_at == clock.now()


def test_a_level_with_no_scenarios_yet_does_not_block_the_next(tmp_path: Path) -> None:
    library = {"q1": 1, "u1": 3, "u2": 3}  # nothing of level 2 in the library yet
    text = MINIMAL.replace("scenarios: [m1, m2, m3]", "scenarios: {all_of_level: 2}")
    loaded = load_campaign_text(text, "test.yaml", library)
    assert loaded.campaign is not None
    assert any(f.code == "CMP004" for f in loaded.findings)
    with ProgressStore(tmp_path / "p.sqlite3", clock=FakeClock(1_760_000_000.0)) as store:
        standing = status(loaded.campaign, store.sessions("Ana"), library)
        assert standing.assessment is not None and not standing.assessment.unlocked
        store.record("Ana", result_with("q1", ["apology"]))
        standing = status(loaded.campaign, store.sessions("Ana"), library)
    assert standing.levels_passed == [1]  # level 2 is not "passed" ...
    assert standing.levels[1].unlocked and not standing.levels[1].passed
    assert standing.assessment is not None and standing.assessment.unlocked  # ... but it does not block
    assert standing.current_level == 2  # every level with scenarios passed: the highest level
