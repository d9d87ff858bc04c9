"""Shadowing ("watch an expert"): the strongest path to `resolved` through the real runtime."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.loader import load_all, load_scenario
from game.model import COMPOSURE_TAGS, EMPATHY_TAGS, Scenario
from game.paths import DIALOGUE_DIR, PROJECT_ROOT
from game.runtime import AwaitingReply, Conversation, Ended
from game.shadowing import AuthoredTagsAnalyzer, NoExpertPath, best_path, expert_path

TRAP = """\
format: 1
id: trap
title: The tempting trap
level: 3
setting: retail_counter
channel: in_person
brief: The most empathic first reply leads somewhere that cannot end well.
customer:
  name: Pat Doe
  mood: {anger: 60, trust: 20}
  walk_out_at: 95
variables: {promised: false}
start: opening
nodes:
  opening:
    say: This is the third time I've come back about this.
    emotion: angry
    replies:
      - id: gush
        examples: [I'm so sorry that must be so frustrating, anyone would be upset, I'll sort it and call]
        tags: [apology, acknowledge_emotion, validation, ownership, next_step]
        mood: {anger: -5}
        set: {promised: true}
        next: dead_end
      - id: steady
        examples: [I'm sorry you've had to come back three times, Three visits is too many, I'm sorry]
        tags: [apology, paraphrase]
        mood: {anger: -15, trust: 20}
        next: middle
      - id: snap
        examples: [Well you should have read the manual, Not my problem really]
        tags: [blame, dismissive]
        mood: {anger: 30}
        next: middle
  dead_end:
    say: You always say that.
    emotion: angry
    next: [{goto: gone}]
  gone:
    say: I'm leaving.
    emotion: angry
    end: walked_out
  middle:
    say: So what will you do?
    emotion: frustrated
    replies:
      - id: vip
        when: trust >= 90
        examples: [I'll upgrade you to our premium plan for free, Have the premium plan on us]
        tags: [ownership, next_step, validation, apology]
        next: done
      - id: fix
        examples: [I'll replace it today and text you when it's ready, A new one will be ready by five today]
        tags: [ownership, next_step]
        mood: {anger: -20}
        next: done
      - id: shrug
        examples: [There's nothing more I can do, That's just how it is]
        tags: [dismissive]
        next: gone
  done:
    say: Thank you, finally.
    emotion: relieved
    end: resolved
"""


def load(text: str, tmp_path: Path) -> Scenario:
    path = tmp_path / "trap.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_scenario(path)
    assert loaded.scenario is not None, [str(f) for f in loaded.findings]
    return loaded.scenario


def test_the_expert_backs_off_a_tempting_branch_that_cannot_resolve_and_honours_conditions(
    tmp_path: Path,
) -> None:
    scenario = load(TRAP, tmp_path)
    assert best_path(scenario) == [
        (
            "opening",
            "This is the third time I've come back about this.",
            "I'm sorry you've had to come back three times",
        ),
        ("middle", "So what will you do?", "I'll replace it today and text you when it's ready"),
    ]  # not "gush" (walks out), not "vip" (trust stays below 90)
    path = expert_path(scenario)
    assert path.resolved and path.closing == "Thank you, finally."


def test_no_resolvable_path_is_a_clear_error(tmp_path: Path) -> None:
    scenario = load(TRAP.replace("    end: resolved", "    end: escalated"), tmp_path)
    with pytest.raises(NoExpertPath, match="no line of play"):
        expert_path(scenario)


def shipped() -> list[Scenario]:
    return [r.scenario for r in load_all(DIALOGUE_DIR) if r.scenario is not None]


@pytest.mark.parametrize("scenario", shipped(), ids=lambda s: s.id)
def test_every_shipped_scenario_has_an_exemplary_expert_path(scenario: Scenario) -> None:
    path = expert_path(scenario)
    assert path.resolved and path.steps
    analyzer = AuthoredTagsAnalyzer(scenario)
    conversation = Conversation(scenario, analyzer)
    for step in path.steps:
        assert not set(step.tags) & set(COMPOSURE_TAGS), step  # an expert never slips
        event = conversation.next_event()
        while not isinstance(event, AwaitingReply):
            assert not isinstance(event, Ended)
            event = conversation.next_event()
        assert event.node == step.node
        # The branch is one the runtime really offers at that moment (conditions honoured).
        enabled = {r.id: r for r in conversation.enabled_replies()}
        assert step.branch in enabled
        conversation.answer(step.reply, branch=step.branch)
    while not isinstance(conversation.next_event(), Ended):
        pass
    result = conversation.result()
    assert result.outcome == "resolved"
    shown = {t for s in path.steps for t in s.tags}
    assert len(shown & set(EMPATHY_TAGS)) >= 3


def test_campaign_watch_prints_the_path(tmp_path: Path) -> None:
    scenario_file = tmp_path / "trap.yaml"
    scenario_file.write_text(TRAP, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "main.py", "campaign", "watch", str(scenario_file), "--json"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [s["branch"] for s in data["steps"]] == ["steady", "fix"] and data["outcome"] == "resolved"
    text = subprocess.run(
        [sys.executable, "main.py", "campaign", "watch", str(scenario_file)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Expert: I'm sorry you've had to come back three times" in text.stdout
    assert "Pat: Thank you, finally." in text.stdout
    missing = subprocess.run(
        [sys.executable, "main.py", "campaign", "watch", "no-such-scenario"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (
        missing.returncode == 1
        and "no scenario with id" in missing.stderr
        and "Traceback" not in missing.stderr
    )
