"""The analyser the game uses: ``default_analyzer()``.

Branch matching: similarity of the reply to each branch's examples (best example, with a small
bonus for agreeing with the branch's other examples), turned into accept / confirm / reject zones by
calibrated thresholds with a safety margin (docs/understanding.md). Tags: linguistic rules with
evidence (``rules.py``).
"""

from __future__ import annotations

import json
import math
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.understanding.base import BranchOption, Evidence, MatchResult, ReplyAnalyzer, Zone
from game.understanding.lexical import (
    contrast_focus,
    is_assent,
    is_info_question,
    is_request,
    lexical_scores,
    negation_agreements,
    negation_conflicts,
    offer_statement,
)
from game.understanding.rules import rule_evidence
from game.understanding.tagger import Tagger
from game.understanding.text import normalize

if TYPE_CHECKING:
    from game.adapters.embeddings import SentenceEncoder

DATA = Path(__file__).resolve().parent / "data"

# Thresholds on the lexical score (0..1), for the fallback: the confirm cut maximises 2 x kept + rejected
# on data/branches.yaml (0.13: 74% kept, 87% chit-chat rejected, 91% forced); see
# docs/understanding.md. Scores are rounded to 3 decimals before comparison so that tiny float
# differences between machines cannot flip a zone.
LEXICAL_ACCEPT = 0.20
LEXICAL_CONFIRM = 0.13
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


# Combined score = sentence-embedding similarity + LEX_WEIGHT * lexical similarity - negation penalty.
LEX_WEIGHT = 0.4
NEGATION_PENALTY = 0.12
NEGATION_AGREEMENT = 0.06
"""Bonus per content word both the reply and an example negate (they refuse the same thing)."""
ACCEPT = 0.40
"""Combined score at or above which (with MARGIN over the runner-up and a sure gate) a branch is taken."""
MARGIN = 0.05
FOCUS_WEIGHT = 0.6
"""In a contrast ("not X, but Y", "X though"), the share of the similarity taken from the Y clause."""
QUESTION_AGREEMENT = 0.08
"""Bonus when the reply and an example both ask the customer for information: "which room were you
in?" shares no words with "can you give me your booking reference?", yet both gather facts."""
OFFER_FOCUS_WEIGHT = 0.8
"""An offer asked as a question ("shall I book it?"): the share taken from it said as a statement
("I will book it"); the question form itself says little about which branch is meant."""
OFFER_FOCUS_WEIGHT_AFTER_SENTENCES = 0.3
GATE_ACCEPT = 0.7
"""On-topic probability needed to accept without asking; below ``reject_below`` (model.json): reject."""


def load_offtopic_anchors() -> list[str]:
    """The chit-chat anchors: data/offtopic.txt up to its "# --- service talk" line.

    The service-talk lines after it ("we're open till six", "have you seen our app?") were measured
    as anchors and cost more good replies than they caught (a genuine neutral question such as "what
    time were you in the shop?" resembles them); they stay in the file as examples for the gate's
    training cases, not as anchors (docs/understanding.md)."""
    path = DATA / "offtopic.txt"
    anchors: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# --- service"):
            break
        if line.strip() and not line.startswith("#"):
            anchors.append(line.strip())
    return anchors


def load_model() -> dict[str, Any]:
    path = DATA / "model.json"
    if not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


