"""Empathy and composure scores: per turn, with the evidence behind every point, and per session.

Empathy (0..100 per turn) is the share of a "full" empathic reply the turn showed: each behaviour
counts once, however many times or however long it is said, so length alone never buys points
(a very long reply even loses a little: it buries the point for an upset customer). Behaviours
come from two sources that are combined:

* the trainee's own words (``ctx.detected``, tags found by the analyser, each with a quote);
* the branch the reply was matched to (``ctx.branch.tags``, authored by the trainer). A behaviour
  the trainer tagged but the words did not show counts at half weight, citing the branch.

Order matters when the customer is upset: solving before acknowledging the feeling halves the
feeling points (and says so). A missing behaviour costs nothing but becomes a tip. Composure starts
at 100 per turn; each breach (in the words, in the authored branch, or in the delivery) costs points.
A session's empathy is the mean of its turns; its composure is 100 minus every breach of the session.

Every ``ScorePoint`` names its skill, its delta, a reason the trainee can read and the evidence
(the quoted words, the branch, or the delivery measure). Deterministic, pure Python.
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
"""Points that make a turn fully empathic for an upset customer (feeling named + apology + next step)."""
CALM_FULL_EMPATHY = 8
"""What a calm customer needs for a full turn: a simple inquiry is served by warmth and a clear next
step; demanding feeling-talk from someone who is not upset would mark good service down."""

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

AUTHORED_SHARE = 0.5
"""A behaviour only the matched branch's tags show (not the words) counts this much."""
UPSET_ANGER = 40
"""At or above this anger, acknowledging the feeling should come before problem-solving."""
FEELING_TAGS = frozenset({"acknowledge_emotion", "apology", "validation"})
SOLVING_TAGS = frozenset({"next_step"})
LONG_REPLY_WORDS = 70
LONG_REPLY_COST = 2


def full_empathy(anger: int) -> int:
    """The points that make a full turn at this anger: from CALM_FULL_EMPATHY at 0 to FULL_EMPATHY at
    UPSET_ANGER and above (linear in between), so calm inquiries are not scored as cold."""
    share = min(1.0, max(0, anger) / UPSET_ANGER)
    return round(CALM_FULL_EMPATHY + (FULL_EMPATHY - CALM_FULL_EMPATHY) * share)


