"""``open_recognizer()``: the best speech recogniser on this machine, chosen without network access.

A Vosk model if one is installed (configured path, ``VOSK_MODEL_PATH``, or the user's cache, see
``game.speech.engines``), else pocketsphinx with per-node language models; raises
``SpeechUnavailable`` with one clear message when neither works (the game then takes typed replies).
"""

from __future__ import annotations

from pathlib import Path

from game.speech.engines import recognizer_choice
from game.speech.types import Recognizer, SpeechUnavailable


def open_recognizer(configured_model: str | Path | None = None) -> Recognizer:
    kind, model = recognizer_choice(configured_model)
    problems: list[str] = []
    if kind == "vosk" and model is not None:
        from game.adapters.asr_vosk import VoskRecognizer

        try:
            return VoskRecognizer(model)
        except SpeechUnavailable as error:
            problems.append(str(error))
    try:
        from game.adapters.asr_pocketsphinx import PocketsphinxRecognizer

        return PocketsphinxRecognizer()
    except SpeechUnavailable as error:
        problems.append(str(error))
    raise SpeechUnavailable("no speech recogniser works here: " + "; ".join(problems))
