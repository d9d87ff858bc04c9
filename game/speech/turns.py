"""Turn-taking between the customer's voice and the trainee's, with an injected clock.

States: ``idle`` (nothing expected), ``customer_speaking``, ``listening`` (the trainee's turn, no
speech yet), ``trainee_speaking``, ``thinking`` (speech ended; recognising and matching). Speech that
starts while the customer is still talking is an interruption. A listening turn with no speech for
``silence_timeout_s`` ends as silence (an empty reply). Push-to-talk: press opens the trainee's speech,
release ends it; hands-free: the endpointer's start/end do the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from game.clock import Clock

TurnState = Literal["idle", "customer_speaking", "listening", "trainee_speaking", "thinking"]


@dataclass(frozen=True)
class TurnFacts:
    """What the measures need about one trainee turn."""

    customer_end: float | None
    speech_start: float | None
    speech_end: float | None
    interrupted: bool
    silent: bool


class TurnController:
    def __init__(self, clock: Clock, silence_timeout_s: float = 12.0) -> None:
        self.clock = clock
        self.silence_timeout_s = silence_timeout_s
        self.state: TurnState = "idle"
        self._customer_end: float | None = None
        self._listening_since: float | None = None
        self._speech_start: float | None = None
        self._speech_end: float | None = None
        self._interrupted = False
        self._silent = False
        self.ptt_held = False

    # -- the customer -------------------------------------------------------------------------
    def customer_started(self) -> None:
        self.state = "customer_speaking"
        self._customer_end = None
        self._listening_since = None
        self._speech_start = self._speech_end = None
        self._interrupted = False
        self._silent = False

    def customer_finished(self, expect_reply: bool = True) -> None:
        now = self.clock.now()
        self._customer_end = now
        if self.state == "customer_speaking":
            self.state = "listening" if expect_reply else "idle"
            self._listening_since = now if expect_reply else None

    def expect_reply(self) -> None:
        """Open the trainee's turn without a customer line (e.g. after a subtitle-only line)."""
        if self.state in ("idle", "customer_speaking"):
            now = self.clock.now()
            if self._customer_end is None:
                self._customer_end = now
            self.state = "listening"
            self._listening_since = now

    # -- the trainee ----------------------------------------------------------------------------
    def speech_started(self, t: float | None = None) -> None:
        start = self.clock.now() if t is None else t
        if self.state == "customer_speaking":
            self._interrupted = True
        elif self.state not in ("listening", "idle"):
            return
        self.state = "trainee_speaking"
        self._speech_start = start
        self._speech_end = None

    def speech_ended(self, t: float | None = None) -> None:
        if self.state != "trainee_speaking":
            return
        self._speech_end = self.clock.now() if t is None else t
        self.state = "thinking"

    def ptt_pressed(self) -> None:
        self.ptt_held = True
        self.speech_started()

    def ptt_released(self) -> None:
        self.ptt_held = False
        self.speech_ended()

    def tick(self) -> bool:
        """Advance time-based rules; True when the listening turn just timed out as silence."""
        if (
            self.state == "listening"
            and self._listening_since is not None
            and self.clock.now() - self._listening_since >= self.silence_timeout_s
        ):
            self.state = "thinking"
            self._silent = True
            return True
        return False

    def reply_done(self) -> TurnFacts:
        """The reply was recognised and handed over: report the turn's facts and wait for the customer."""
        facts = self.facts()
        self.state = "idle"
        self._listening_since = None
        return facts

    def facts(self) -> TurnFacts:
        return TurnFacts(
            customer_end=self._customer_end,
            speech_start=self._speech_start,
            speech_end=self._speech_end,
            interrupted=self._interrupted,
            silent=self._silent,
        )
