"""Trainer insight across trainees: where conversations go wrong, missing behaviours, bad replies."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from game.model import COMPOSURE_TAGS
from game.progress.store import SessionRecord

ANGER_RISE = 5
"""A reply after which anger rose by this much or more went badly."""


def _anger(mood: Any) -> int | None:
    if isinstance(mood, dict) and isinstance(mood.get("anger"), int):
        return int(mood["anger"])
    return None


def anger_change(turn: dict[str, Any]) -> int:
    before, after = _anger(turn.get("mood_before")), _anger(turn.get("mood"))
    return after - before if before is not None and after is not None else 0


def breaches(turn: dict[str, Any]) -> list[str]:
    tags = turn.get("tags")
    return [t for t in tags if t in COMPOSURE_TAGS] if isinstance(tags, list) else []


def went_badly(turn: dict[str, Any]) -> bool:
    """A breach, a reply nothing matched (the customer's ``otherwise``), or a clear rise in anger."""
    return bool(breaches(turn)) or turn.get("branch") is None or anger_change(turn) >= ANGER_RISE


@dataclass
class NodeTrouble:
    scenario: str
    node: str
    visits: int = 0
    troubled: int = 0
    breaches: int = 0
    unmatched: int = 0
    anger_rise: int = 0
    customer: str = ""
    trainees: set[str] = field(default_factory=set)

    @property
    def rate(self) -> float:
        return self.troubled / self.visits if self.visits else 0.0


def trouble_nodes(sessions: Sequence[SessionRecord], *, limit: int = 10) -> list[NodeTrouble]:
    table: dict[tuple[str, str], NodeTrouble] = {}
    for session in sessions:
        for turn in session.turns:
            node = str(turn.get("node", "?"))
            entry = table.setdefault((session.scenario, node), NodeTrouble(session.scenario, node))
            entry.visits += 1
            if not entry.customer and isinstance(turn.get("customer"), str):
                entry.customer = turn["customer"]
            if went_badly(turn):
                entry.troubled += 1
                entry.trainees.add(session.trainee)
            entry.breaches += bool(breaches(turn))
            entry.unmatched += turn.get("branch") is None
            entry.anger_rise += max(0, anger_change(turn))
    ranked = [t for t in table.values() if t.troubled]
    ranked.sort(key=lambda t: (-t.troubled, -t.rate, t.scenario, t.node))
    return ranked[:limit]


@dataclass
class ScenarioOutcomes:
    scenario: str
    title: str
    outcomes: dict[str, int] = field(default_factory=dict)
    passed: int = 0

    @property
    def sessions(self) -> int:
        return sum(self.outcomes.values())


def scenario_outcomes(sessions: Sequence[SessionRecord]) -> list[ScenarioOutcomes]:
    table: dict[str, ScenarioOutcomes] = {}
    for session in sessions:
        entry = table.setdefault(session.scenario, ScenarioOutcomes(session.scenario, session.title))
        entry.outcomes[session.outcome] = entry.outcomes.get(session.outcome, 0) + 1
        entry.passed += session.passed
    return sorted(table.values(), key=lambda e: (e.passed / e.sessions, e.scenario))


@dataclass
class BadReply:
    text: str
    count: int
    tags: list[str]
    scenarios: list[str]
    anger: int
    better: str | None = None


_WORDS = re.compile(r"[^\w']+")


def normalise(text: str) -> str:
    return " ".join(_WORDS.sub(" ", text.casefold()).split())


def bad_replies(sessions: Sequence[SessionRecord], *, limit: int = 8) -> list[BadReply]:
    """Replies that went badly (breach or a rise in anger), the same wording grouped, most frequent first."""
    groups: dict[str, BadReply] = {}
    for session in sessions:
        for turn in session.turns:
            reply = turn.get("reply")
            if not isinstance(reply, str) or not reply.strip():
                continue
            found = breaches(turn)
            rise = anger_change(turn)
            if not found and rise < ANGER_RISE:
                continue
            key = normalise(reply)
            entry = groups.get(key)
            if entry is None:
                better = turn.get("better_reply")
                entry = groups[key] = BadReply(
                    reply, 0, [], [], 0, better if isinstance(better, str) else None
                )
            entry.count += 1
            entry.anger += rise
            for tag in found:
                if tag not in entry.tags:
                    entry.tags.append(tag)
            where = f"{session.scenario}/{turn.get('node', '?')}"
            if where not in entry.scenarios:
                entry.scenarios.append(where)
    ranked = sorted(groups.values(), key=lambda b: (-b.count, -len(b.tags), -b.anger, b.text))
    return ranked[:limit]
