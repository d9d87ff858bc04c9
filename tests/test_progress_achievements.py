"""Achievements from a real store's history."""

from __future__ import annotations

from pathlib import Path

from test_progress_support import result_with

from game.clock import FakeClock
from game.model import EMPATHY_TAGS
from game.progress import ProgressStore
from game.progress.achievements import achievements


def test_milestones_are_earned_by_the_session_that_reaches_them(tmp_path: Path) -> None:
    clock = FakeClock(1_760_000_000.0)
    with ProgressStore(tmp_path / "p.sqlite3", clock=clock) as store:

        def play(scenario: str, shown: list[str], **kwargs: object) -> int:
            clock.advance(100)
            return store.record("Lee", result_with(scenario, shown, **kwargs))  # type: ignore[arg-type]

        first = play("a", ["apology"], start_anger=40, composure=60)
        assert [a.id for a in achievements(store.sessions("Lee"))] == ["first-session", "clean-sheet"]
        play("b", ["apology", "blame"], start_anger=70, outcome="walked_out", composure=70)
        assert "first-de-escalation" not in {a.id for a in achievements(store.sessions("Lee"))}
        de_escalation = play("c", ["acknowledge_emotion"], start_anger=65, composure=90)
        for name in "defg":
            last = play(name, ["next_step"], composure=95)
        earned = {a.id: a for a in achievements(store.sessions("Lee"))}
        assert earned["first-session"].session_id == first
        assert earned["first-de-escalation"].session_id == de_escalation
        assert earned["calm-five"].session_id == last  # b slipped (70); c..g are five calm ones
        assert "every-skill" not in earned and "first-level-5-pass" not in earned
        play("h", list(EMPATHY_TAGS), level=5, empathy=80, composure=90)
        earned = {a.id: a for a in achievements(store.sessions("Lee"))}
        assert {"every-skill", "first-level-5-pass"} <= set(earned)
