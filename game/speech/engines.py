"""Which speech engines this machine has, found without importing them (``--help`` stays fast and pure).

Recognition: a Vosk model when one is installed (configured path, ``VOSK_MODEL_PATH`` or the user's
cache), else pocketsphinx with per-node language models (bundled, offline). Text to speech: pyttsx3.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from game.paths import user_cache_dir

DEFAULT_VOSK_MODEL = "vosk-model-small-en-us-0.15"
VOSK_MODEL_PARTS = ("am", "conf", "graph")


def models_dir() -> Path:
    return user_cache_dir() / "models"


def is_vosk_model_dir(path: Path) -> bool:
    """A Vosk model folder has ``am/``, ``conf/`` and ``graph/``: only then may ``Model(path)`` be called
    (anything else lets vosk try the network)."""
    return path.is_dir() and all((path / part).is_dir() for part in VOSK_MODEL_PARTS)


def vosk_model_candidates(configured: str | Path | None = None) -> list[Path]:
    candidates: list[Path] = []
    if configured:
        candidates.append(Path(configured).expanduser())
    env = os.environ.get("VOSK_MODEL_PATH")
    if env:
        candidates.append(Path(env).expanduser())
    candidates.append(models_dir() / DEFAULT_VOSK_MODEL)
    return candidates


def vosk_model_path(configured: str | Path | None = None) -> Path | None:
    """The first candidate folder that really holds a Vosk model, or None."""
    for candidate in vosk_model_candidates(configured):
        if is_vosk_model_dir(candidate):
            return candidate
    return None


def has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def recognizer_choice(configured: str | Path | None = None) -> tuple[str, Path | None]:
    """("vosk", model) | ("pocketsphinx", None) | ("none", None): what ``open_recognizer`` will use."""
    model = vosk_model_path(configured)
    if model is not None and has_module("vosk"):
        return "vosk", model
    if has_module("pocketsphinx"):
        return "pocketsphinx", None
    return "none", None


def describe_speech_engines(configured: str | Path | None = None) -> str:
    """One human-readable paragraph: which voice and which recogniser the game will use here."""
    if has_module("pyttsx3"):
        tts = "pyttsx3 (espeak-ng on Linux, SAPI5 on Windows, NSSpeechSynthesizer on macOS)"
    else:
        tts = "none (subtitles only; install pyttsx3)"
    kind, model = recognizer_choice(configured)
    if kind == "vosk":
        asr = f"Vosk with the model at {model}"
    elif kind == "pocketsphinx":
        asr = (
            "pocketsphinx (bundled US-English model, language model built per node from the trainer's "
            "examples); for free-form speech install a Vosk model: `models download`"
        )
    else:
        asr = "none (type your replies; install pocketsphinx or vosk)"
    return f"Speech: voice = {tts}; recognition = {asr}. The microphone is checked when listening starts."