class EmbeddingAnalyzer:
    """Sentence embeddings + lexical overlap + negation check for matching; rules (+ classifier) for tags.

    ``encoder`` (USE) feeds the tag classifier and the validator's near-duplicate check;
    ``match_encoder`` (USE blended with MiniLM when that is installed) scores replies against branch
    examples and off-topic anchors. model.json holds one gate per match encoder, by name; with no
    gate for this one the matcher falls back to a fixed cut on the best score."""

    def __init__(self, encoder: SentenceEncoder, match_encoder: SentenceEncoder | None = None) -> None:
        self._encoder = encoder
        self._match_encoder = match_encoder or encoder
        self.name = f"{self._match_encoder.name}+lexical"
        self._anchors = self._match_encoder.encode(load_offtopic_anchors())
        model = load_model()
        # One gate per match encoder: its similarities live on a different scale from USE's alone.
        gates: dict[str, dict[str, Any]] = model.get("gates", {})
        self._gate: dict[str, Any] | None = gates.get(self._match_encoder.name)
        self._tagger = Tagger(model["tagger"], encoder) if "tagger" in model else None
        self._service: dict[str, Any] | None = model.get("service")

    @property
    def encoder(self) -> SentenceEncoder:
        return self._encoder

    @property
    def match_encoder(self) -> SentenceEncoder:
        return self._match_encoder

    def gate_features(self, reply: str, options: Sequence[BranchOption],
                      context: str | None = None) -> dict[str, float]:
        """The numbers the on-topic gate looks at, with the per-branch scores.

        ``context`` is the customer's line. A short "yes" ("Sure, I can do that") to a request is
        flagged as ``assent``: it answers the customer even though it shares few words with any
        branch. (Ranking its branches by the customer's line instead was measured and lost more
        than it won: "yes, I can do that" already sounds most like the branch that does it.)"""
        examples = [o.examples for o in options]
        flat = [e for ex in examples for e in ex]
        assent = bool(context) and is_assent(reply) and is_request(context or "")
        offer = offer_statement(reply)
        focus = None if assent else contrast_focus(reply)
        weight = FOCUS_WEIGHT
        if focus is None and not assent:
            focus, weight = offer, OFFER_FOCUS_WEIGHT
            if len([p for p in re.split(r"[.!?]+", reply) if p.strip()]) > 1:
                weight = OFFER_FOCUS_WEIGHT_AFTER_SENTENCES  # the offer is one point among several
        head = [reply] if focus is None else [reply, focus]
        vectors = self._match_encoder.encode([*head, *flat])
        r = vectors[0]
        sims = vectors[len(head):] @ r
        lex = lexical_scores(reply, examples)
        if focus is not None:
            # "Not X, but Y": the clause committed to (Y) weighs more than the whole reply.
            sims = (1.0 - weight) * sims + weight * (vectors[2:] @ vectors[1])
            lex_focus = lexical_scores(focus, examples)
            lex = [[(1.0 - weight) * a + weight * b for a, b in zip(la, lb, strict=True)]
                   for la, lb in zip(lex, lex_focus, strict=True)]
        rn = normalize(reply)
        asks = offer is None and is_info_question(reply)
        scores: list[float] = []
        k = 0
        for i, ex in enumerate(examples):
            per: list[float] = []
            for j, text in enumerate(ex):
                en = normalize(text)
                penalty = NEGATION_PENALTY * min(2, negation_conflicts(rn, en))
                penalty -= NEGATION_AGREEMENT * min(2, negation_agreements(rn, en))
                if asks and is_info_question(text):
                    penalty -= QUESTION_AGREEMENT
                per.append(float(sims[k]) + LEX_WEIGHT * lex[i][j] - penalty)
                k += 1
            scores.append(branch_score(per))
        ordered = sorted(scores, reverse=True)
        anchor_sims = sorted((self._anchors @ r).tolist(), reverse=True) if len(self._anchors) else [0.0]
        feats = {
            "top": ordered[0],
            "margin": ordered[0] - (ordered[1] if len(ordered) > 1 else 0.0),
            "offtopic3": sum(anchor_sims[:3]) / len(anchor_sims[:3]),
            "example_mean": float(sims.mean()) if len(sims) else 0.0,
            "assent": 1.0 if assent else 0.0,
            # Short replies share few words with anything, on topic or not; the gate learns how much
            # less a short reply's similarity proves (+1 point of cross-validated accuracy).
            "length": min(1.0, len(rn.words) / 20.0),
            # A reply that apologises, blames, promises ... is doing something to this customer;
            # chit-chat and service small talk ("we're open till six") show no behaviour at all.
            "behaviour": 1.0 if rule_evidence(rn, context) else 0.0,
        }
        feats["service"] = self.service_probability(reply)
        for i, score in enumerate(scores):
            feats[f"branch:{i}"] = score
        return feats

    def prepare(self, texts: Sequence[str]) -> None:
        """Encode branch examples ahead (a scenario's, while the trainee reads the brief), so that
        the first reply at each node costs one encoding, not one per example. Thread-safe."""
        if texts:
            self._match_encoder.encode(list(dict.fromkeys(texts)))

    def service_probability(self, reply: str) -> float:
        """How much the reply sounds like handling a customer's problem rather than chit-chat or
        sales talk, whatever the node: "what's the asset tag number on the front?" does, "have you
        downloaded our app?" does not. A logistic regression over the USE embedding (model.json,
        trained on the project's own replies); 0.5 when the model file has none."""
        if not self._service:
            return 0.5
        import numpy as np

        vector = np.asarray(self._encoder.encode([reply])[0], dtype=np.float64)
        weights = np.asarray(self._service["weights"], dtype=np.float64)
        z = float(vector @ weights) + float(self._service["bias"])
        return round(1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z)))), 4)

    def on_topic(self, feats: dict[str, float]) -> float:
        """Probability that the reply answers this node at all (logistic gate, model.json)."""
        if not self._gate:
            return 1.0 if feats["top"] >= 0.24 else 0.0
        z = float(self._gate["bias"])
        for name, weight in zip(self._gate["features"], self._gate["weights"], strict=True):
            z += float(weight) * feats[name]
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def match(self, reply: str, options: Sequence[BranchOption], context: str | None = None) -> MatchResult:
        if not options or not normalize(reply).words:
            return MatchResult(branch=None, confidence=0.0, zone="reject",
                               ranking=tuple((o.id, 0.0) for o in options))
        feats = self.gate_features(reply, options, context)
        ranked = sorted(((o.id, _round(feats[f"branch:{i}"])) for i, o in enumerate(options)),
                        key=lambda item: (-item[1], item[0]))
        top = ranked[0][1]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        p = _round(self.on_topic(feats))
        reject_below = float(self._gate["reject_below"]) if self._gate else 0.5
        zone: Zone
        if p < reject_below and not feats["assent"]:
            zone = "reject"  # a bare "yes" to the customer's request is never off-topic: at worst, confirm
        elif p >= GATE_ACCEPT and top >= ACCEPT and top - second >= MARGIN:
            zone = "accept"
        else:
            zone = "confirm"
        # Confidence: the gate's belief the reply is on topic, times how clearly the best branch wins.
        clarity = min(1.0, max(0.0, 0.5 + (top - second) * 2.5))
        confidence = _round(p * clarity)
        return MatchResult(branch=ranked[0][0] if zone != "reject" else None, confidence=confidence,
                           zone=zone, ranking=tuple(ranked))

    def tags(self, reply: str, context: str | None = None) -> list[Evidence]:
        found = rule_evidence(normalize(reply), context)
        if self._tagger is not None:
            found.extend(self._tagger.evidence(reply, {e.tag for e in found}))
            found.sort(key=lambda e: (e.start, e.tag))
        return found


