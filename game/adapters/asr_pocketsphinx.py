"""The offline default recogniser: pocketsphinx 5 (bundled US-English model) with a language model
built per node from the trainer's examples plus general service phrases.

The general bundled LM alone is poor on free speech (45-69% WER here); a per-node LM from the
expected replies gets ~8% and still hears paraphrases (FIELD-NOTES). LMs are built once per distinct
set of hints, cached on disk (``user_cache_dir()/lm``) and kept as named searches in the one decoder.
Audio is decoded while it is spoken (``stream``), so at the end of speech only ``end_utt`` remains.
"""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from game.paths import user_cache_dir
from game.speech.lm import corpus_key, lm_corpus
from game.speech.types import Recognition, SpeechUnavailable, Word
from game.speech.wav import RECOGNIZER_RATE, resample

FRAME_RATE = 100  # pocketsphinx frames per second
_SKIP = {"<s>", "</s>", "<sil>", "[noise]", "<unk>"}


def _clean(word: str) -> str | None:
    base = word.split("(", 1)[0]
    if base.lower() in _SKIP or base.startswith("+") or base.startswith("["):
        return None
    return base


class PocketsphinxRecognizer:
    def __init__(self, lm_dir: Path | None = None) -> None:
        try:
            import pocketsphinx
        except ImportError as error:
            raise SpeechUnavailable(f"pocketsphinx is not installed ({error})") from None
        self._ps: Any = pocketsphinx
        version = getattr(pocketsphinx, "__version__", "")
        if not version:
            try:
                from importlib.metadata import version as dist_version

                version = dist_version("pocketsphinx")
            except Exception:
                version = "?"
        self.engine = f"pocketsphinx-{version}"
        self.lm_dir = lm_dir if lm_dir is not None else user_cache_dir() / "lm"
        try:
            self._decoder: Any = pocketsphinx.Decoder(samprate=RECOGNIZER_RATE, loglevel="FATAL")
        except Exception as error:
            raise SpeechUnavailable(f"pocketsphinx failed to start: {error}") from None
        self._searches: set[str] = set()
        self._lock = threading.Lock()

    def _known(self, word: str) -> bool:
        return self._decoder.lookup_word(word) is not None

    def search_for(self, hints: Sequence[str] | None) -> str | None:
        """The named search (per-node LM) for ``hints``; built and cached on first use. None: general LM."""
        if not hints:
            return None
        lines = lm_corpus(hints, known=self._known)
        key = "lm_" + corpus_key(lines, self.engine)
        if key in self._searches:
            return key
        path = self.lm_dir / f"{key}.arpa"
        if not path.is_file():
            from pocketsphinx.lm import ArpaBoLM

            model = ArpaBoLM(text="\n".join(lines) + "\n", add_start=True)
            model.compute()
            buffer = io.StringIO()
            model.write(buffer)
            self.lm_dir.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(buffer.getvalue(), encoding="utf-8")
            os.replace(tmp, path)
        self._decoder.add_lm_file(key, str(path))
        self._searches.add(key)
        return key

    def prepare(self, hints: Sequence[str] | None) -> None:
        """Build the LM for ``hints`` ahead of time (call when a node is entered)."""
        with self._lock:
            self.search_for(hints)

    def stream(self, sample_rate: int, hints: Sequence[str] | None = None) -> _Stream:
        self._lock.acquire()
        try:
            search = self.search_for(hints)
            self._decoder.activate_search(search)
            self._decoder.start_utt()
        except Exception:
            self._lock.release()
            raise
        return _Stream(self, sample_rate)

    def recognize(self, pcm16: bytes, sample_rate: int, hints: Sequence[str] | None = None) -> Recognition:
        stream = self.stream(sample_rate, hints)
        stream.accept(pcm16)
        return stream.finish()


class _Stream:
    def __init__(self, owner: PocketsphinxRecognizer, sample_rate: int) -> None:
        self._owner = owner
        self._rate = sample_rate
        self._done = False

    def accept(self, pcm16: bytes) -> None:
        if self._done or not pcm16:
            return
        data = pcm16
        if self._rate != RECOGNIZER_RATE:
            samples = np.frombuffer(pcm16[: len(pcm16) // 2 * 2], dtype="<i2")
            data = resample(samples, self._rate, RECOGNIZER_RATE).tobytes()
        self._owner._decoder.process_raw(data, False, False)

    def partial(self) -> str:
        if self._done:
            return ""
        hyp = self._owner._decoder.hyp()
        return str(hyp.hypstr) if hyp is not None else ""

    def finish(self) -> Recognition:
        if self._done:
            raise RuntimeError("stream already finished")
        self._done = True
        decoder = self._owner._decoder
        try:
            decoder.end_utt()
            hyp = decoder.hyp()
            words: list[Word] = []
            for seg in decoder.seg():
                word = _clean(str(seg.word))
                if word is not None:
                    words.append(Word(word, seg.start_frame / FRAME_RATE, (seg.end_frame + 1) / FRAME_RATE))
            text = " ".join(w.word for w in words) if words else (str(hyp.hypstr) if hyp is not None else "")
        finally:
            self._owner._lock.release()
        return Recognition(text=text, words=tuple(words), engine=self._owner.engine)
