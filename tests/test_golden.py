"""Golden transcripts: scripted trainee replies played through the real CLI, compared in full.

Layout (see tests/golden/README.md)::

    tests/golden/<scenario-id>/<name>.replies   one trainee reply per line, an empty line = silence
    tests/golden/<scenario-id>/<name>.json      the expected `run --json` output
    tests/golden/<scenario-id>/plans.yaml       the author's intent: outcome and branch per reply

Two checks per file:

1. intent: the branch each reply landed on and the outcome are the ones in ``plans.yaml``
   (``null`` = the ``otherwise`` path). This holds even after regenerating, so a matcher or
   scenario change that breaks the author's intent fails loudly.
2. golden: the full JSON equals the stored one. Regenerate with ``UPDATE_GOLDEN=1 pytest
   tests/test_golden.py`` and READ the diff before committing it.

The JSON depends on the reply analyser; it was recorded with the one named in
``tests/golden/ANALYZER``. On a machine whose default analyser differs, both checks are skipped.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
DIALOGUE = ROOT / "dialogue"
ANALYZER_FILE = GOLDEN / "ANALYZER"
UPDATE = os.environ.get("UPDATE_GOLDEN", "") not in ("", "0")


def _cases() -> list[Any]:
    cases = []
    for replies in sorted(GOLDEN.glob("*/*.replies")):
        scenario_id = replies.parent.name
        cases.append(pytest.param(scenario_id, replies, id=f"{scenario_id}/{replies.stem}"))
    return cases


def _analyzer_name() -> str:
    from game.understanding.default import default_analyzer

    return str(default_analyzer().name)


def _run(scenario: Path, replies: Path) -> tuple[int, dict[str, Any]]:
    from game.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["run", str(scenario), "--replies", str(replies), "--json"])
    assert code == 0, f"run exited {code}: {err.getvalue()}"
    return code, json.loads(out.getvalue())


def _plan(scenario_id: str, name: str) -> dict[str, Any]:
    path = GOLDEN / scenario_id / "plans.yaml"
    assert path.exists(), f"{path} is missing: every golden needs its intended outcome and branches"
    plans = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    assert name in plans, f"{path} has no plan for {name!r}"
    plan: dict[str, Any] = plans[name]
    return plan


def _path_summary(result: dict[str, Any]) -> list[str]:
    lines = [f"outcome: {result.get('outcome')}"]
    for i, turn in enumerate(result.get("turns", []), 1):
        lines.append(
            f"{i}. {turn.get('node')} -> {turn.get('branch')} "
            f"(conf {turn.get('confidence')}, mood {turn.get('mood')}) <- {turn.get('reply')!r}"
        )
    return lines


def _pretty(data: Any) -> list[str]:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False).splitlines()


def _diff_message(expected: dict[str, Any], actual: dict[str, Any]) -> str:
    parts = ["golden transcript differs (UPDATE_GOLDEN=1 regenerates; read the diff first)"]
    summary = list(
        difflib.unified_diff(
            _path_summary(expected), _path_summary(actual), "expected path", "actual path", lineterm="", n=0
        )
    )
    if summary:
        parts.append("-- node / branch / outcome --")
        parts.extend(summary)
    parts.append("-- full JSON --")
    parts.extend(
        list(
            difflib.unified_diff(_pretty(expected), _pretty(actual), "expected", "actual", lineterm="", n=2)
        )[:200]
    )
    return "\n".join(parts)


@pytest.fixture(scope="module")
def analyzer_name() -> str:
    name = _analyzer_name()
    if UPDATE:
        ANALYZER_FILE.write_text(name + "\n", encoding="utf-8")
        return name
    recorded = ANALYZER_FILE.read_text(encoding="utf-8").strip() if ANALYZER_FILE.exists() else None
    if recorded != name:
        pytest.skip(f"goldens were recorded with analyser {recorded!r}; this machine uses {name!r}")
    return name


@pytest.mark.parametrize(("scenario_id", "replies"), _cases())
def test_golden(scenario_id: str, replies: Path, analyzer_name: str) -> None:
    scenario = DIALOGUE / f"{scenario_id}.yaml"
    assert scenario.exists(), f"golden folder {scenario_id} has no scenario {scenario}"
    _, actual = _run(scenario, replies)

    expected_path = replies.with_suffix(".json")
    if UPDATE:
        expected_path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    else:
        assert expected_path.exists(), f"{expected_path} missing: run with UPDATE_GOLDEN=1"
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        assert expected == actual, _diff_message(expected, actual)

    # The author's intent, checked on the actual run (so regenerating cannot hide a broken path).
    plan = _plan(scenario_id, replies.stem)
    got_branches = [turn["branch"] for turn in actual["turns"]]
    assert got_branches == list(plan["branches"]) and actual["outcome"] == plan["outcome"], (
        f"intent of {scenario_id}/{replies.stem} broken:\n"
        f"  planned: {plan['outcome']} via {list(plan['branches'])}\n"
        f"  actual:  {actual['outcome']} via {got_branches}\n" + "\n".join(_path_summary(actual))
    )


def test_every_scenario_has_goldens() -> None:
    """Each scenario in dialogue/ has at least two golden runs (a best and a poor path)."""
    missing = []
    for path in sorted(DIALOGUE.glob("*.yaml")):
        if path.name == "campaign.yaml":
            continue
        if len(list((GOLDEN / path.stem).glob("*.replies"))) < 2:
            missing.append(path.stem)
    assert not missing, f"scenarios without golden transcripts: {missing}"


def test_plans_name_existing_replies() -> None:
    """plans.yaml entries and .replies files match one to one, and plans have a branch per reply."""
    for plans_path in sorted(GOLDEN.glob("*/plans.yaml")):
        plans = yaml.safe_load(plans_path.read_text(encoding="utf-8")) or {}
        files = {p.stem for p in plans_path.parent.glob("*.replies")}
        assert set(plans) == files, f"{plans_path}: plans {sorted(plans)} vs files {sorted(files)}"
        for name, plan in plans.items():
            lines = (plans_path.parent / f"{name}.replies").read_text(encoding="utf-8").split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            assert len(plan["branches"]) <= len(lines), f"{plans_path}:{name}: more branches than replies"


def _probe_cases() -> list[Any]:
    path = GOLDEN / "probes.yaml"
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    cases = []
    for scenario_id, nodes in data.items():
        for node_id, probes in nodes.items():
            for i, probe in enumerate(probes):
                cases.append(
                    pytest.param(
                        scenario_id,
                        node_id,
                        probe["branch"],
                        probe["reply"],
                        id=f"{scenario_id}/{node_id}/{probe['branch']}/{i}",
                    )
                )
    return cases


@pytest.mark.parametrize(("scenario_id", "node_id", "branch", "reply"), _probe_cases())
def test_probe(scenario_id: str, node_id: str, branch: str, reply: str, analyzer_name: str) -> None:
    """An unseen trainee phrasing lands on the branch it means (top guess, not rejected)."""
    from game.loader import load_scenario
    from game.understanding.base import BranchOption
    from game.understanding.default import default_analyzer

    result = load_scenario(DIALOGUE / f"{scenario_id}.yaml")
    assert result.scenario is not None, [str(f) for f in result.findings]
    node = result.scenario.node(node_id)
    options = [BranchOption(r.id, r.example_texts) for r in node.replies if r.when is None or r.id == branch]
    assert branch in [o.id for o in options], f"{scenario_id}.{node_id} has no branch {branch!r}"
    context = " ".join(line.text for line in node.say)
    match = default_analyzer().match(reply, options, context)
    assert match.best == branch and match.zone != "reject", (
        f"{scenario_id}.{node_id}: {reply!r} meant {branch!r}, got {match.best!r} ({match.zone}); "
        f"ranking {match.ranking}"
    )
