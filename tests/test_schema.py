"""The JSON Schema (for editors) and the loader agree on what a valid scenario is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).parent.parent
SCHEMA = json.loads((ROOT / "game" / "scenario.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
CORPUS = Path(__file__).parent / "corpus"

# These need the scenario's declared variables, which a JSON Schema cannot look up.
LOADER_ONLY = {"DLG001-set-undeclared.yaml", "DLG001-set-wrong-type.yaml", "DLG001-comment-only.yaml"}


def scenario_files() -> list[Path]:
    files = sorted((CORPUS / "valid").glob("*.yaml")) + sorted((ROOT / "dialogue").glob("*.y*ml"))
    files += sorted((Path(__file__).parent / "judge" / "valid").glob("*.yaml"))
    return [p for p in files if "format" in (yaml.safe_load(p.read_text(encoding="utf-8")) or {})]


def test_the_schema_is_a_valid_draft_2020_12_schema_with_docs() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    node = SCHEMA["$defs"]["node"]["properties"]
    assert all("description" in spec or "$ref" in spec for spec in node.values())


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: p.name)
def test_valid_corpus_and_shipped_scenarios_pass_the_schema(path: Path) -> None:
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in VALIDATOR.iter_errors(yaml.safe_load(path.read_text()))
    ]
    assert errors == []


JUDGE_INVALID = Path(__file__).parent / "judge" / "invalid"


@pytest.mark.parametrize(
    "path",
    sorted(
        p
        for p in [*(CORPUS / "invalid").glob("DLG001-*.yaml"), *JUDGE_INVALID.glob("DLG001-*.yaml")]
        if p.name not in LOADER_ONLY
    ),
    ids=lambda p: f"{p.parent.parent.name}/{p.name}",
)
def test_schema_errors_of_the_corpus_are_rejected_by_the_schema_too(path: Path) -> None:
    document: Any = yaml.safe_load(path.read_text())
    assert not VALIDATOR.is_valid(document)


def _mutations() -> list[tuple[str, str, str]]:
    return [
        ("level: 4", "level: 6", "level out of range"),
        ("channel: phone", "channel: radio", "unknown channel"),
        ("walk_out_at: 95", "walk_out_at: 0", "walk_out_at too low"),
        ("hair: bun", "hair: bun, hat: red", "unknown appearance key"),
        ("rate: 1.1", "rate: fast", "rate not a number"),
        ("    coach: Name", "    coachh: Name", "misspelt extension"),
        ("end: escalated", "end: Escalated Badly", "outcome pattern"),
        ("- {goto: opening}", "- {go: opening}", "goto missing"),
        ("tags: [ownership]", "tags: [kindness]", "unknown tag"),
        (
            "mood: {anger: 10}\n  still_upset",
            "mood: {anger: 10}\n    coach: x\n  still_upset",
            "harmless: still valid",
        ),
    ]


@pytest.mark.parametrize(("old", "new", "why"), _mutations(), ids=[m[2] for m in _mutations()])
def test_schema_and_loader_agree_on_mutations(old: str, new: str, why: str) -> None:
    from game.loader import load_scenario_text

    text = (CORPUS / "valid" / "every-feature.yaml").read_text()
    assert old in text
    mutated = text.replace(old, new, 1)
    loaded = load_scenario_text(mutated, "mutated.yaml")
    schema_ok = VALIDATOR.is_valid(yaml.safe_load(mutated))
    assert schema_ok == (loaded.scenario is not None), [str(f) for f in loaded.findings]
    assert schema_ok == why.startswith("harmless")


def test_the_authoring_guide_example_passes_the_schema() -> None:
    guide = (ROOT / "dialogue" / "README.md").read_text(encoding="utf-8")
    example = yaml.safe_load(guide.split("```yaml\n", 1)[1].split("```", 1)[0])
    assert [e.message for e in VALIDATOR.iter_errors(example)] == []
