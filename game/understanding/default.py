"""The analyser the game uses: ``default_analyzer()``.

Branch matching: similarity of the reply to each branch's examples (best example, with a small
bonus for agreeing with the branch's other examples), turned into accept / confirm / reject zones by
calibrated thresholds with a safety margin (docs/understanding.md). Tags: linguistic rules with
evidence (``rules.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from game.understanding.base import BranchOption, Evidence, MatchResult, ReplyAnalyzer, Zone
from game.understanding.lexical import lexical_scores
from game.understanding.rules import rule_evidence
from game.understanding.text import normalize

# Thresholds on the lexical score (0..1). Calibrated on the project's own branch data; see
# docs/understanding.md. Scores are rounded to 3 decimals before comparison so that tiny float
# differences between machines cannot flip a zone.
LEXICAL_ACCEPT = 0.16
LEXICAL_CONFIRM = 0.08
LEXICAL_MARGIN = 0.03


def _round(x: float) -> float:
    return round(x + 0.0, 3)


def zone_for(top: float, second: float, accept: float, confirm: float, margin: float) -> Zone:
    if top >= accept and top - second >= margin:
        return "accept"
    if top >= confirm:
        return "confirm"
    return "reject"


def branch_score(per_example: Sequence[float]) -> float:
    """Best example, nudged by the mean of the rest (a branch is a cluster, not one sentence)."""
    if not per_example:
        return 0.0
    ordered = sorted(per_example, reverse=True)
    rest = ordered[1:]
    return ordered[0] * 0.85 + (sum(rest) / len(rest) if rest else ordered[0]) * 0.15


class LexicalAnalyzer:
    """Pure-Python analyser: TF-IDF matching + rule-based tags. No model files, loads instantly."""

    name = "lexical-rules"

    def match(self, reply: str, options: Sequence[BranchOption], context: str | None = None) -> MatchResult:
        if not options or not normalize(reply).words:
            return MatchResult(branch=None, confidence=0.0, zone="reject",
                               ranking=tuple((o.id, 0.0) for o in options))
        scores = lexical_scores(reply, [o.examples for o in options])
        ranked = sorted(
            ((o.id, _round(branch_score(s))) for o, s in zip(options, scores, strict=True)),
            key=lambda item: (-item[1], item[0]),
        )
        top = ranked[0][1]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        zone = zone_for(top, second, LEXICAL_ACCEPT, LEXICAL_CONFIRM, LEXICAL_MARGIN)
        return MatchResult(
            branch=ranked[0][0] if zone != "reject" else None,
            confidence=top,
            zone=zone,
            ranking=tuple(ranked),
        )

    def tags(self, reply: str, context: str | None = None) -> list[Evidence]:
        return rule_evidence(normalize(reply), context)


@lru_cache(maxsize=1)
def default_analyzer() -> ReplyAnalyzer:
    """The best analyser available on this machine (cached: load once per process)."""
    return LexicalAnalyzer()
