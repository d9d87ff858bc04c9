"""Energy-based voice-activity endpointing with hangover, for hands-free replies.

Fed one frame level at a time (dBFS of ~30 ms of audio, with its clock time), it reports when speech
starts and when it has ended. The threshold follows the room: a noise floor tracked while nobody
speaks, plus a margin, never below an absolute minimum. Speech starts after ``start_s`` of loud
frames (a cough or a click does not open a turn) and ends after ``hangover_s`` of quiet (a short pause
between words does not end it). Pure: no audio library, no clock of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class VadConfig:
    frame_s: float = 0.03
    margin_db: float = 12.0
    """How far above the tracked noise floor a frame must be to count as speech."""
    min_threshold_db: float = -50.0
    """Never treat anything quieter than this as speech, however quiet the room."""
    start_s: float = 0.09
    hangover_s: float = 0.6
    """Quiet needed to end a turn: sentence pauses of real and synthetic speech reach ~0.45 s, so a
    shorter hangover cuts trainees off mid-reply (docs/speech.md). Push-to-talk has none."""
    initial_floor_db: float = -70.0
    floor_rise_per_frame: float = 0.05
    """The floor creeps up slowly (fraction of the gap per quiet frame) and drops at once."""
    calibrate_s: float = 0.24
    """The first frames only measure the room (its median level becomes the floor)."""
    early_hangover_s: float = 0.3
    """After this much quiet, ask whether the words so far already look like a whole reply (see
    ``push(complete=...)``); if so the turn ends now instead of after the full hangover."""
    max_speech_s: float = 30.0
    """Longer "speech" is a change of room noise: end it and re-learn the floor."""


@dataclass(frozen=True)
class SpeechStarted:
    t: float
    """Clock time of the first loud frame."""


@dataclass(frozen=True)
class SpeechEnded:
    t: float
    """Clock time when the last loud frame ended (the real end of speech)."""
    detected_at: float
    """Clock time when the hangover ran out and the end was decided."""


VadEvent = SpeechStarted | SpeechEnded


class Endpointer:
    def __init__(self, config: VadConfig | None = None) -> None:
        self.config = config or VadConfig()
        self.floor_db = self.config.initial_floor_db
        self.in_speech = False
        self._loud_run_start: float | None = None
        self._loud_run = 0.0
        self._last_loud_end: float | None = None
        self._speech_start: float | None = None
        self._calibration: list[float] = []
        self._calibrated = self.config.calibrate_s <= 0
        self._early_checked = False

    @property
    def threshold_db(self) -> float:
        return max(self.config.min_threshold_db, self.floor_db + self.config.margin_db)

    def reset(self) -> None:
        self.in_speech = False
        self._loud_run_start = None
        self._loud_run = 0.0
        self._last_loud_end = None

    def push(
        self,
        t: float,
        level_db: float,
        duration: float | None = None,
        complete: Callable[[], bool] | None = None,
    ) -> list[VadEvent]:
        """One frame starting at clock time ``t`` with level ``level_db``; returns what changed.

        ``complete``: asked once per pause, after ``early_hangover_s`` of quiet, whether what was said
        so far is a whole reply (e.g. it ends like one of the expected phrases)."""
        c = self.config
        frame = c.frame_s if duration is None else duration
        events: list[VadEvent] = []
        if not self._calibrated:
            self._calibration.append(level_db)
            if len(self._calibration) * frame >= c.calibrate_s - 1e-9:
                ordered = sorted(self._calibration)
                self.floor_db = ordered[len(ordered) // 2]
                self._calibrated = True
            return events
        loud = level_db >= self.threshold_db
        if self.in_speech and self._speech_start is not None and t - self._speech_start > c.max_speech_s:
            self.in_speech = False
            self.floor_db = level_db
            events.append(SpeechEnded(t=t, detected_at=t + frame))
            self._last_loud_end = None
            return events
        if not self.in_speech:
            if loud:
                if self._loud_run_start is None:
                    self._loud_run_start = t
                    self._loud_run = 0.0
                self._loud_run += frame
                if self._loud_run >= c.start_s - 1e-9:
                    self.in_speech = True
                    self._last_loud_end = t + frame
                    self._speech_start = self._loud_run_start
                    events.append(SpeechStarted(self._loud_run_start))
                    self._loud_run_start = None
            else:
                self._loud_run_start = None
                self._loud_run = 0.0
                if level_db < self.floor_db:
                    self.floor_db = level_db
                else:
                    self.floor_db += c.floor_rise_per_frame * (level_db - self.floor_db)
        elif loud:
            self._last_loud_end = t + frame
            self._early_checked = False
        else:
            last = self._last_loud_end if self._last_loud_end is not None else t
            quiet = t + frame - last
            early = False
            if complete is not None and not self._early_checked and quiet >= c.early_hangover_s - 1e-9:
                self._early_checked = True
                early = complete()
            if early or quiet >= c.hangover_s - 1e-9:
                self.in_speech = False
                events.append(SpeechEnded(t=last, detected_at=t + frame))
                self._last_loud_end = None
                self._early_checked = False
        return events
