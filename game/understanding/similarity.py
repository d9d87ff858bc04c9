"""Semantic similarity of two example phrasings, for the validator's near-duplicate check (DLG008).

``example_similarity(a, b)`` is 0..1: the sentence-embedding cosine when the bundled encoder is
installed (lexical TF-IDF cosine otherwise), lowered when one phrasing negates what the other says
("send it back" / "don't send it back" are different branches). ``NEAR_DUPLICATE`` is the cut
above which two examples of different branches cannot be told apart by the matcher: distinct
authored branches in the project's data reach 0.70 at most (docs/understanding.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.understanding.lexical import lexical_scores, negation_conflicts
from game.understanding.text import normalize

if TYPE_CHECKING:
    from game.adapters.embeddings import SentenceEncoder

NEAR_DUPLICATE = 0.85
NEGATION_PENALTY = 0.3


def example_similarity(first: str, second: str) -> float:
    a, b = normalize(first), normalize(second)
    if a.words == b.words:
        return 1.0
    encoder = _encoder()
    if encoder is not None:
        vectors = encoder.encode([first, second])
        score = float(vectors[0] @ vectors[1])
    else:
        score = lexical_scores(first, [[second]])[0][0]
    if negation_conflicts(a, b):
        score -= NEGATION_PENALTY
    return round(max(0.0, min(1.0, score)), 3)


def _encoder() -> SentenceEncoder | None:
    from game.understanding.default import EmbeddingAnalyzer, default_analyzer

    analyzer = default_analyzer()
    return analyzer.encoder if isinstance(analyzer, EmbeddingAnalyzer) else None
