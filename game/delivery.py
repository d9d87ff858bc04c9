"""How a reply was delivered, measured by the speech adapters and fed to composure scoring.

Typed replies carry only the mode; spoken ones carry the measures the listener took.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Delivery:
    mode: Literal["typed", "voice", "scripted"] = "scripted"
    latency_s: float | None = None
    """From the end of the customer's line to the first word of the reply."""
    interrupted: bool = False
    """The trainee started speaking while the customer was still talking."""
    words_per_minute: float | None = None
    loudness_rise_db: float | None = None
    """How far the reply's loudness rose above the trainee's own calm baseline."""
    evidence: tuple[str, ...] = ()
    """Human-readable notes for the debrief (e.g. "spoke at 210 words a minute")."""

    def to_json(self) -> dict[str, object]:
        return {
            "mode": self.mode,
            "latency_s": self.latency_s,
            "interrupted": self.interrupted,
            "words_per_minute": self.words_per_minute,
            "loudness_rise_db": self.loudness_rise_db,
            "evidence": list(self.evidence),
        }


TYPED = Delivery(mode="typed")
SCRIPTED = Delivery(mode="scripted")
