"""Empathy and composure scores: per turn, with the evidence behind every point, and per session.

Empathy per turn is the share of a "full" empathic reply the turn showed (tags found in the words),
so a session's empathy is the mean over its turns: length does not buy points, and a missing
behaviour costs nothing but becomes a tip. Composure starts at 100 and each breach costs points.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Literal

from game.delivery import Delivery
from game.model import EMPATHY_TAGS, Mood, Reply
from game.understanding.base import Evidence

Skill = Literal["empathy", "composure"]

EMPATHY_WEIGHTS: dict[str, int] = {
    "acknowledge_emotion": 6,
    "apology": 4,
    "validation": 4,
    "paraphrase": 4,
    "ownership": 4,
    "next_step": 4,
    "exploring_question": 3,
}
FULL_EMPATHY = 14
"""Points that make a turn fully empathic (e.g. feeling named + apology + a concrete next step)."""

COMPOSURE_COSTS: dict[str, int] = {
    "blame": 15,
    "dismissive": 10,
    "sarcasm": 15,
    "defensive": 10,
    "rude": 25,
}
INTERRUPTION_COST = 10
RAISED_VOICE_COST = 5
RUSHED_COST = 3
RUSHED_WPM = 190.0
RAISED_VOICE_DB = 6.0
SILENCE_COST = 5

TIPS: dict[str, str] = {
    "acknowledge_emotion": "Name the feeling you hear (\"that sounds really stressful\").",
    "apology": "Apologise for the problem itself, not for how they feel.",
    "validation": "Tell them their reaction makes sense.",
    "paraphrase": "Repeat the key facts back so they know you listened.",
    "ownership": "Take it on personally: \"I'll make sure this gets fixed.\"",
    "next_step": "Say exactly what happens next, and when.",
    "exploring_question": "Ask a question to understand more before solving.",
}

PASS_EMPATHY = 50
PASS_COMPOSURE = 70


@dataclass(frozen=True)
class ScorePoint:
    skill: Skill
    delta: int
    reason: str
    evidence: str = ""

    def to_json(self) -> dict[str, object]:
        return {"skill": self.skill, "delta": self.delta, "reason": self.reason, "evidence": self.evidence}


@dataclass(frozen=True)
class TurnContext:
    reply: str
    customer_line: str
    mood_before: Mood
    branch: Reply | None
    detected: Sequence[Evidence]
    delivery: Delivery = field(default_factory=Delivery)
    earlier_tags: Collection[str] = ()
    level: int = 1
    silent: bool = False


@dataclass(frozen=True)
class TurnScore:
    empathy_delta: int
    composure_delta: int
    empathy: int
    """This turn alone, 0..100."""
    composure: int
    """This turn alone, 0..100."""
    points: tuple[ScorePoint, ...] = ()
    tips: tuple[str, ...] = ()
    better_reply: str | None = None


@dataclass(frozen=True)
class SessionScores:
    empathy: int
    composure: int
    overall: int

    def to_json(self) -> dict[str, int]:
        return {"empathy": self.empathy, "composure": self.composure, "overall": self.overall}


def score_turn(ctx: TurnContext, better_reply: str | None = None) -> TurnScore:
    points: list[ScorePoint] = []
    seen: set[str] = set()
    for found in ctx.detected:
        if found.tag in seen:
            continue
        seen.add(found.tag)
        if found.tag in EMPATHY_WEIGHTS:
            points.append(ScorePoint("empathy", EMPATHY_WEIGHTS[found.tag], found.why, found.quote))
        elif found.tag in COMPOSURE_COSTS:
            points.append(ScorePoint("composure", -COMPOSURE_COSTS[found.tag], found.why, found.quote))
    if ctx.silent:
        points.append(ScorePoint("composure", -SILENCE_COST, "No answer: the customer was left waiting."))
    points.extend(_delivery_points(ctx.delivery))

    empathy_delta = sum(p.delta for p in points if p.skill == "empathy")
    composure_delta = sum(p.delta for p in points if p.skill == "composure")
    tips = _tips(seen, ctx)
    return TurnScore(
        empathy_delta=empathy_delta,
        composure_delta=composure_delta,
        empathy=_clamp(round(100 * empathy_delta / FULL_EMPATHY)),
        composure=_clamp(100 + composure_delta),
        points=tuple(points),
        tips=tips,
        better_reply=better_reply,
    )


def score_session(turns: Sequence[TurnScore]) -> SessionScores:
    if not turns:
        return SessionScores(0, 100, 50)
    empathy = round(sum(t.empathy for t in turns) / len(turns))
    composure = _clamp(100 + sum(t.composure_delta for t in turns))
    return SessionScores(empathy=empathy, composure=composure, overall=round((empathy + composure) / 2))


def passed(scores: SessionScores, success: bool) -> bool:
    return success and scores.empathy >= PASS_EMPATHY and scores.composure >= PASS_COMPOSURE


def _delivery_points(delivery: Delivery) -> list[ScorePoint]:
    points: list[ScorePoint] = []
    if delivery.interrupted:
        points.append(
            ScorePoint("composure", -INTERRUPTION_COST, "You spoke over the customer.", "interrupted")
        )
    if delivery.loudness_rise_db is not None and delivery.loudness_rise_db > RAISED_VOICE_DB:
        points.append(
            ScorePoint(
                "composure",
                -RAISED_VOICE_COST,
                "Your voice rose above your calm level.",
                f"+{delivery.loudness_rise_db:.0f} dB",
            )
        )
    if delivery.words_per_minute is not None and delivery.words_per_minute > RUSHED_WPM:
        points.append(
            ScorePoint(
                "composure",
                -RUSHED_COST,
                "You spoke fast; a calm pace reassures.",
                f"{delivery.words_per_minute:.0f} words a minute",
            )
        )
    return points


def _tips(shown: set[str], ctx: TurnContext) -> tuple[str, ...]:
    tips: list[str] = []
    upset = ctx.mood_before.anger >= 40
    feelings_done = {"acknowledge_emotion", "apology", "validation"} & (shown | set(ctx.earlier_tags))
    if upset and not feelings_done:
        tips.append(TIPS["acknowledge_emotion"])
    if ctx.branch is not None:
        for tag in ctx.branch.tags:
            if tag in EMPATHY_TAGS and tag not in shown and TIPS[tag] not in tips:
                tips.append(TIPS[tag])
    if not tips and "next_step" not in shown and "next_step" not in ctx.earlier_tags:
        tips.append(TIPS["next_step"])
    return tuple(tips[:2])


def _clamp(value: int) -> int:
    return max(0, min(100, value))