_LOCK = threading.Lock()
_ANALYZER: list[ReplyAnalyzer] = []


def default_analyzer() -> ReplyAnalyzer:
    """The best analyser available on this machine (loaded once per process, thread-safe).

    With the bundled sentence encoders installed: ``EmbeddingAnalyzer`` (USE + MiniLM, 0.65-0.8 s to
    load); otherwise the pure-Python ``LexicalAnalyzer``. ``EMPATHY_TRAINER_ANALYZER=lexical`` forces
    the fallback, ``=use`` matches on USE alone. Call ``prewarm()`` at start-up to load it in the
    background.
    """
    with _LOCK:
        if not _ANALYZER:
            _ANALYZER.append(_load())
        return _ANALYZER[0]


def prewarm() -> threading.Thread:
    """Start loading the default analyser on a background thread (the game calls this at start-up)."""
    thread = threading.Thread(target=default_analyzer, name="analyzer-prewarm", daemon=True)
    thread.start()
    return thread


USE_WEIGHT = 0.7
"""Share of USE in the match encoder's cosine (the rest is MiniLM); chosen on the project's own branch
data (docs/understanding.md, "A second encoder")."""


def load_match_encoder(use: SentenceEncoder, minilm: SentenceEncoder | None) -> SentenceEncoder:
    """USE blended with MiniLM, or USE alone when MiniLM is not installed, failed to load or was not
    asked for (``EMPATHY_TRAINER_ANALYZER=use``)."""
    if minilm is None:
        return use
    from game.adapters.embeddings import WeightedPairEncoder

    return WeightedPairEncoder(use, minilm, USE_WEIGHT)


def _load_minilm_with_anchors(box: dict[str, Any]) -> None:
    from game.adapters.minilm import load_minilm

    encoder = load_minilm()
    if encoder is not None:
        encoder.encode(load_offtopic_anchors())  # into its cache, while USE loads on the other core
    box["minilm"] = encoder


def _load() -> ReplyAnalyzer:
    choice = os.environ.get("EMPATHY_TRAINER_ANALYZER", "").lower()
    if choice != "lexical":
        from game.adapters.embeddings import load_encoder

        box: dict[str, Any] = {}
        worker = None
        if choice != "use":  # "use": USE alone, MiniLM not even loaded
            # MiniLM (onnxruntime, releases the GIL) loads beside USE: ~0.4 s saved on two cores.
            worker = threading.Thread(target=_load_minilm_with_anchors, args=(box,), name="minilm-load",
                                      daemon=True)
            worker.start()
        encoder = load_encoder()
        if worker is not None:
            worker.join()
        if encoder is not None:
            return EmbeddingAnalyzer(encoder, load_match_encoder(encoder, box.get("minilm")))
    return LexicalAnalyzer()
