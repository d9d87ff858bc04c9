"""Fit the small learnt parts of the analyser on the project's OWN data (game/understanding/data/).

    python -m game.understanding.calibrate          # rewrites game/understanding/data/model.json

1. The service-talk classifier (``fit_service``): does a reply sound like handling a problem at all?
   Over the USE embedding, trained on data/tagged*.yaml, data/offtopic.txt and data/branches*.yaml.
2. The on-topic gate of branch matching: a logistic regression over the numbers in ``GATE_FEATURES``
   (best combined score, margin over the runner-up, mean similarity to the 3 nearest chit-chat
   anchors, mean similarity to all of the node's examples, reply length, whether any tag rule
   fired, the service-talk probability), fitted on data/branches*.yaml; one gate per match encoder.
3. The tag classifier: one logistic regression per tag over the sentence embedding, fitted on
   data/tagged*.yaml (see ``tagger.py``).

shared/data/replies-dev.yaml is never read here: it is the test set of bench/bench_understanding.py.
Deterministic: plain gradient descent from zero, fixed iterations, rounded weights.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

from game.understanding.base import BranchOption

DATA = Path(__file__).resolve().parent / "data"
MODEL_PATH = DATA / "model.json"
GATE_FEATURES = ("top", "margin", "offtopic3", "example_mean", "length", "behaviour", "service")
SERVICE_SCALE = 4.0
SERVICE_L2 = 0.01
SERVICE_FOLDS = 5
"""The gate is fitted on out-of-fold service probabilities: in-sample ones look too sure and would
buy the feature too much weight."""
GATE_SCALE = 10.0
GATE_L2 = 0.03
GATE_REJECT_BELOW = 0.3
"""Fallback cut; the real one is chosen by leave-one-node-out cross-validation (model.json)."""

FloatArray = npt.NDArray[np.float64]


def fit_logistic(x: FloatArray, y: FloatArray, l2: float, iterations: int = 3000, rate: float = 0.5,
                 weights: FloatArray | None = None) -> tuple[FloatArray, float]:
    """Weighted L2-regularised logistic regression by full-batch gradient descent (deterministic)."""
    w = np.zeros(x.shape[1])
    b = 0.0
    sample_w = np.ones(len(y)) if weights is None else weights
    total = float(sample_w.sum())
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        g = (p - y) * sample_w
        w -= rate * (x.T @ g / total + l2 * w)
        b -= rate * float(g.sum() / total)
    return w, b


def gate_rows(analyzer: Any, cases: list[dict[str, Any]]) -> tuple[FloatArray, FloatArray, list[int]]:
    xs: list[list[float]] = []
    ys: list[float] = []
    groups: list[int] = []
    for number, case in enumerate(cases):
        options = [BranchOption(bid, tuple(ex)) for bid, ex in case["branches"].items()]
        for reply in case["replies"]:
            feats = analyzer.gate_features(reply["text"], options, case.get("customer"))
            xs.append([feats[k] for k in GATE_FEATURES])
            ys.append(0.0 if reply["branch"] == "none" else 1.0)
            groups.append(number)
    return np.array(xs), np.array(ys), groups


def choose_reject_threshold(x: FloatArray, y: FloatArray, groups: list[int]) -> tuple[float, float]:
    """Leave-one-node-out: the probability cut maximising 3 x (on-topic kept) + (off-topic rejected).

    Keeping counts three times: rejecting a good answer makes the customer escalate at a trainee who did
    nothing wrong, which is worse than asking "Did you mean ...?" after chit-chat. Ties go to the
    lower cut."""
    probs = np.zeros(len(y))
    g = np.array(groups)
    for group in sorted(set(groups)):
        train = g != group
        w, b = fit_logistic(x[train] * GATE_SCALE, y[train], GATE_L2)
        probs[~train] = 1.0 / (1.0 + np.exp(-(x[~train] * GATE_SCALE @ w + b)))
    best = (-1.0, GATE_REJECT_BELOW)
    for cut in np.arange(0.10, 0.81, 0.05):
        keep = float(np.mean(probs[y > 0] >= cut))
        reject = float(np.mean(probs[y == 0] < cut))
        score = (3 * keep + reject) / 4
        if score > best[0] + 1e-9:
            best = (score, round(float(cut), 2))
    return best[1], best[0]


def load_cases() -> list[dict[str, Any]]:
    """Every data/branches*.yaml file's cases (the first batch and the ones written after it)."""
    cases: list[dict[str, Any]] = []
    for path in sorted(DATA.glob("branches*.yaml")):
        cases.extend(yaml.safe_load(path.read_text(encoding="utf-8"))["cases"])
    return cases


