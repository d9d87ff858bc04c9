"""Property tests of the runtime on random dialogue graphs: no reply sequence crashes it, mood stays
in range, and saving at any step then restoring gives the same remaining run."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.conditions import parse_condition
from game.delivery import SCRIPTED
from game.model import (
    Customer,
    Effects,
    Example,
    Goto,
    Line,
    Mood,
    MoodDelta,
    Node,
    Otherwise,
    Reply,
    Scenario,
)
from game.runtime import AwaitingReply, Conversation, ConversationState, CustomerLine, Ended
from game.understanding.default import default_analyzer

PHRASES = [
    "I'm so sorry, that sounds really stressful",
    "I can refund you in full today",
    "That's not our fault, you should have checked",
    "Could you tell me a bit more about what happened?",
    "Policy is policy, nothing I can do",
    "Let me call the courier right now and ring you back by five",
]
CONDITIONS = [
    "anger >= 50",
    "trust < 40",
    "flag",
    "not flag",
    "turn > 2",
    "anger > 30 and trust > 30",
    "count >= 1",
]
OUTCOMES = ["resolved", "escalated", "walked_out", "ended_call"]
REPLY_POOL = [*PHRASES, "", "banana spaceship", "sorry", "no"]


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    count = draw(st.integers(2, 7))
    ids = [f"n{i}" for i in range(count)]
    target = st.sampled_from(ids)
    when = st.one_of(st.none(), st.sampled_from(CONDITIONS).map(parse_condition))
    delta = st.builds(MoodDelta, st.integers(-30, 30), st.integers(-30, 30))
    nodes: dict[str, Node] = {}
    for node_id in ids:
        kind = draw(st.sampled_from(["replies", "replies", "next", "end"]))
        say = tuple(
            Line(f"{node_id}.{i + 1}", f"line {i + 1} of {node_id}") for i in range(draw(st.integers(0, 2)))
        )
        if kind == "end":
            nodes[node_id] = Node(node_id, say=say, end=draw(st.sampled_from(OUTCOMES)))
        elif kind == "next":
            gotos = tuple(Goto(draw(target), draw(when)) for _ in range(draw(st.integers(1, 3))))
            nodes[node_id] = Node(node_id, say=say, next=gotos)
        else:
            replies = []
            for index in range(draw(st.integers(1, 3))):
                phrases = draw(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=2, unique=True))
                next_ = draw(st.one_of(st.none(), target.map(lambda t: (Goto(t),))))
                sets = draw(st.sampled_from([{}, {"flag": True}, {"count": 1}]))
                effects = Effects(mood=draw(delta), set=sets, next=next_)
                replies.append(
                    Reply(f"r{index}", tuple(Example(p) for p in phrases), effects=effects, when=draw(when))
                )
            otherwise = draw(
                st.one_of(
                    st.none(),
                    st.builds(
                        Otherwise,
                        say=st.just((Line(f"{node_id}.otherwise.1", "What?"),)),
                        effects=st.builds(
                            Effects, mood=delta, next=st.one_of(st.none(), target.map(lambda t: (Goto(t),)))
                        ),
                    ),
                )
            )
            nodes[node_id] = Node(node_id, say=say, replies=tuple(replies), otherwise=otherwise)
    mood = Mood(draw(st.integers(0, 100)), draw(st.integers(0, 100)))
    customer = Customer("Pat", mood, walk_out_at=draw(st.integers(40, 100)))
    return Scenario(
        id="random",
        title="Random",
        level=3,
        setting="retail_counter",
        channel="in_person",
        brief="",
        customer=customer,
        start="n0",
        nodes=nodes,
        variables={"flag": False, "count": 0},
    )


def play(conversation: Conversation, replies: list[str]) -> list[Any]:
    """Pull events and answer; returns everything observable, as JSON-able values."""
    seen: list[Any] = []
    answers = iter(replies)
    for _ in range(500):
        event = conversation.next_event()
        if isinstance(event, CustomerLine):
            assert 0 <= event.mood.anger <= 100 and 0 <= event.mood.trust <= 100
            seen.append(["line", event.line_id])
            continue
        if isinstance(event, Ended):
            seen.append(["end", event.outcome])
            break
        assert isinstance(event, AwaitingReply)
        reply = next(answers, None)
        if reply is None:
            break
        turn = conversation.answer(reply, SCRIPTED)
        assert 0 <= turn.mood.anger <= 100 and 0 <= turn.mood.trust <= 100
        seen.append(["turn", turn.to_json()])
    seen.append(["result", conversation.result().to_json()])
    return seen


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(scenarios(), st.lists(st.sampled_from(REPLY_POOL), max_size=8))
def test_no_sequence_of_replies_crashes_the_runtime(scenario: Scenario, replies: list[str]) -> None:
    seen = play(Conversation(scenario, default_analyzer()), replies)
    result = seen[-1][1]
    assert result["outcome"] in {*OUTCOMES, "unfinished"}
    assert result["success"] == (result["outcome"] == "resolved")
    assert all(0 <= result["scores"][k] <= 100 for k in ("empathy", "composure", "overall"))


@SETTINGS
@given(scenarios(), st.lists(st.sampled_from(REPLY_POOL), max_size=6), st.integers(0, 6))
def test_saving_at_any_step_and_restoring_gives_the_same_remaining_run(
    scenario: Scenario, replies: list[str], cut: int
) -> None:
    cut = min(cut, len(replies))
    straight = Conversation(scenario, default_analyzer())
    expected = play(straight, replies)

    first = Conversation(scenario, default_analyzer())
    before = play(first, replies[:cut])[:-1]
    saved = json.loads(json.dumps(first.state.to_json()))
    restored = Conversation(scenario, default_analyzer(), state=ConversationState.from_json(saved))
    after = play(restored, replies[cut:])
    assert after[-1] == expected[-1]
    if before and before[-1][0] == "end":
        # The conversation had ended before the save: the restored one reports the same end again.
        assert after[0] == before[-1]
        after = after[1:]
    assert [e for e in before + after if e[0] != "result"] == [e for e in expected if e[0] != "result"]
