"""Milestones a trainee earns, derived from the session history (nothing extra is stored)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from game.model import COMPOSURE_TAGS, EMPATHY_TAGS
from game.progress.store import SessionRecord

DEESCALATION_ANGER = 60
CALM_COMPOSURE = 80
CALM_STREAK = 5


@dataclass(frozen=True)
class Achievement:
    id: str
    title: str
    description: str
    session_id: int
    """The session that earned it."""
    earned_at: float

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "session": self.session_id,
            "earned_at": self.earned_at,
        }


Rule = Callable[[Sequence[SessionRecord]], SessionRecord | None]
"""Given the history, the session that first earned the achievement, or None."""


def _first(sessions: Sequence[SessionRecord], test: Callable[[SessionRecord], bool]) -> SessionRecord | None:
    return next((s for s in sessions if test(s)), None)


def _calm_streak(sessions: Sequence[SessionRecord]) -> SessionRecord | None:
    streak = 0
    for session in sessions:
        streak = streak + 1 if session.composure >= CALM_COMPOSURE else 0
        if streak == CALM_STREAK:
            return session
    return None


def _every_skill(sessions: Sequence[SessionRecord]) -> SessionRecord | None:
    seen: set[str] = set()
    for session in sessions:
        seen |= set(session.tags) & set(EMPATHY_TAGS)
        if seen >= set(EMPATHY_TAGS):
            return session
    return None


def _nth(n: int) -> Rule:
    return lambda sessions: sessions[n - 1] if len(sessions) >= n else None


def _clean(session: SessionRecord) -> bool:
    return len(session.turns) >= 3 and not set(session.tags) & set(COMPOSURE_TAGS) and session.success


RULES: tuple[tuple[str, str, str, Rule], ...] = (
    ("first-session", "First conversation", "Recorded your first practice session.", _nth(1)),
    (
        "first-de-escalation",
        "First de-escalation",
        f"Resolved a conversation with a customer who started at anger {DEESCALATION_ANGER} or more.",
        lambda ss: _first(ss, lambda s: s.success and (s.start_anger or 0) >= DEESCALATION_ANGER),
    ),
    (
        "calm-five",
        "Five calm sessions in a row",
        f"Composure {CALM_COMPOSURE} or more in {CALM_STREAK} sessions in a row.",
        _calm_streak,
    ),
    (
        "clean-sheet",
        "Clean sheet",
        "Resolved a conversation of three or more replies without a single composure slip.",
        lambda ss: _first(ss, _clean),
    ),
    (
        "every-skill",
        "Full toolkit",
        "Showed every empathy behaviour at least once.",
        _every_skill,
    ),
    (
        "first-level-5-pass",
        "Hardest level passed",
        "Passed a level 5 (highly emotional) scenario.",
        lambda ss: _first(ss, lambda s: s.passed and s.level == 5),
    ),
    (
        "assessment-passed",
        "Assessment passed",
        "Passed a scenario in assessment mode (no coaching cues).",
        lambda ss: _first(ss, lambda s: s.passed and s.mode == "assessment"),
    ),
    ("ten-sessions", "Ten conversations", "Recorded ten practice sessions.", _nth(10)),
)


def achievements(sessions: Sequence[SessionRecord]) -> list[Achievement]:
    """Every achievement earned so far, in the order they were earned."""
    earned = []
    for achievement_id, title, description, rule in RULES:
        session = rule(sessions)
        if session is not None:
            earned.append(Achievement(achievement_id, title, description, session.id, session.recorded_at))
    earned.sort(key=lambda a: (a.earned_at, a.session_id))  # stable: ties keep the rules order
    return earned