def offtopic_lines() -> list[str]:
    """Every line of data/offtopic.txt: chit-chat and business-sounding talk that answers nobody."""
    lines = (DATA / "offtopic.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def fit_service(encoder: Any, cases: list[dict[str, Any]]) -> dict[str, Any]:
    """The service-talk classifier: replies that handle a problem (data/tagged*.yaml and the on-topic
    replies of ``cases``) against chit-chat and sales talk (offtopic.txt and the ``none`` replies).
    Classes weighted to balance; over the USE embedding, so it is the same with or without MiniLM."""
    from game.understanding.tagger import load_tagged

    on = [r["text"] for r in load_tagged()[1]]
    off = offtopic_lines()
    for case in cases:
        for reply in case["replies"]:
            (off if reply["branch"] == "none" else on).append(reply["text"])
    x = np.concatenate([encoder.encode(on), encoder.encode(off)]).astype(np.float64) * SERVICE_SCALE
    y = np.concatenate([np.ones(len(on)), np.zeros(len(off))])
    balance = np.where(y > 0, len(y) / (2 * len(on)), len(y) / (2 * len(off)))
    w, b = fit_logistic(x, y, SERVICE_L2, iterations=1500, weights=balance)
    return {"weights": [round(float(v) * SERVICE_SCALE, 5) for v in w], "bias": round(b, 5),
            "trained_on": f"{len(on)} problem-handling replies, {len(off)} off-topic lines"}


def fit_gate(analyzer: Any, cases: list[dict[str, Any]]) -> dict[str, Any]:
    """The gate's weights and cut. The service feature of each case comes from a classifier trained
    without that case's fold (``SERVICE_FOLDS``), as it will be on a scenario never seen."""
    xs: list[FloatArray] = []
    ys: list[FloatArray] = []
    groups: list[int] = []
    for fold in range(SERVICE_FOLDS):
        held = [c for i, c in enumerate(cases) if i % SERVICE_FOLDS == fold]
        rest = [c for i, c in enumerate(cases) if i % SERVICE_FOLDS != fold]
        analyzer._service = fit_service(analyzer.encoder, rest)
        x, y, g = gate_rows(analyzer, held)
        xs.append(x)
        ys.append(y)
        groups.extend(fold * 10_000 + v for v in g)
    x, y = np.concatenate(xs), np.concatenate(ys)
    cut, cv_score = choose_reject_threshold(x, y, groups)
    w, b = fit_logistic(x * GATE_SCALE, y, GATE_L2)
    return {
        "features": list(GATE_FEATURES),
        "weights": [round(float(v) * GATE_SCALE, 4) for v in w],
        "bias": round(b, 4),
        "reject_below": cut,
        "cv_weighted_accuracy": round(cv_score, 3),
        "trained_on": f"data/branches*.yaml ({len(y)} replies, {int(len(y) - y.sum())} off-topic)",
    }


def main() -> int:
    from game.understanding.default import EmbeddingAnalyzer, default_analyzer

    analyzer = default_analyzer()
    if not isinstance(analyzer, EmbeddingAnalyzer):
        print("the sentence encoder is not installed; nothing to calibrate", file=sys.stderr)
        return 1
    cases = load_cases()
    # A gate for the blended match encoder and one for USE alone (MiniLM not installed).
    gates: dict[str, Any] = {}
    for match_encoder in dict.fromkeys([analyzer.match_encoder, analyzer.encoder]):
        variant = EmbeddingAnalyzer(analyzer.encoder, match_encoder)
        gates[match_encoder.name] = fit_gate(variant, cases)
        print(f"gate for {match_encoder.name}: cut {gates[match_encoder.name]['reject_below']}, "
              f"cross-validated score {gates[match_encoder.name]['cv_weighted_accuracy']}")
    model: dict[str, Any] = {"gates": gates, "service": fit_service(analyzer.encoder, cases)}
    from game.understanding.tagger import train_tagger

    tagger = train_tagger(analyzer)
    if tagger is not None:
        model["tagger"] = tagger
    MODEL_PATH.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
