"""``NullVoice``: no text-to-speech here; the game shows subtitles only (one clear notice)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from game.speech.types import SpeechUnavailable, VoiceInfo, VoiceSettings


class NullVoice:
    engine = "none"
    available = False
    supports_variants = False

    def __init__(self, reason: str = "no text-to-speech voice is available") -> None:
        self.reason = reason
        self.notice = f"Subtitles only: {reason}."

    def voices(self) -> Sequence[VoiceInfo]:
        return ()

    def synthesize(self, text: str, settings: VoiceSettings, out: Path) -> None:
        raise SpeechUnavailable(self.reason)

    def close(self) -> None:
        return None
