"""``open_recognizer()``: the best speech recogniser on this machine, chosen without network access.

``engine`` (or ``EMPATHY_TRAINER_ASR``) names one of ``game.speech.engines.ENGINES``; ``auto`` takes a
Vosk model if one is installed, else Whisper if the optional Whisper engine is installed, else
pocketsphinx with per-node language models (the hybrid only when named). An engine that fails to start falls
back along the same order; ``strict`` raises instead (``transcribe --engine whisper``). Raises
``SpeechUnavailable`` with one clear message when nothing works (the game then takes typed replies).
"""

from __future__ import annotations

from pathlib import Path

from game.speech.engines import recognizer_choice, requested_engine, whisper_missing
from game.speech.types import Recognizer, SpeechUnavailable


def open_recognizer(
    configured_model: str | Path | None = None, engine: str | None = None, *, strict: bool = False
) -> Recognizer:
    wanted = requested_engine(engine)
    kind, model = recognizer_choice(configured_model, wanted)
    if strict and wanted != "auto" and kind != wanted:
        if wanted in ("whisper", "hybrid") and whisper_missing():
            raise SpeechUnavailable(f"the {wanted} engine is unavailable: {whisper_missing()}")
        if wanted == "vosk":
            raise SpeechUnavailable("no Vosk model installed: run `models download` or set VOSK_MODEL_PATH")
        raise SpeechUnavailable(f"the {wanted} engine is unavailable here")
    problems: list[str] = []
    if kind == "vosk" and model is not None:
        from game.adapters.asr_vosk import VoskRecognizer

        try:
            return VoskRecognizer(model)
        except SpeechUnavailable as error:
            if strict:
                raise
            problems.append(str(error))
    if kind in ("whisper", "hybrid"):
        try:
            from game.adapters.asr_whisper import WhisperRecognizer

            whisper = WhisperRecognizer()
            if kind == "whisper":
                return whisper
            from game.adapters.asr_hybrid import HybridRecognizer
            from game.adapters.asr_pocketsphinx import PocketsphinxRecognizer

            return HybridRecognizer(PocketsphinxRecognizer(), whisper)
        except SpeechUnavailable as error:
            if strict:
                raise
            problems.append(str(error))
    try:
        from game.adapters.asr_pocketsphinx import PocketsphinxRecognizer

        return PocketsphinxRecognizer()
    except SpeechUnavailable as error:
        problems.append(str(error))
    raise SpeechUnavailable("no speech recogniser works here: " + "; ".join(problems))
