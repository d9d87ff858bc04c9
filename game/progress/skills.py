"""Per-skill figures from a trainee's sessions: how often each behaviour was shown when it was relevant.

A behaviour tag is *relevant* at a turn when the scenario's author offered a branch with that tag
at that node (the trainer said "this fits here"). When the scenario is unknown (deleted, renamed,
or a synthetic result), a fixed rule stands in: the feeling-focused behaviours
(``acknowledge_emotion``, ``apology``, ``validation``) are relevant when the customer was upset
(a negative emotion, or anger >= 40 before the reply); the others at every turn. Composure
breaches are counted over every turn: their rate is how often the trainee slipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from game.model import COMPOSURE_TAGS, EMPATHY_TAGS
from game.progress.store import SessionRecord

Relevance = Callable[[str, str], frozenset[str] | None]
"""(scenario id, node id) -> the tags authored at that node, or None when unknown."""

FEELING_TAGS = frozenset({"acknowledge_emotion", "apology", "validation"})
UPSET_EMOTIONS = frozenset({"angry", "frustrated", "anxious", "sad"})
UPSET_ANGER = 40


def no_relevance(scenario: str, node: str) -> frozenset[str] | None:
    return None


def relevant_tags(turn: Mapping[str, Any], authored: frozenset[str] | None) -> frozenset[str]:
    """The empathy tags that were relevant at this turn (see the module's docstring)."""
    if authored is not None:
        return frozenset(t for t in authored if t in EMPATHY_TAGS)
    emotion = turn.get("emotion")
    before = turn.get("mood_before")
    anger = before.get("anger") if isinstance(before, dict) else None
    upset = emotion in UPSET_EMOTIONS or (isinstance(anger, int) and anger >= UPSET_ANGER)
    return frozenset(t for t in EMPATHY_TAGS if upset or t not in FEELING_TAGS)


@dataclass(frozen=True)
class TagStat:
    tag: str
    kind: str
    """"empathy": shown when relevant is good; "composure": a breach, shown is bad."""
    shown: int
    relevant: int

    @property
    def rate(self) -> float | None:
        return round(self.shown / self.relevant, 3) if self.relevant else None

    def to_json(self) -> dict[str, Any]:
        return {
            "tag": self.tag,
            "kind": self.kind,
            "shown": self.shown,
            "relevant": self.relevant,
            "rate": self.rate,
        }


def turn_tags(turn: Mapping[str, Any]) -> set[str]:
    tags = turn.get("tags")
    return {t for t in tags if isinstance(t, str)} if isinstance(tags, list) else set()


def tag_stats(sessions: Iterable[SessionRecord], relevance: Relevance = no_relevance) -> dict[str, TagStat]:
    shown: dict[str, int] = dict.fromkeys(EMPATHY_TAGS + COMPOSURE_TAGS, 0)
    relevant: dict[str, int] = dict.fromkeys(EMPATHY_TAGS + COMPOSURE_TAGS, 0)
    for session in sessions:
        for turn in session.turns:
            tags = turn_tags(turn)
            node = turn.get("node")
            authored = relevance(session.scenario, node) if isinstance(node, str) else None
            for tag in relevant_tags(turn, authored):
                relevant[tag] += 1
                shown[tag] += tag in tags
            for tag in COMPOSURE_TAGS:
                relevant[tag] += 1
                shown[tag] += tag in tags
    return {
        tag: TagStat(tag, "empathy" if tag in EMPATHY_TAGS else "composure", shown[tag], relevant[tag])
        for tag in EMPATHY_TAGS + COMPOSURE_TAGS
    }


def weakness(stat: TagStat) -> float | None:
    """0 (strong) .. 1 (weak): for empathy 1 - rate, for a breach its rate (scaled up: slips matter)."""
    if stat.rate is None:
        return None
    if stat.kind == "empathy":
        return 1.0 - stat.rate
    return min(1.0, 3.0 * stat.rate)


def mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def summary(sessions: Sequence[SessionRecord], relevance: Relevance = no_relevance) -> dict[str, Any]:
    """``progress --json``'s per-skill part: score averages and every tag's figures."""
    stats = tag_stats(sessions, relevance)
    return {
        "sessions": len(sessions),
        "averages": {
            "empathy": mean([s.empathy for s in sessions]),
            "composure": mean([s.composure for s in sessions]),
            "overall": mean([s.overall for s in sessions]),
        },
        "tags": {tag: stat.to_json() for tag, stat in stats.items()},
    }
