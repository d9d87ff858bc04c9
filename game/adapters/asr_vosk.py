"""Vosk (Kaldi) recogniser for an installed model folder; never touches the network.

``Model(path)`` is only called after the folder is checked for ``am/ conf/ graph/`` (vosk's
``Model(lang=...)`` would try to download). Per-node biasing uses a runtime grammar
(``KaldiRecognizer(model, rate, json.dumps(phrases + ["[unk]"]))``) when the model supports it
(lookahead graph ``HCLr.fst`` + ``Gr.fst``), knows the phrases' words and has ``[unk]`` for anything
else; otherwise it decodes freely.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from game.speech.engines import is_vosk_model_dir
from game.speech.lm import phrase_list
from game.speech.types import Recognition, SpeechUnavailable, Word


class VoskRecognizer:
    def __init__(self, model_path: str | Path, *, require_unk: bool = True) -> None:
        """``require_unk``: use a grammar only if the model has the ``[unk]`` word (without it every
        utterance would be forced onto one of the phrases, i.e. onto a branch)."""
        path = Path(model_path)
        self.require_unk = require_unk
        if not is_vosk_model_dir(path):
            raise SpeechUnavailable(f"no Vosk model at {path} (a model folder has am/, conf/ and graph/)")
        try:
            import vosk
        except ImportError as error:
            raise SpeechUnavailable(f"vosk is not installed ({error})") from None
        vosk.SetLogLevel(-1)
        try:
            self._model: Any = vosk.Model(str(path))
        except Exception as error:
            raise SpeechUnavailable(f"the Vosk model at {path} failed to load: {error}") from None
        self._vosk: Any = vosk
        self.model_path = path
        try:
            from importlib.metadata import version as dist_version

            version = dist_version("vosk")
        except Exception:
            version = "?"
        self.engine = f"vosk-{version}:{path.name}"
        graph = path / "graph"
        self.supports_grammar = (graph / "HCLr.fst").is_file() and (graph / "Gr.fst").is_file()
        self._lock = threading.Lock()

    def _known(self, word: str) -> bool:
        try:
            finder = getattr(self._model, "vosk_model_find_word", None) or self._model.find_word
            return int(finder(word)) >= 0
        except Exception:
            return False

    def grammar_for(self, hints: Sequence[str] | None) -> list[str] | None:
        """The phrases to restrict decoding to, or None for free decoding (no hints, no support, or
        no hint the model can spell)."""
        if not hints or not self.supports_grammar:
            return None
        phrases = phrase_list(hints, known=self._known)
        if not phrases:
            return None
        if self._known("[unk]"):
            return [*phrases, "[unk]"]
        return None if self.require_unk else phrases

    def stream(self, sample_rate: int, hints: Sequence[str] | None = None) -> _Stream:
        grammar = self.grammar_for(hints)
        with self._lock:
            if grammar is not None:
                recognizer = self._vosk.KaldiRecognizer(
                    self._model, float(sample_rate), json.dumps(grammar, ensure_ascii=False)
                )
            else:
                recognizer = self._vosk.KaldiRecognizer(self._model, float(sample_rate))
        recognizer.SetWords(True)
        return _Stream(recognizer, self.engine)

    def recognize(self, pcm16: bytes, sample_rate: int, hints: Sequence[str] | None = None) -> Recognition:
        stream = self.stream(sample_rate, hints)
        chunk = sample_rate // 5 * 2  # 200 ms blocks, as a microphone would deliver them
        for offset in range(0, len(pcm16), chunk):
            stream.accept(pcm16[offset : offset + chunk])
        return stream.finish()


class _Stream:
    def __init__(self, recognizer: Any, engine: str) -> None:
        self._rec = recognizer
        self._engine = engine
        self._words: list[Word] = []
        self._texts: list[str] = []
        self._pending = False

    def _collect(self, payload: str) -> None:
        result = json.loads(payload)
        for item in result.get("result", []):
            word = str(item.get("word", ""))
            if word and word != "[unk]":
                self._words.append(Word(word, float(item.get("start", 0.0)), float(item.get("end", 0.0))))
        text = str(result.get("text", "")).strip()
        if text:
            self._texts.append(text)

    def accept(self, pcm16: bytes) -> None:
        if not pcm16:
            return
        if self._rec.AcceptWaveform(pcm16):
            self._collect(self._rec.Result())
            self._pending = False
        else:
            self._pending = True

    def partial(self) -> str:
        partial = str(json.loads(self._rec.PartialResult()).get("partial", "")) if self._pending else ""
        return " ".join([*self._texts, partial]).strip()

    def finish(self) -> Recognition:
        self._collect(self._rec.FinalResult())
        text = " ".join(w.word for w in self._words) if self._words else " ".join(self._texts)
        return Recognition(text=text, words=tuple(self._words), engine=self._engine)
