"""Speculative decoding for recognisers that are not streaming (Whisper), and the quiet watch that
drives it. Pure: no engine, no audio library; the decode function and the thread maker are injected.

Whisper decodes a whole utterance at once (~0.1 s for a short reply here). Waiting for the end of
the turn before starting would add all of it to the turn gap, so as soon as the trainee goes quiet
the audio so far is decoded on a worker thread. If the turn then ends with no new speech (the
push-to-talk key released, or the hands-free hangover run out) that result is the answer, ready or
nearly; if speech resumes the guess is stale: it is dropped and the audio is decoded again later.
Trailing quiet added after the snapshot changes nothing worth waiting for, so it is not redone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from game.speech.types import Recognition

Decode = Callable[[bytes, Callable[[], bool]], "Recognition | None"]
"""``decode(pcm16, stale)``: the recognition of ``pcm16``; it may call ``stale()`` between its stages
and give up (return None) when it says True: a guess whose audio is out of date should free the CPU
for the next one instead of running to the end."""
StartThread = Callable[[Callable[[], None]], None]


def _daemon_thread(target: Callable[[], None]) -> None:
    threading.Thread(target=target, name="speech-speculate", daemon=True).start()


@dataclass
class SpeculationStats:
    started: int = 0
    """Decodes started while the trainee was quiet."""
    reused: int = 0
    """Turns whose result came from a speculative decode."""
    discarded: int = 0
    """Speculative results (or runs) dropped because speech resumed."""


class SpeculativeDecoder:
    """Holds one utterance's audio; ``quiet()`` starts a decode of what is there, ``speech()`` marks it
    stale, ``finish()`` returns the speculative result when still valid, else decodes everything.

    ``start_thread`` runs a callable on another thread (tests pass one that runs it at once, or later).
    """

    def __init__(self, decode: Decode, start_thread: StartThread = _daemon_thread) -> None:
        self._decode = decode
        self._start_thread = start_thread
        self._audio = bytearray()
        self._cond = threading.Condition()
        self._snapshot: int | None = None
        """Length of the audio the current speculation covers (None: no valid speculation)."""
        self._result: Recognition | None = None
        self._error: BaseException | None = None
        self._running = False
        self._wanted: int | None = None
        """A speculation asked for while another was running: started when that one ends."""
        self.stats = SpeculationStats()

    def accept(self, pcm16: bytes) -> None:
        with self._cond:
            self._audio.extend(pcm16)

    @property
    def audio(self) -> bytes:
        with self._cond:
            return bytes(self._audio)

    def quiet(self) -> None:
        """The speaker went quiet: decode the audio so far in the background."""
        with self._cond:
            size = len(self._audio)
            if size == 0 or self._snapshot is not None:
                return  # nothing to decode, or a valid guess is already made or on its way
            self._snapshot = size
            self._result = None
            self._error = None
            if self._running:
                self._wanted = size
                return
            self._launch(size)

    def speech(self) -> None:
        """Speech resumed: whatever was guessed from the shorter audio is stale."""
        with self._cond:
            if self._snapshot is not None:
                self.stats.discarded += 1
            self._snapshot = None
            self._wanted = None
            self._result = None

    def partial(self) -> str:
        """The speculative text when it is ready and still valid (else "")."""
        with self._cond:
            return self._result.text if self._result is not None and self._snapshot is not None else ""

    def finish(self, timeout: float | None = None) -> Recognition:
        """The result for all the audio: the speculation's when no speech came after it (waiting for it
        if it is still running), else a fresh decode on the calling thread."""
        with self._cond:
            snapshot = self._snapshot
            if snapshot is not None:
                self._cond.wait_for(
                    lambda: self._snapshot != snapshot or self._result is not None or self._error is not None,
                    timeout,
                )
                if self._snapshot == snapshot and self._result is not None:
                    self.stats.reused += 1
                    return self._result
            # A stale decode may still hold the model: wait for it rather than run two at once on
            # a small CPU (each would go at half speed).
            self._wanted = None
            self._cond.wait_for(lambda: not self._running, timeout)
            audio = bytes(self._audio)
        result = self._decode(audio, _never)
        if result is None:
            raise RuntimeError("the recogniser gave up on a decode that was not stale")
        return result

    # -- internals -----------------------------------------------------------------------------------
    def _launch(self, size: int) -> None:
        self._running = True
        self.stats.started += 1
        audio = bytes(self._audio[:size])
        self._start_thread(lambda: self._run(size, audio))

    def _run(self, size: int, audio: bytes) -> None:
        result: Recognition | None = None
        error: BaseException | None = None
        try:
            result = self._decode(audio, lambda: self._snapshot != size)
        except Exception as caught:  # reported by finish() through a fresh decode
            error = caught
        with self._cond:
            self._running = False
            if self._snapshot == size:  # else speech resumed meanwhile: speech() counted it
                self._result, self._error = result, error
            wanted, self._wanted = self._wanted, None
            if wanted is not None and self._snapshot == wanted:
                self._launch(wanted)
            self._cond.notify_all()


def _never() -> bool:
    return False


class QuietWatch:
    """Turns frame levels into "went quiet" / "speaking again" moments for speculative decoding.

    Quiet means ``quiet_s`` of frames below the speech threshold after at least one loud frame; a
    shorter dip (a stop consonant, a breath between words) is not a pause worth decoding at."""

    def __init__(self, quiet_s: float = 0.06) -> None:
        self.quiet_s = quiet_s
        self._heard = False
        self._quiet_for = 0.0
        self._signalled = False

    def push(self, level_db: float, threshold_db: float, duration: float) -> bool | None:
        """One frame: True = the speaker has just gone quiet, False = speech resumed after a quiet
        that was signalled, None = nothing new."""
        if level_db >= threshold_db:
            self._heard = True
            self._quiet_for = 0.0
            if self._signalled:
                self._signalled = False
                return False
            return None
        if not self._heard:
            return None
        self._quiet_for += duration
        if not self._signalled and self._quiet_for >= self.quiet_s - 1e-9:
            self._signalled = True
            return True
        return None
