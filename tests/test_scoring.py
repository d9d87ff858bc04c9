"""Scoring: evidence behind every point, order, length guard, authored tags, tips, stronger reply."""

from __future__ import annotations

from game.delivery import Delivery
from game.model import Example, Mood, Reply
from game.scoring import (
    FULL_EMPATHY,
    ORDER_TIP,
    TurnContext,
    TurnScore,
    full_empathy,
    score_reply,
    score_session,
    score_turn,
)
from game.understanding.base import Evidence
from game.understanding.default import LexicalAnalyzer

ANALYZER = LexicalAnalyzer()
UPSET = Mood(anger=70, trust=20)
CALM = Mood(anger=10, trust=60)
LINE = "My parcel is three weeks late and nobody tells me anything!"


def turn(reply: str, mood: Mood = UPSET, branch: Reply | None = None, **kw: object) -> TurnScore:
    detected = ANALYZER.tags(reply, LINE)
    ctx = TurnContext(reply=reply, customer_line=LINE, mood_before=mood, branch=branch, detected=detected,
                      **kw)  # type: ignore[arg-type]
    return score_turn(ctx)


def test_every_point_cites_evidence_and_a_reason() -> None:
    score = turn("I'm so sorry, that sounds really stressful. I'll call the courier today and ring you by 5.")
    assert score.points
    for point in score.points:
        assert point.reason
        assert point.evidence
    assert score.empathy > 0
    assert score.composure == 100


def test_breaches_cost_composure_with_quotes() -> None:
    score = turn("Calm down, you must have typed the wrong address.")
    assert score.composure < 100
    costs = [p for p in score.points if p.skill == "composure"]
    assert costs and all(p.delta < 0 and p.evidence for p in costs)
    assert score.tips  # a breach becomes advice


def test_longer_is_not_better() -> None:
    short = turn("I'm so sorry, that sounds really stressful.")
    padded = turn("I'm so sorry, that sounds really stressful. " + "Well, so, the thing is, basically, " * 4
                  + "okay.")
    repeated = turn("I'm so sorry, that sounds really stressful. I'm so sorry, I'm really so sorry. "
                    "It sounds really stressful, really stressful.")
    assert padded.empathy <= short.empathy
    assert repeated.empathy <= short.empathy
    rambling = turn("I'm so sorry, that sounds really stressful. " + "and then we will see " * 20)
    assert rambling.empathy < short.empathy


def test_acknowledging_after_the_fix_scores_less_when_upset() -> None:
    first = turn("That sounds really frustrating. I'll send a replacement today.")
    after = turn("I'll send a replacement today. That sounds really frustrating.")
    assert first.empathy > after.empathy
    assert ORDER_TIP in after.tips
    calm_after = turn("I'll send a replacement today. That sounds really frustrating.", mood=CALM)
    assert calm_after.empathy_delta == first.empathy_delta  # when calm, the order costs nothing


def test_a_calm_inquiry_is_fully_served_by_warmth_and_a_clear_next_step() -> None:
    reply = "Of course, I'll check with housekeeping and call your room in ten minutes."
    calm, upset = turn(reply, mood=CALM), turn(reply, mood=UPSET)
    assert calm.empathy_delta == upset.empathy_delta  # the same behaviours were shown
    assert calm.empathy > upset.empathy  # an upset customer needed more than that
    assert full_empathy(0) < full_empathy(20) < full_empathy(40) == full_empathy(90)


def test_missing_behaviour_costs_nothing_but_becomes_a_tip() -> None:
    score = turn("I'll send a replacement today.")
    assert score.composure == 100
    assert all(p.delta > 0 for p in score.points)
    assert any("feeling" in tip for tip in score.tips)


def test_authored_branch_tags_count_at_half_weight() -> None:
    branch = Reply(id="apologise", examples=(Example("I'm sorry"), Example("Apologies")),
                   tags=("apology",))
    with_branch = turn("right, ok", branch=branch)
    without = turn("right, ok")
    assert with_branch.empathy > without.empathy
    cited = [p for p in with_branch.points if "apologise" in p.evidence]
    assert cited and cited[0].delta < 4
    words = turn("I'm so sorry about that.", branch=branch)
    assert sum(1 for p in words.points if p.skill == "empathy") == 1  # not counted twice


def test_authored_breach_costs_composure() -> None:
    branch = Reply(id="blame_courier", examples=(Example("That's the courier's fault"),), tags=("blame",))
    assert turn("ok so", branch=branch).composure < 100


def test_better_reply_adds_the_missing_feeling() -> None:
    detected = ANALYZER.tags("I'll refund you.", LINE)
    ctx = TurnContext(reply="I'll refund you.", customer_line=LINE, mood_before=UPSET, branch=None,
                      detected=detected)
    score = score_turn(ctx, better_reply="I'll put the money back on your card today.")
    assert score.better_reply is not None
    assert score.better_reply.endswith("I'll put the money back on your card today.")
    assert "frustrating" in score.better_reply


def test_delivery_and_silence() -> None:
    delivery = Delivery(mode="voice", interrupted=True, loudness_rise_db=9.0)
    loud = turn("I'll send it today.", delivery=delivery)
    assert loud.composure <= 85
    silent = score_turn(TurnContext(reply="", customer_line=LINE, mood_before=UPSET, branch=None, detected=(),
                                    silent=True))
    assert silent.composure < 100
    assert silent.empathy == 0


def test_scores_stay_in_range_and_are_deterministic() -> None:
    text = "I'm so sorry, that's awful, you're right, that's our fault, I'll fix it today, what happened?"
    a = turn(text)
    b = turn(text)
    assert a == b
    assert 0 <= a.empathy <= 100 and 0 <= a.composure <= 100
    nasty = turn("Shut up, calm down, you must have broken it, not my fault, oh brilliant.")
    assert 0 <= nasty.composure <= 100


def test_session_scores() -> None:
    good = turn("I'm so sorry, that sounds really stressful. I'll call the courier today.")
    bad = turn("Calm down, it's only a parcel.")
    session = score_session([good, bad], "resolved")
    assert session.empathy == round((good.empathy + bad.empathy) / 2)
    assert session.composure == 100 + bad.composure_delta
    assert session.overall == round((session.empathy + session.composure) / 2)
    assert score_session([]).composure == 100


def test_score_reply_standalone() -> None:
    evidence = [Evidence("apology", "sorry", "says sorry", 5, 10),
                Evidence("next_step", "I'll", "acts", 12, 16)]
    score = score_reply("I'm sorry, I'll send it.", evidence, LINE)
    assert score.empathy == round(100 * 8 / FULL_EMPATHY)


def test_better_reply_from_own_words_when_no_better_branch() -> None:
    solved = turn("I'll send a replacement today.")
    assert solved.better_reply is not None
    assert solved.better_reply.endswith("I'll send a replacement today.")
    assert solved.better_reply != "I'll send a replacement today."
    complete = turn("I'm so sorry, that sounds really stressful. I'll send a replacement today.")
    assert complete.better_reply is None
