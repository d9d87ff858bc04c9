"""A learnt second opinion for the behaviour tags: one logistic regression per tag over the sentence
embedding, trained on the project's own labelled replies (data/tagged*.yaml).

Rules (``rules.py``) are precise but miss phrasings nobody wrote a pattern for; the classifier
generalises over meaning but is less precise. A tag is reported when a rule fires, or when the
classifier is at least as sure as the tag's threshold. Thresholds are chosen by leave-one-situation-
out cross-validation of "rules OR classifier" on the training data (``train_tagger``), never on the
test set. Evidence for a tag the classifier found: the clause of the reply that scores highest for
it, with the reason the tag stands for.

Length must not buy tags: a repeated sentence (or run of words) is judged once, and in a reply of
several sentences one of them must reach the tag's threshold on its own (``Tagger.evidence``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.understanding.base import Evidence
from game.understanding.rules import DISMISSIVE_FRAME, EMPATHIC_SHOULD, NON_APOLOGY, NON_APOLOGY_FEELING
from game.understanding.text import normalize

if TYPE_CHECKING:
    from game.adapters.embeddings import SentenceEncoder

DATA = Path(__file__).resolve().parent / "data"
TAGS: tuple[str, ...] = (
    "acknowledge_emotion", "apology", "validation", "paraphrase", "ownership", "next_step",
    "exploring_question", "blame", "dismissive", "sarcasm", "defensive", "rude",
)
SCALE = 3.0
L2 = 0.01
POSITIVE_WEIGHT = 3.0
THRESHOLDS = (0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
MIN_THRESHOLD: dict[str, float] = {"rude": 0.6}
"""Cost-based floor: a false "rude" costs the trainee 25 composure points, the heaviest breach, so
the classifier alone must be fairly sure (the rules still fire on their own)."""
OFF = 2.0
"""A threshold no probability reaches: the classifier is not used for that tag."""

WHY: dict[str, str] = {
    "acknowledge_emotion": "reflects how the customer feels",
    "apology": "apologises for what went wrong",
    "validation": "treats the customer's reaction as reasonable",
    "paraphrase": "restates the customer's situation in your own words",
    "ownership": "takes responsibility and commits personally",
    "next_step": "says what will be done next",
    "exploring_question": "asks to understand the customer's situation",
    "blame": "puts the fault on the customer or someone else",
    "dismissive": "minimises the problem or brushes the customer off",
    "sarcasm": "sounds mocking or ironic",
    "defensive": "defends yourself or the company instead of helping",
    "rude": "sounds disrespectful",
}
_CLAUSE = re.compile(r"[^.;!?]+[.;!?]*")


class Tagger:
    """Applies the trained per-tag weights (from model.json) to a reply's embedding."""

    def __init__(self, model: dict[str, Any], encoder: SentenceEncoder) -> None:
        import numpy as np

        self._encoder = encoder
        specs = [(t, spec) for t, spec in model.get("tags", {}).items() if float(spec["threshold"]) <= 1.0]
        self._names = [t for t, _ in specs]
        self._tags = {t: float(spec["threshold"]) for t, spec in specs}
        weights = [spec["weights"] for _, spec in specs]
        self._weights = np.array(weights, dtype=np.float64).reshape(len(specs), -1)
        self._bias = np.array([float(spec["bias"]) for _, spec in specs], dtype=np.float64)

    def probabilities(self, texts: Sequence[str]) -> list[dict[str, float]]:
        import numpy as np

        if not self._names:
            return [{} for _ in texts]
        vectors = np.asarray(self._encoder.encode(list(texts)), dtype=np.float64)
        z = np.clip(vectors @ self._weights.T + self._bias, -50.0, 50.0)
        p = np.round(1.0 / (1.0 + np.exp(-z)), 4)
        return [{t: float(row[i]) for i, t in enumerate(self._names)} for row in p]

    def evidence(self, reply: str, already: set[str]) -> list[Evidence]:
        """Tags the classifier is sure of that the rules did not find, each quoting the part of the
        reply that shows it best."""
        if not self._tags or not reply.strip():
            return []
        # Saying a sentence twice is not saying more: the reply is judged without its repeats.
        said = _without_repeats(reply)
        parts = _segments(said)
        whole = self.probabilities([said])[0]
        wanted = [t for t, th in self._tags.items() if t not in already and whole[t] >= th]
        canon = normalize(reply).text
        if "apology" in wanted and NON_APOLOGY.search(canon):
            wanted.remove("apology")
        if "acknowledge_emotion" in wanted and DISMISSIVE_FRAME.search(canon):
            wanted.remove("acknowledge_emotion")
        if "acknowledge_emotion" in wanted and NON_APOLOGY_FEELING.search(canon):
            wanted.remove("acknowledge_emotion")  # "sorry you feel let down" names no feeling of theirs
        if "defensive" in wanted and "ownership" in already:
            wanted.remove("defensive")  # "that's on us" owns the failure; it cannot also defend
        if "blame" in wanted and EMPATHIC_SHOULD.search(canon):
            wanted.remove("blame")  # "you must have been worried", "you should have been told"
        hostile = (already | set(wanted)) & {"blame", "sarcasm", "dismissive", "rude", "defensive"}
        if "exploring_question" in wanted and hostile:
            wanted.remove("exploring_question")  # a question that blames or mocks is not exploring
        if already & {"sarcasm", "rude"}:
            # "Oh great, another boiler complaint": mockery a rule found is not empathy, whatever the
            # words sound like (the classifier's own sarcasm is too unsure to veto anything).
            wanted = [t for t in wanted if t not in {"acknowledge_emotion", "validation"}]
        if not wanted:
            return []
        found: list[Evidence] = []
        if len(parts) > 1:
            per_part = self.probabilities([said[a:b].strip() for a, b in parts])
            # One sentence must show the tag on its own: the whole-reply embedding drifts as words
            # are added, so padding a reply with small talk could otherwise tip a tag over its
            # threshold (bench/bench_understanding.py, "longer alone": 90 of 1,056 padded or
            # repeated dev replies scored more empathy before this check).
            wanted = [t for t in wanted if max(p[t] for p in per_part) >= self._tags[t]]
        for tag in wanted:
            quote = reply.strip()
            if len(parts) > 1:
                best = max(range(len(parts)), key=lambda i: (per_part[i][tag], -i))
                quote = said[parts[best][0] : parts[best][1]].strip()
            start = reply.find(quote)
            if start < 0:  # the repeats were taken out between its words: quote the whole reply
                quote, start = reply.strip(), reply.find(reply.strip())
            found.append(Evidence(tag, quote, f"{WHY[tag]} (judged from the meaning of the words)",
                                  start, start + len(quote)))
        return found


