"""The trainee's game settings: a small frozen value, saved atomically as JSON in the user's folder.

Loading never fails: a missing, unreadable or corrupt file gives the defaults, and a field with a
wrong type or an out-of-range value falls back to its own default while the others are kept.
Saving writes a temporary file next to the target, flushes it to disk and renames it over the old
one, so a crash mid-save leaves either the old settings or the new ones, never half a file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

from game.paths import user_data_dir
from game.progress.files import write_text_atomic

SETTINGS_FILE = "settings.json"
SETTINGS_VERSION = 1

InputMode = Literal["typed", "voice"]
INPUT_MODES: tuple[InputMode, ...] = ("typed", "voice")
ListenMode = Literal["push_to_talk", "hands_free"]
LISTEN_MODES: tuple[ListenMode, ...] = ("push_to_talk", "hands_free")
SpeechEngine = Literal["auto", "vosk", "whisper", "hybrid", "pocketsphinx"]
SPEECH_ENGINES: tuple[SpeechEngine, ...] = ("auto", "vosk", "whisper", "hybrid", "pocketsphinx")
"""The same names as ``game.speech.engines.ENGINES`` (kept here so settings import nothing of speech)."""
TALK_KEY = "tab"
"""The key held to talk in push-to-talk mode (Ursina's name; the reply field gives it no meaning)."""
WINDOW_SIZES: tuple[tuple[int, int], ...] = ((1024, 576), (1280, 720), (1600, 900), (1920, 1080))
MAX_NAME_LENGTH = 40


@dataclass(frozen=True)
class Settings:
    trainee: str = ""
    """The trainee's name, used to record progress ("" = not recorded)."""
    input_mode: InputMode = "typed"
    """How replies are given by default: typed, or spoken (typing always works as well)."""
    listen_mode: ListenMode = "push_to_talk"
    """Spoken replies: hold the talk key while speaking (default: quicker turns, and the customer's
    voice from loudspeakers is not taken for the trainee's), or hands-free (the microphone decides
    when a reply starts and ends). Files saved before this setting existed load with the default."""
    speech_engine: SpeechEngine = "auto"
    """Speech recogniser for spoken replies: "auto" picks the best one installed (docs/speech.md);
    ``EMPATHY_TRAINER_ASR`` overrides it. One that cannot run here falls back the way auto would."""
    voice: bool = True
    """The customer speaks aloud (text-to-speech); off = subtitles only."""
    volume: float = 0.8
    """0..1."""
    subtitles: bool = True
    """Show the customer's words (always shown when the voice is off or unavailable)."""
    window_size: tuple[int, int] = (1280, 720)
    coaching: bool = True
    """Coaching cues during play; off = assessment mode."""

    def with_changes(self, **changes: Any) -> Settings:
        return _validated(replace(self, **changes))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["window_size"] = list(self.window_size)
        data["version"] = SETTINGS_VERSION
        return data

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> Settings:
        """Build settings from saved JSON, keeping every valid field and defaulting the rest."""
        defaults = Settings()
        values: dict[str, Any] = {}
        for f in fields(Settings):
            if f.name not in data:
                continue
            value = _coerce(f.name, data[f.name])
            if value is not None:
                values[f.name] = value
        return _validated(replace(defaults, **values))


def settings_path(folder: Path | None = None) -> Path:
    return (folder if folder is not None else user_data_dir()) / SETTINGS_FILE


def load_settings(folder: Path | None = None) -> Settings:
    path = settings_path(folder)
    try:
        raw = path.read_text(encoding="utf-8")
        data = json.loads(raw)
    except (OSError, UnicodeDecodeError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    return Settings.from_json(data)


def save_settings(settings: Settings, folder: Path | None = None) -> Path:
    """Write the settings atomically (temp file + fsync + rename); returns the file's path."""
    path = settings_path(folder)
    write_json_atomic(path, settings.to_json())
    return path


def write_json_atomic(path: Path, data: Any) -> None:
    """Write ``data`` as JSON to ``path`` so that readers see the old file or the new one, never half:
    a temporary file in the same folder, flushed to disk, then renamed over the target."""
    write_text_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _coerce(name: str, value: Any) -> Any:
    """The saved value in the field's type, or None when it cannot be one."""
    if name == "trainee":
        return value if isinstance(value, str) else None
    if name == "input_mode":
        return value if value in INPUT_MODES else None
    if name == "listen_mode":
        return value if value in LISTEN_MODES else None
    if name == "speech_engine":
        return value if value in SPEECH_ENGINES else None
    if name in ("voice", "subtitles", "coaching"):
        return value if isinstance(value, bool) else None
    if name == "volume":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return float(value)
    if name == "window_size":
        if (
            isinstance(value, list | tuple)
            and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        ):
            return (int(value[0]), int(value[1]))
        return None
    return None


def _validated(settings: Settings) -> Settings:
    name = " ".join(settings.trainee.split())[:MAX_NAME_LENGTH]
    volume = settings.volume if settings.volume == settings.volume else 0.8  # NaN -> default
    volume = min(1.0, max(0.0, volume))
    width, height = settings.window_size
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        width, height = Settings().window_size
    mode: InputMode = settings.input_mode if settings.input_mode in INPUT_MODES else "typed"
    listen: ListenMode = settings.listen_mode if settings.listen_mode in LISTEN_MODES else "push_to_talk"
    engine: SpeechEngine = settings.speech_engine if settings.speech_engine in SPEECH_ENGINES else "auto"
    return replace(
        settings,
        trainee=name,
        volume=volume,
        window_size=(width, height),
        input_mode=mode,
        listen_mode=listen,
        speech_engine=engine,
    )
