"""Composure heard in the voice: latency, interruptions, speaking rate and raised voice -> ``Delivery``.

The lead's scoring reads ``Delivery``; the evidence strings are what the debrief shows. Loudness is
judged against the trainee's *own* calm baseline (the running median of their earlier replies), so a
naturally loud speaker is not marked down for their normal voice.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from game.delivery import Delivery
from game.speech.types import Word

RUSHED_WPM = 190.0
RAISED_DB = 6.0
SLOW_LATENCY_S = 6.0
MIN_WPM_SPAN_S = 0.8
MIN_WPM_WORDS = 3


@dataclass
class LoudnessBaseline:
    """Running median of the trainee's earlier replies' loudness (dBFS of their voiced frames)."""

    history: list[float] = field(default_factory=list)
    keep: int = 9

    @property
    def median(self) -> float | None:
        return statistics.median(self.history) if self.history else None

    def rise(self, level_db: float) -> float | None:
        """How far ``level_db`` is above the baseline; None before the first reply."""
        base = self.median
        return None if base is None else round(level_db - base, 1)

    def add(self, level_db: float) -> None:
        self.history.append(level_db)
        del self.history[: -self.keep]


def words_per_minute(words: Sequence[Word]) -> float | None:
    """Speaking rate from word timings; None when too few words or too short to judge."""
    if len(words) < MIN_WPM_WORDS:
        return None
    span = words[-1].end - words[0].start
    if span < MIN_WPM_SPAN_S:
        return None
    return round(len(words) / span * 60.0, 1)


def measure_delivery(
    *,
    words: Sequence[Word],
    audio_start: float,
    speech_start: float | None,
    customer_end: float | None,
    interrupted: bool,
    level_db: float | None,
    baseline: LoudnessBaseline | None = None,
    update_baseline: bool = True,
) -> Delivery:
    """Measures of one spoken reply.

    ``audio_start``: clock time of the first sample handed to the recogniser (word times are relative
    to it); ``speech_start``: when the endpointer (or push-to-talk) heard speech begin;
    ``customer_end``: when the customer's line finished playing (None if unknown).
    """
    evidence: list[str] = []
    first_word_t = audio_start + words[0].start if words else speech_start
    latency: float | None = None
    if customer_end is not None and first_word_t is not None and not interrupted:
        latency = round(max(0.0, first_word_t - customer_end), 2)
        if latency >= SLOW_LATENCY_S:
            evidence.append(f"took {latency:.1f} s to start answering")
    if interrupted:
        evidence.append("started speaking while the customer was still talking")
    wpm = words_per_minute(words)
    if wpm is not None and wpm > RUSHED_WPM:
        evidence.append(f"spoke at {wpm:.0f} words a minute (rushed)")
    rise: float | None = None
    if level_db is not None and baseline is not None:
        rise = baseline.rise(level_db)
        if rise is not None and rise > RAISED_DB:
            evidence.append(f"voice {rise:.0f} dB louder than your earlier replies")
        if update_baseline:
            baseline.add(level_db)
    return Delivery(
        mode="voice",
        latency_s=latency,
        interrupted=interrupted,
        words_per_minute=wpm,
        loudness_rise_db=rise,
        evidence=tuple(evidence),
    )