def _segments(reply: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or ";" part of ``reply``, repeats left out.

    Speech-recogniser text has no full stops: it is one part. Windows of words were measured as
    parts and lost real tags (the classifier was trained on whole replies: "... it'll be here
    Thursday, I'll give you a ring when it arrives" is a next step, none of its windows is)."""
    seen: set[str] = set()
    spans: list[tuple[int, int]] = []
    for start, end in _sentence_spans(reply):
        key = " ".join(normalize(reply[start:end]).words)
        if reply[start:end].strip() and key not in seen:
            seen.add(key)
            spans.append((start, end))
    return spans


_CAPITALISED = re.compile(r"(?<=[a-z0-9])\s+(?=(?!I\b|I['’])[A-Z][a-z])")


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences by their punctuation; in an all-lowercase run (recogniser text) a capitalised word
    also starts one ("... im so sorry Just to let you know ..." is two)."""
    spans: list[tuple[int, int]] = []
    for m in _CLAUSE.finditer(text):
        start = m.start()
        for cut in _CAPITALISED.finditer(text, m.start(), m.end()):
            if not any(c.isupper() for c in text[start : cut.start()]):
                spans.append((start, cut.start()))
                start = cut.end()
        spans.append((start, m.end()))
    return spans


def _without_repeats(reply: str) -> str:
    """The reply with repeated sentences, and runs of three or more words said twice in a row
    (speech has no full stops to tell sentences apart), said once."""
    sentences: dict[str, str] = {}
    for start, end in _sentence_spans(reply):
        sentences.setdefault(" ".join(normalize(reply[start:end]).words), reply[start:end].strip())
    words = " ".join(sentences.values()).split()
    i = 0
    while i < len(words):
        for size in range((len(words) - i) // 2, 2, -1):
            if _same(words[i : i + size], words[i + size : i + 2 * size]):
                del words[i + size : i + 2 * size]
                break
        else:
            i += 1
    return " ".join(words) or reply


def _same(first: Sequence[str], second: Sequence[str]) -> bool:
    return [w.lower().strip(",.;:!?") for w in first] == [w.lower().strip(",.;:!?") for w in second]


def load_tagged() -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Every data/tagged*.yaml batch: (situation id -> customer line, labelled replies).

    A situation id may be defined by one batch only: the classifier's thresholds are chosen by
    leaving one situation out, and two different complaints under one id would blur that."""
    import yaml

    situations: dict[str, str] = {}
    replies: list[dict[str, Any]] = []
    for path in sorted(DATA.glob("tagged*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        clash = situations.keys() & data["situations"].keys()
        if clash:
            raise ValueError(f"{path.name}: situation ids already used by another batch: {sorted(clash)}")
        situations.update(data["situations"])
        replies.extend(data["replies"])
    return situations, replies


def train_tagger(analyzer: Any) -> dict[str, Any] | None:
    """Fit the per-tag classifiers on data/tagged*.yaml; returns the model.json section."""
    import numpy as np

    from game.understanding.calibrate import fit_logistic
    from game.understanding.rules import rule_evidence

    situations, replies = load_tagged()
    if not replies:
        return None
    encoder = analyzer.encoder
    x = np.asarray(encoder.encode([r["text"] for r in replies]), dtype=np.float64) * SCALE
    groups = [r["s"] for r in replies]
    gold = [set(r["tags"]) for r in replies]
    rules = [{e.tag for e in rule_evidence(normalize(r["text"]), situations[r["s"]])} for r in replies]
    out: dict[str, Any] = {}
    for tag in TAGS:
        y = np.array([tag in g for g in gold], dtype=np.float64)
        if y.sum() < 3:
            continue
        sample_w = np.where(y > 0, POSITIVE_WEIGHT, 1.0)
        probs = np.zeros(len(y))
        for group in sorted(set(groups)):
            train = np.array([g != group for g in groups])
            w, b = fit_logistic(x[train], y[train], L2, iterations=1500, rate=1.0, weights=sample_w[train])
            probs[~train] = 1.0 / (1.0 + np.exp(-(x[~train] @ w + b)))
        best_f1, best_th = _f1([tag in r for r in rules], y), OFF
        for th in (t for t in THRESHOLDS if t >= MIN_THRESHOLD.get(tag, 0.0)):
            f1 = _f1([(tag in r) or bool(p >= th) for r, p in zip(rules, probs, strict=True)], y)
            if f1 > best_f1 + 1e-9:
                best_f1, best_th = f1, th
        w, b = fit_logistic(x, y, L2, iterations=1500, rate=1.0, weights=sample_w)
        out[tag] = {
            "weights": [round(float(v) * SCALE, 5) for v in w],
            "bias": round(float(b), 5),
            "threshold": best_th,
            "cv_f1_rules_or_classifier": round(best_f1, 3),
            "cv_f1_rules_only": round(_f1([tag in r for r in rules], y), 3),
        }
    return {"trained_on": f"data/tagged*.yaml ({len(replies)} replies)", "tags": out}


def _f1(pred: Sequence[bool], gold: Any) -> float:
    tp = sum(1 for p, g in zip(pred, gold, strict=True) if p and g)
    fp = sum(1 for p, g in zip(pred, gold, strict=True) if p and not g)
    fn = sum(1 for p, g in zip(pred, gold, strict=True) if not p and g)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