TIPS: dict[str, str] = {
    "acknowledge_emotion": "Name the feeling you hear (\"that sounds really stressful\").",
    "apology": "Apologise for the problem itself, not for how they feel.",
    "validation": "Tell them their reaction makes sense.",
    "paraphrase": "Repeat the key facts back so they know you listened.",
    "ownership": "Take it on personally: \"I'll make sure this gets fixed.\"",
    "next_step": "Say exactly what happens next, and when.",
    "exploring_question": "Ask a question to understand more before solving.",
}
COMPOSURE_TIPS: dict[str, str] = {
    "blame": "Leave out who is at fault; focus on fixing it.",
    "dismissive": "Don't minimise it or hide behind policy; take the problem seriously.",
    "sarcasm": "Drop the irony: plain, sincere words calm people.",
    "defensive": "Resist defending yourself or the company; help first.",
    "rude": "Keep it respectful, however the customer speaks.",
}
ORDER_TIP = "Acknowledge the feeling first, then move to the fix."
# Short, sincere phrases used to build a stronger reply when the authored branches lack a behaviour.
PHRASES: dict[str, str] = {
    "acknowledge_emotion": "I can hear how frustrating this is.",
    "apology": "I'm sorry this happened.",
    "validation": "You're right to raise it.",
    "ownership": "I'll see this through myself.",
    "next_step": "Here's what I'll do next, and when.",
    "exploring_question": "Can you tell me a bit more about what happened?",
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
    options: Sequence[Reply] = ()
    """The branches that were available (optional): used to build a stronger reply."""


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
    """Score one turn; ``better_reply`` (an authored phrasing) is strengthened with missing behaviours."""
    points: list[ScorePoint] = []
    if ctx.silent:
        points.append(ScorePoint("composure", -SILENCE_COST, "No answer: the customer was left waiting."))
        points.extend(_delivery_points(ctx.delivery))
        return _finish(ctx, points, set(), better_reply)

    words: dict[str, Evidence] = {}
    for found in ctx.detected:
        words.setdefault(found.tag, found)
    authored = tuple(ctx.branch.tags) if ctx.branch is not None else ()

    upset = ctx.mood_before.anger >= UPSET_ANGER
    solved_at = min((e.start for t, e in words.items() if t in SOLVING_TAGS), default=None)
    feeling_before = bool(FEELING_TAGS & set(ctx.earlier_tags))
    order_noted = False

    for tag, found in words.items():
        if tag in EMPATHY_WEIGHTS:
            weight = EMPATHY_WEIGHTS[tag]
            reason = found.why
            if (tag in FEELING_TAGS and upset and not feeling_before and solved_at is not None
                    and found.start > solved_at and found.end > found.start):
                weight = weight // 2
                reason = f"{found.why} (but only after the fix: half points)"
                order_noted = True
            points.append(ScorePoint("empathy", weight, reason, found.quote))
        elif tag in COMPOSURE_COSTS:
            points.append(ScorePoint("composure", -COMPOSURE_COSTS[tag], found.why, found.quote))

    if ctx.branch is not None:
        for tag in authored:
            if tag in words:
                continue
            cite = f"matched the trainer's branch '{ctx.branch.id}'"
            if tag in EMPATHY_WEIGHTS:
                weight = max(1, round(EMPATHY_WEIGHTS[tag] * AUTHORED_SHARE))
                points.append(ScorePoint("empathy", weight,
                                         f"{_label(tag)} (from the branch your reply matched; say it in your "
                                         "own words for full points)", cite))
            elif tag in COMPOSURE_COSTS:
                cost = max(1, round(COMPOSURE_COSTS[tag] * AUTHORED_SHARE))
                points.append(ScorePoint("composure", -cost,
                                         f"{_label(tag)}: your reply meant what this branch means", cite))

    n_words = len(ctx.reply.split())
    if n_words > LONG_REPLY_WORDS:
        points.append(ScorePoint("empathy", -LONG_REPLY_COST,
                                 "A very long answer buries the point for an upset customer; keep it short.",
                                 f"{n_words} words"))
    points.extend(_delivery_points(ctx.delivery))
    shown = set(words) | set(authored)
    result = _finish(ctx, points, shown, better_reply)
    if order_noted:
        tips = (ORDER_TIP, *[t for t in result.tips if t != ORDER_TIP])[:3]
        return TurnScore(result.empathy_delta, result.composure_delta, result.empathy, result.composure,
                         result.points, tips, result.better_reply)
    return result


def score_reply(reply: str, evidence: Sequence[Evidence], context: str | None = None) -> TurnScore:
    """A standalone turn score for a reply out of any scenario (the ``score`` command).

    The customer is taken to be upset (anger 60) when a customer line is given, as in the
    situations this tool trains for; with no line, order does not count (anger 0).
    """
    mood = Mood(anger=60, trust=30) if context else Mood(anger=0, trust=50)
    ctx = TurnContext(reply=reply, customer_line=context or "", mood_before=mood, branch=None,
                      detected=evidence, silent=not reply.strip())
    return score_turn(ctx)


def score_session(turns: Sequence[TurnScore], outcome: str | None = None) -> SessionScores:
    """Session scores from the turn scores. ``outcome`` is accepted for callers that have it; the
    scores measure the trainee's behaviour, the outcome is reported (and gates passing) separately."""
    if not turns:
        return SessionScores(0, 100, 50)
    empathy = round(sum(t.empathy for t in turns) / len(turns))
    composure = _clamp(100 + sum(t.composure_delta for t in turns))
    return SessionScores(empathy=empathy, composure=composure, overall=round((empathy + composure) / 2))


def passed(scores: SessionScores, success: bool) -> bool:
    return success and scores.empathy >= PASS_EMPATHY and scores.composure >= PASS_COMPOSURE


def build_better_reply(authored: str | None, shown: Collection[str], upset: bool) -> str | None:
    """A stronger reply: the best authored phrasing available, led by a feeling phrase when the
    customer is upset and no feeling has been acknowledged yet (the missing behaviour, in words)."""
    parts: list[str] = []
    if upset and not FEELING_TAGS & set(shown) and not (authored and _shows_feeling(authored)):
        parts.append(PHRASES["acknowledge_emotion"])
    if authored:
        parts.append(authored)
    return " ".join(parts) or None


def _shows_feeling(text: str) -> bool:
    """Whether an authored phrasing already acknowledges, apologises or validates (rules only)."""
    from game.understanding.rules import rule_evidence
    from game.understanding.text import normalize

    return any(e.tag in FEELING_TAGS for e in rule_evidence(normalize(text)))


def _finish(
    ctx: TurnContext, points: list[ScorePoint], shown: set[str], better_reply: str | None
) -> TurnScore:
    empathy_delta = sum(p.delta for p in points if p.skill == "empathy")
    composure_delta = sum(p.delta for p in points if p.skill == "composure")
    tips = _tips(shown, ctx)
    upset = ctx.mood_before.anger >= UPSET_ANGER
    breached = bool(shown & set(COMPOSURE_COSTS))
    # No better authored branch: the trainee's own words, led by the feeling they left out.
    own_words = ctx.reply.strip() if better_reply is None and not breached and not ctx.silent else None
    stronger = build_better_reply(better_reply or own_words, shown | set(ctx.earlier_tags), upset)
    if stronger == own_words:
        stronger = None  # nothing to add to what they said
    return TurnScore(
        empathy_delta=empathy_delta,
        composure_delta=composure_delta,
        empathy=_clamp(round(100 * max(0, empathy_delta) / full_empathy(ctx.mood_before.anger))),
        composure=_clamp(100 + composure_delta),
        points=tuple(points),
        tips=tips,
        better_reply=stronger,
    )


def _label(tag: str) -> str:
    return tag.replace("_", " ").capitalize()


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
    upset = ctx.mood_before.anger >= UPSET_ANGER
    for tag in ("rude", "blame", "sarcasm", "dismissive", "defensive"):
        if tag in shown:
            tips.append(COMPOSURE_TIPS[tag])
            break
    feelings_done = FEELING_TAGS & (shown | set(ctx.earlier_tags))
    if upset and not feelings_done:
        tips.append(TIPS["acknowledge_emotion"])
    if ctx.branch is not None:
        for tag in ctx.branch.tags:
            if tag in EMPATHY_TAGS and tag not in shown and TIPS[tag] not in tips:
                tips.append(TIPS[tag])
    if "next_step" not in shown and "next_step" not in ctx.earlier_tags and TIPS["next_step"] not in tips:
        tips.append(TIPS["next_step"])
    return tuple(tips[:2])


def _clamp(value: int) -> int:
    return max(0, min(100, value))
