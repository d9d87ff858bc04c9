"""The learnt parts of the analyser: shipped model file, deterministic fitting, honest data split."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from game.understanding.calibrate import GATE_FEATURES, MODEL_PATH, fit_logistic, load_cases
from game.understanding.default import USE_WEIGHT
from game.understanding.tagger import TAGS, load_tagged

DATA = Path(MODEL_PATH).parent


def test_model_file_matches_the_code() -> None:
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    # One gate for the blended match encoder and one for USE alone (MiniLM not installed).
    assert set(model["gates"]) == {"use-m3", f"use-m3*{USE_WEIGHT:g}+minilm-int8"}
    for gate in model["gates"].values():
        assert gate["features"] == list(GATE_FEATURES)
        assert len(gate["weights"]) == len(GATE_FEATURES)
        assert 0.0 < gate["reject_below"] < 1.0
    for tag, spec in model["tagger"]["tags"].items():
        assert tag in TAGS
        assert len(spec["weights"]) == 512
        assert spec["threshold"] > 0


def test_fitting_is_deterministic_and_learns() -> None:
    x = np.array([[0.0, 1.0], [1.0, 0.0], [0.9, 0.1], [0.1, 0.8]])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    w1, b1 = fit_logistic(x, y, 0.01, iterations=500)
    w2, b2 = fit_logistic(x, y, 0.01, iterations=500)
    assert np.array_equal(w1, w2) and b1 == b2
    p = 1 / (1 + np.exp(-(x @ w1 + b1)))
    assert all((p > 0.5) == (y > 0.5))


def test_training_data_never_comes_from_the_shared_test_set() -> None:
    import yaml

    shared = Path(__file__).resolve().parents[2] / "shared" / "data" / "replies-dev.yaml"
    if not shared.exists():
        shared = Path("/work/shared/data/replies-dev.yaml")
    if not shared.exists():
        return
    test_texts: set[str] = set()
    root = Path(__file__).resolve().parents[1]
    own_holdout = root / "game" / "understanding" / "data" / "holdout.yaml"
    held = [shared, own_holdout, *sorted((root / "bench" / "data").glob("*.yaml"))]
    for path in held:  # the dev set and every holdout: measured on, never trained on
        test = yaml.safe_load(path.read_text(encoding="utf-8"))
        test_texts |= {r["text"].strip().lower() for r in test.get("replies", [])}
        cases = test.get("branch_cases") or test.get("cases") or []
        test_texts |= {r["text"].strip().lower() for c in cases for r in c["replies"]}
    own = load_tagged()[1]
    branches = load_cases()
    assert len(branches) > 80  # every data/branches*.yaml batch is read
    mine = {r["text"].strip().lower() for r in own} | {
        r["text"].strip().lower() for c in branches for r in c["replies"]
    }
    assert not (mine & test_texts)
