"""Shared builders for the progress tests: synthetic session results in the SPEC's ``run --json`` shape."""

from __future__ import annotations

from typing import Any

from game.model import COMPOSURE_TAGS, EMPATHY_TAGS


def make_turn(
    node: str = "opening",
    tags: list[str] | None = None,
    *,
    reply: str = "I'm sorry, that sounds awful",
    branch: str | None = "acknowledge",
    emotion: str = "angry",
    anger: int = 50,
) -> dict[str, Any]:
    tags = list(tags or [])
    empathy = sum(1 for t in tags if t in EMPATHY_TAGS)
    breaches = sum(1 for t in tags if t in COMPOSURE_TAGS)
    return {
        "node": node,
        "customer": f"customer line at {node}",
        "emotion": emotion,
        "reply": reply,
        "branch": branch,
        "confidence": 0.8,
        "tags": tags,
        "empathy_delta": 10 * empathy,
        "composure_delta": -10 * breaches,
        "mood": {"anger": anger, "trust": 40},
        "mood_before": {"anger": anger, "trust": 40},
        "feedback": [],
    }


def make_result(
    scenario: str = "gift-arrived-broken",
    *,
    level: int = 3,
    outcome: str = "resolved",
    empathy: int = 70,
    composure: int = 90,
    turns: list[dict[str, Any]] | None = None,
    start_anger: int = 60,
    title: str | None = None,
) -> dict[str, Any]:
    turns = turns if turns is not None else [make_turn(tags=["apology", "acknowledge_emotion"])]
    overall = round((empathy + composure) / 2)
    return {
        "scenario": scenario,
        "title": title or scenario.replace("-", " ").capitalize(),
        "level": level,
        "setting": "retail_counter",
        "outcome": outcome,
        "success": outcome == "resolved",
        "turns": turns,
        "scores": {"empathy": empathy, "composure": composure, "overall": overall},
        "passed": outcome == "resolved" and empathy >= 50 and composure >= 70,
        "mood_history": [{"anger": start_anger, "trust": 30}] + [t["mood"] for t in turns],
    }


def result_with(
    scenario: str,
    shown: list[str],
    *,
    level: int = 2,
    start_anger: int = 50,
    outcome: str = "resolved",
    composure: int = 90,
    empathy: int = 70,
    nodes: tuple[str, ...] = ("opening", "details", "close"),
) -> dict[str, Any]:
    """A session in which the trainee showed ``shown`` at every node."""
    turns = [make_turn(node, shown, anger=start_anger) for node in nodes]
    return make_result(
        scenario,
        level=level,
        outcome=outcome,
        empathy=empathy,
        composure=composure,
        turns=turns,
        start_anger=start_anger,
    )
