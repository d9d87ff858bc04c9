"""Looking after the trainee: a break after a run of intense scenarios, and a one-minute breathing exercise.

Both are pure: the break rule reads the session history; the breathing exercise is a timed script
(phases with start times) that the 3D game and the terminal show at their own pace.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.progress.catalog import is_intense
from game.progress.store import SessionRecord

BREAK_AFTER_INTENSE = 3
"""Suggest a break after this many high-intensity sessions in a row."""
SITTING_GAP_S = 30 * 60
"""Sessions further apart than this are different sittings: the streak starts again."""


def intense_streak(sessions: Sequence[SessionRecord]) -> int:
    """How many of the latest sessions in a row were intense, within one sitting."""
    streak = 0
    later: SessionRecord | None = None
    for session in reversed(sessions):
        if later is not None and later.recorded_at - session.recorded_at > SITTING_GAP_S:
            break
        if not is_intense(session.level, session.start_anger):
            break
        streak += 1
        later = session
    return streak


@dataclass(frozen=True)
class BreakAdvice:
    suggested: bool
    streak: int
    message: str

    def to_json(self) -> dict[str, object]:
        return {"suggested": self.suggested, "streak": self.streak, "message": self.message}


def break_advice(sessions: Sequence[SessionRecord], *, now: float | None = None) -> BreakAdvice:
    """Whether to suggest a break now. ``now`` (epoch seconds): a long pause already was a break."""
    if now is not None and sessions and now - sessions[-1].recorded_at > SITTING_GAP_S:
        return BreakAdvice(False, 0, "")
    streak = intense_streak(sessions)
    if streak >= BREAK_AFTER_INTENSE:
        return BreakAdvice(
            True,
            streak,
            f"That was {streak} demanding conversations in a row. Take a short break: "
            "try the one-minute breathing exercise (progress breathe) before the next one.",
        )
    return BreakAdvice(False, streak, "")


@dataclass(frozen=True)
class BreathPhase:
    kind: str
    """inhale, hold or exhale."""
    prompt: str
    start: float
    duration: float

    @property
    def end(self) -> float:
        return self.start + self.duration


BREATH_PATTERN: tuple[tuple[str, str, float], ...] = (
    ("inhale", "Breathe in slowly through your nose", 4.0),
    ("hold", "Hold gently", 2.0),
    ("exhale", "Breathe out slowly through your mouth", 6.0),
)
"""One 12-second cycle: a longer out-breath than in-breath calms the body."""


def breathing_script(total_s: float = 60.0) -> tuple[BreathPhase, ...]:
    """Whole cycles of the pattern filling ``total_s`` seconds (at least one cycle)."""
    cycle = sum(d for _, _, d in BREATH_PATTERN)
    cycles = max(1, round(total_s / cycle))
    phases: list[BreathPhase] = []
    start = 0.0
    for _ in range(cycles):
        for kind, prompt, duration in BREATH_PATTERN:
            phases.append(BreathPhase(kind, prompt, start, duration))
            start += duration
    return tuple(phases)


def phase_at(script: Sequence[BreathPhase], elapsed_s: float) -> tuple[BreathPhase, float] | None:
    """The phase under way ``elapsed_s`` seconds in and the seconds left in it; None when finished."""
    for phase in script:
        if phase.start <= elapsed_s < phase.end:
            return phase, phase.end - elapsed_s
    return None
