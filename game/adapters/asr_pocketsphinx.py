"""The offline default recogniser: pocketsphinx 5 (bundled US-English model) with a language model
built per node from the trainer's examples plus general service phrases.

The general bundled LM alone is poor on free speech (45-69% WER here); a per-node LM from the
expected replies gets ~8% and still hears paraphrases (FIELD-NOTES). Each distinct set of hints gets its
own small decoder (LM + a dictionary of just its words: ~15 ms to build, where adding an LM to the
full 135k-word dictionary took ~1.7 s), cached in memory and on disk (``user_cache_dir()/lm``).
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
from game.speech.lm import GENERAL_REPLIES, corpus_key, lm_corpus
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
    def __init__(
        self, lm_dir: Path | None = None, *, fast_final: bool = True, carry_cmn: bool = True
    ) -> None:
        """``fast_final``: skip pocketsphinx's second (flat-lexicon) pass, so ending an utterance costs
        ~0 ms instead of 60-300 ms; on the benchmark it was no less accurate (docs/benchmarks.md).
        ``carry_cmn``: start each utterance from the cepstral mean the last one ended with, whichever
        node's decoder heard it. A new decoder starts from pocketsphinx's generic guess and adapts
        over ~2 utterances, so every node's first reply was heard badly (docs/benchmarks.md)."""
        self.fast_final = fast_final
        self.carry_cmn = carry_cmn
        self._cmn: str | None = None
        try:
            import pocketsphinx
        except ImportError as error:
            raise SpeechUnavailable(f"pocketsphinx is not installed ({error})") from None
        self._ps: Any = pocketsphinx
        try:
            from importlib.metadata import version as dist_version

            version = dist_version("pocketsphinx")
        except Exception:
            version = "5"
        self.engine = f"pocketsphinx-{version}"
        self.lm_dir = lm_dir if lm_dir is not None else user_cache_dir() / "lm"
        self._model_dir = Path(pocketsphinx.get_model_path("en-us"))
        self._pronunciations = _read_dictionary(self._model_dir / "cmudict-en-us.dict")
        if not self._pronunciations:
            raise SpeechUnavailable(f"pocketsphinx's dictionary is missing in {self._model_dir}")
        self._decoders: dict[str, Any] = {}
        self._background: tuple[str, ...] = ()
        self._lock = threading.Lock()

    def set_background(self, texts: Sequence[str]) -> None:
        """Scenario-wide vocabulary (every example and customer line of the scenario) mixed into each
        node's model at weight 1: trainees echo the customer's words and borrow other nodes' phrasing."""
        with self._lock:
            self._background = tuple(texts)

    def _known(self, word: str) -> bool:
        return word in self._pronunciations

    def _decoder_for(self, hints: Sequence[str] | None) -> Any:
        """A decoder whose language model and dictionary are built from ``hints`` (cached in memory and
        on disk); no hints: the bundled general model (poor on free speech, used only without a node)."""
        if not hints:
            key = "general"
            if key not in self._decoders:
                self._decoders[key] = self._new_decoder()
            return self._decoders[key]
        lines = lm_corpus(hints, general=(*GENERAL_REPLIES, *self._background), known=self._known)
        key = "lm_" + corpus_key(lines, self.engine)
        if key in self._decoders:
            return self._decoders[key]
        arpa = self.lm_dir / f"{key}.arpa"
        dic = self.lm_dir / f"{key}.dict"
        if not (arpa.is_file() and dic.is_file()):
            from pocketsphinx.lm import ArpaBoLM

            model = ArpaBoLM(text="\n".join(lines) + "\n", add_start=True)
            model.compute()
            buffer = io.StringIO()
            model.write(buffer)
            words = sorted({w for line in lines for w in line.split()})
            entries = "".join(entry for w in words for entry in self._pronunciations[w])
            self.lm_dir.mkdir(parents=True, exist_ok=True)
            _atomic_write(dic, entries)
            _atomic_write(arpa, buffer.getvalue())
        self._decoders[key] = self._new_decoder(lm=str(arpa), dict=str(dic))
        return self._decoders[key]

    def _new_decoder(self, **options: str) -> Any:
        try:
            extra: dict[str, object] = {"fwdflat": False} if self.fast_final else {}
            return self._ps.Decoder(samprate=RECOGNIZER_RATE, loglevel="FATAL", **options, **extra)
        except Exception as error:
            raise SpeechUnavailable(f"pocketsphinx failed to start: {error}") from None

    def prepare(self, hints: Sequence[str] | None) -> None:
        """Build the model for ``hints`` ahead of time (when a scenario loads or a node is entered)."""
        with self._lock:
            self._decoder_for(hints)

    def stream(self, sample_rate: int, hints: Sequence[str] | None = None) -> _Stream:
        self._lock.acquire()
        try:
            decoder = self._decoder_for(hints)
            if self.carry_cmn and self._cmn is not None:
                decoder.set_cmn(self._cmn)
            decoder.start_utt()
        except Exception:
            self._lock.release()
            raise
        return _Stream(self, decoder, sample_rate)

    def recognize(self, pcm16: bytes, sample_rate: int, hints: Sequence[str] | None = None) -> Recognition:
        stream = self.stream(sample_rate, hints)
        stream.accept(pcm16)
        return stream.finish()


def _read_dictionary(path: Path) -> dict[str, list[str]]:
    entries: dict[str, list[str]] = {}
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                word = line.split(" ", 1)[0]
                base = word.split("(", 1)[0]
                if base:
                    entries.setdefault(base, []).append(line if line.endswith("\n") else line + "\n")
    except OSError:
        return {}
    return entries


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class _Stream:
    def __init__(self, owner: PocketsphinxRecognizer, decoder: Any, sample_rate: int) -> None:
        self._owner = owner
        self._decoder = decoder
        self._rate = sample_rate
        self._done = False

    def accept(self, pcm16: bytes) -> None:
        if self._done or not pcm16:
            return
        data = pcm16
        if self._rate != RECOGNIZER_RATE:
            samples = np.frombuffer(pcm16[: len(pcm16) // 2 * 2], dtype="<i2")
            data = resample(samples, self._rate, RECOGNIZER_RATE).tobytes()
        self._decoder.process_raw(data, False, False)

    def partial(self) -> str:
        if self._done:
            return ""
        hyp = self._decoder.hyp()
        return str(hyp.hypstr) if hyp is not None else ""

    def finish(self) -> Recognition:
        if self._done:
            raise RuntimeError("stream already finished")
        self._done = True
        decoder = self._decoder
        try:
            decoder.end_utt()
            if self._owner.carry_cmn:
                self._owner._cmn = str(decoder.get_cmn(False))
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
