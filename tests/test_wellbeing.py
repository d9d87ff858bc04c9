"""Wellbeing: a break after intense sessions in a row, and the one-minute breathing script."""

from __future__ import annotations

import itertools
from pathlib import Path

from test_progress_support import result_with

from game.clock import FakeClock
from game.progress import ProgressStore
from game.progress.wellbeing import (
    BREAK_AFTER_INTENSE,
    SITTING_GAP_S,
    break_advice,
    breathing_script,
    intense_streak,
    phase_at,
)


def test_a_break_is_suggested_after_three_intense_sessions_in_one_sitting(tmp_path: Path) -> None:
    clock = FakeClock(1_760_000_000.0)
    with ProgressStore(tmp_path / "p.sqlite3", clock=clock) as store:
        store.record("Kim", result_with("calm-one", ["apology"], level=2, start_anger=30))
        for n in range(1, BREAK_AFTER_INTENSE + 1):
            clock.advance(240)
            # level 4, or a customer starting at anger 70+, counts as intense
            store.record(
                "Kim", result_with(f"hard-{n}", ["apology"], level=4 if n % 2 else 2, start_anger=75)
            )
            advice = break_advice(store.sessions("Kim"), now=clock.now())
            assert advice.suggested is (n == BREAK_AFTER_INTENSE)
            assert advice.streak == n
        assert "breathing" in advice.message
        # A long pause is already a break.
        assert not break_advice(store.sessions("Kim"), now=clock.now() + SITTING_GAP_S + 1).suggested
        # A new sitting starts a new streak.
        clock.advance(SITTING_GAP_S + 60)
        store.record("Kim", result_with("hard-4", ["apology"], level=5, start_anger=90))
        assert intense_streak(store.sessions("Kim")) == 1
        clock.advance(60)
        store.record("Kim", result_with("calm-two", ["apology"], level=1, start_anger=10))
        assert intense_streak(store.sessions("Kim")) == 0


def test_the_breathing_script_is_one_minute_of_whole_cycles() -> None:
    script = breathing_script()
    assert script[0].start == 0.0
    assert script[-1].end == 60.0
    assert [p.kind for p in script[:3]] == ["inhale", "hold", "exhale"]
    assert script[-1].kind == "exhale"
    for earlier, later in itertools.pairwise(script):
        assert later.start == earlier.end  # no gaps, no overlaps
    exhale = next(p for p in script if p.kind == "exhale")
    inhale = next(p for p in script if p.kind == "inhale")
    assert exhale.duration > inhale.duration  # the long out-breath is what calms
    phase, left = phase_at(script, 5.0) or (None, 0.0)
    assert phase is not None and phase.kind == "hold" and left == 1.0
    assert phase_at(script, 60.0) is None
    assert breathing_script(5.0)[-1].end == 12.0  # at least one whole cycle
