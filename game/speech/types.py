"""The small interfaces the speech adapters implement, and the values they exchange."""

from __future__ import annotations

import queue
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Protocol


class SpeechUnavailable(Exception):
    """A speech part (voice, recogniser, microphone, model) cannot be used here; the message says why."""


class Word(NamedTuple):
    """A recognised word with its times in seconds from the start of the audio given to the recogniser."""

    word: str
    start: float
    end: float


@dataclass(frozen=True)
class Recognition:
    text: str
    words: tuple[Word, ...]
    engine: str
    confidence: float | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "engine": self.engine,
            "words": [
                {"word": w.word, "start": round(w.start, 3), "end": round(w.end, 3)} for w in self.words
            ],
        }


class RecognitionStream(Protocol):
    """One utterance being decoded while it is spoken: feed audio as it comes, then ``finish``."""

    def accept(self, pcm16: bytes) -> None: ...

    def partial(self) -> str: ...

    def finish(self) -> Recognition: ...


class PauseAware(Protocol):
    """Optional on a stream (Whisper, hybrid): told by the caller's voice-activity detector when the
    speaker goes quiet and when speech resumes, so a non-streaming engine can decode speculatively."""

    def speech_paused(self) -> None: ...

    def speech_resumed(self) -> None: ...


class Recognizer(Protocol):
    """A speech recogniser. ``hints`` are the phrases expected now (the node's authored examples)."""

    engine: str

    def stream(self, sample_rate: int, hints: Sequence[str] | None = None) -> RecognitionStream: ...

    def recognize(
        self, pcm16: bytes, sample_rate: int, hints: Sequence[str] | None = None
    ) -> Recognition: ...


@dataclass(frozen=True)
class VoiceInfo:
    """A voice an engine offers."""

    id: str
    name: str
    languages: tuple[str, ...] = ()
    gender: str | None = None


@dataclass(frozen=True)
class VoiceSettings:
    """Everything that decides how one line sounds; part of the WAV cache key."""

    voice_id: str | None
    rate_wpm: int
    pitch: int
    """0..100, 50 is the engine's normal pitch (only some engines honour it)."""
    volume: float
    """0..1"""

    def to_json(self) -> dict[str, object]:
        return {"voice": self.voice_id, "rate": self.rate_wpm, "pitch": self.pitch, "volume": self.volume}


class Voice(Protocol):
    """A text-to-speech engine that renders one line at a time into a WAV file.

    ``synthesize`` blocks until the file is complete and may be called from any thread (the adapter
    serialises calls onto its own engine thread).
    """

    engine: str
    """Names the engine and its version: part of the cache key."""
    available: bool
    supports_variants: bool
    """espeak-style ``voice+f3`` variants exist (gender and timbre by suffix)."""

    def voices(self) -> Sequence[VoiceInfo]: ...

    def synthesize(self, text: str, settings: VoiceSettings, out: Path) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class AudioFrame:
    """A block of microphone audio: mono 16-bit PCM, ``t`` = clock time of its first sample."""

    t: float
    pcm16: bytes


class Listener(Protocol):
    """A microphone (or a scripted stand-in) that puts ``AudioFrame``s into a queue from its own thread."""

    sample_rate: int
    description: str

    def start(self, frames: queue.Queue[AudioFrame]) -> None:
        """Begin capturing; raises ``SpeechUnavailable`` with a clear message when there is no microphone."""
        ...

    def stop(self) -> None: ...
