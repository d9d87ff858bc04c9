"""The conversation runtime on a real scenario file: events, branching, mood, walk-outs, save/restore."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.delivery import SCRIPTED
from game.loader import load_scenario
from game.model import Scenario
from game.runtime import AwaitingReply, Conversation, ConversationState, CustomerLine, Ended
from game.understanding.default import default_analyzer

MUG = Path(__file__).parent / "data" / "runtime-mug.yaml"


@pytest.fixture(scope="module")
def mug() -> Scenario:
    result = load_scenario(MUG)
    assert result.scenario is not None, [str(f) for f in result.findings]
    return result.scenario


def lines_until_reply(conversation: Conversation) -> tuple[list[CustomerLine], AwaitingReply | Ended]:
    said = []
    while True:
        event = conversation.next_event()
        if isinstance(event, CustomerLine):
            said.append(event)
            continue
        assert isinstance(event, AwaitingReply | Ended)
        return said, event


def test_the_customer_speaks_the_opening_with_a_stable_line_id_then_waits(mug: Scenario) -> None:
    conversation = Conversation(mug, default_analyzer())
    said, event = lines_until_reply(conversation)
    assert [(line.line_id, line.emotion) for line in said] == [("opening.1", "frustrated")]
    assert isinstance(event, AwaitingReply)
    assert [o.id for o in event.options] == ["empathise", "swap_now", "blame_him"]
    assert event.coach == "Let him know you heard him before you fix it."
    # Waiting is idempotent: pulling again does not advance anything.
    assert conversation.next_event() == event


def test_an_empathic_path_resolves_and_calms_the_customer(mug: Scenario) -> None:
    conversation = Conversation(mug, default_analyzer())
    lines_until_reply(conversation)
    first = conversation.answer("I'm really sorry it was chipped, that's so frustrating", SCRIPTED)
    assert first.branch == "empathise"
    assert first.mood.anger < 50 and first.mood.trust > 40
    assert first.feedback[0] == "You met his disappointment first."
    said, _ = lines_until_reply(conversation)
    assert [line.line_id for line in said] == ["fix.1"]
    conversation.answer("I'll refund you the full amount right now", SCRIPTED)
    said, event = lines_until_reply(conversation)
    assert [line.line_id for line in said] == ["thanks.1"]
    assert event == Ended("resolved", True)
    result = conversation.result()
    assert result.outcome == "resolved" and result.success
    assert [t.branch for t in result.turns] == ["empathise", "refund"]


def test_an_unmatched_reply_takes_otherwise_and_stays_on_the_node(mug: Scenario) -> None:
    conversation = Conversation(mug, default_analyzer())
    lines_until_reply(conversation)
    turn = conversation.answer("What's the weather like on Mars this time of year", SCRIPTED)
    assert turn.branch is None
    assert turn.mood.anger == 60  # otherwise: anger +10, and no tags in those words
    said, event = lines_until_reply(conversation)
    assert [line.line_id for line in said] == ["opening.otherwise.1"]
    assert isinstance(event, AwaitingReply) and event.node == "opening"


def test_silence_is_the_otherwise_path(mug: Scenario) -> None:
    conversation = Conversation(mug, default_analyzer())
    lines_until_reply(conversation)
    turn = conversation.answer("", SCRIPTED)
    assert turn.branch is None and turn.tags == ()
    assert any(p.skill == "composure" and p.delta < 0 for p in turn.points)


def test_blame_escalates_through_an_automatic_transition(mug: Scenario) -> None:
    conversation = Conversation(mug, default_analyzer())
    lines_until_reply(conversation)
    turn = conversation.answer("You probably dropped it yourself on the way home", SCRIPTED)
    assert turn.branch == "blame_him"
    assert "blame" in turn.tags
    assert turn.mood.anger > 80  # authored +30 plus the nudge for blaming
    said, event = lines_until_reply(conversation)
    assert [line.line_id for line in said] == ["angry.1", "manager.1"]
    assert event == Ended("escalated", False)


def test_the_customer_walks_out_when_anger_reaches_the_limit(mug: Scenario) -> None:
    conversation = Conversation(mug, default_analyzer())
    lines_until_reply(conversation)
    conversation.answer("Lovely weather for it today, isn't it?", SCRIPTED)
    # Small talk doesn't answer the opening: otherwise, anger 50 -> 60ish.
    for _ in range(10):
        _, event = lines_until_reply(conversation)
        if isinstance(event, Ended):
            break
        conversation.answer("", SCRIPTED)
    assert conversation.outcome == "walked_out"
    assert conversation.mood.anger >= 90
    assert conversation.result().success is False


def test_a_condition_hides_a_branch_once_a_variable_is_set(mug: Scenario) -> None:
    conversation = Conversation(mug, default_analyzer())
    lines_until_reply(conversation)
    conversation.answer("Let me grab you a replacement from the shelf", SCRIPTED)
    assert conversation.state.variables["offered_swap"] is True
    _, event = lines_until_reply(conversation)
    assert isinstance(event, AwaitingReply)
    assert [o.id for o in event.options] == ["refund", "policy"]


def test_a_reply_that_clearly_means_a_closed_branch_takes_otherwise(mug: Scenario) -> None:
    conversation = Conversation(mug, default_analyzer())
    lines_until_reply(conversation)
    conversation.answer("Let me grab you a replacement from the shelf", SCRIPTED)  # closes "swap"
    lines_until_reply(conversation)
    offered_again = "I'll grab you a fresh mug from the shelf"
    assert conversation.preview(offered_again).zone == "reject"  # no "Did you mean ...?" either
    turn = conversation.answer(offered_again, SCRIPTED)
    assert turn.branch is None and turn.zone == "reject"
    assert any("not open at this point" in line for line in turn.feedback)
    assert conversation.state.node == "fix_again"  # the otherwise path


def test_a_forced_branch_is_taken_and_an_unavailable_one_is_refused(mug: Scenario) -> None:
    conversation = Conversation(mug, default_analyzer())
    lines_until_reply(conversation)
    with pytest.raises(ValueError, match="not available"):
        conversation.answer("anything", SCRIPTED, branch="refund")
    turn = conversation.answer("whatever I typed", SCRIPTED, branch="swap_now")
    assert turn.branch == "swap_now" and turn.confidence == 1.0


def test_answering_while_the_customer_is_still_talking_is_refused(mug: Scenario) -> None:
    conversation = Conversation(mug, default_analyzer())
    with pytest.raises(RuntimeError, match="not waiting"):
        conversation.answer("hello", SCRIPTED)


def test_replies_running_out_leave_the_session_unfinished(mug: Scenario) -> None:
    conversation = Conversation(mug, default_analyzer())
    lines_until_reply(conversation)
    conversation.answer("I'm so sorry, that's really disappointing", SCRIPTED)
    assert conversation.result().outcome == "unfinished"


def test_a_saved_conversation_continues_identically(mug: Scenario) -> None:
    replies = ["hmm", "I'm sorry that's annoying", "rules are rules, I need a receipt", "I'll refund you now"]

    def play(conversation: Conversation, answers: list[str]) -> list[object]:
        events: list[object] = []
        for text in answers:
            _, event = lines_until_reply(conversation)
            events.append(event)
            if isinstance(event, Ended):
                break
            events.append(conversation.answer(text, SCRIPTED).to_json())
        events.append(conversation.result().to_json())
        return events

    straight = play(Conversation(mug, default_analyzer()), replies)
    for cut in range(len(replies)):
        first = Conversation(mug, default_analyzer())
        play(first, replies[:cut])
        saved = json.loads(json.dumps(first.state.to_json()))
        restored = Conversation(mug, default_analyzer(), state=ConversationState.from_json(saved))
        assert play(restored, replies[cut:])[-1] == straight[-1]


def test_a_save_from_another_scenario_is_refused(mug: Scenario) -> None:
    state = Conversation(mug, default_analyzer()).state.to_json()
    state["scenario"] = "something-else"
    with pytest.raises(ValueError, match="something-else"):
        Conversation(mug, default_analyzer(), state=ConversationState.from_json(state))


def test_a_reply_after_a_silent_otherwise_still_answers_the_customers_last_words(mug: Scenario) -> None:
    conversation = Conversation(mug, default_analyzer())
    lines_until_reply(conversation)
    conversation.answer("I'm so sorry, that's really disappointing", SCRIPTED)
    lines_until_reply(conversation)
    assert conversation.answer("Rules are rules, I need a receipt", SCRIPTED).branch == "policy"
    said, event = lines_until_reply(conversation)
    assert [line.line_id for line in said] == ["fix_again.1"] and isinstance(event, AwaitingReply)
    # fix_again's otherwise has no line of its own: each reply still answers "Look, I just want this sorted."
    first = conversation.answer("hmm", SCRIPTED)
    assert first.branch is None and first.customer == "Look, I just want this sorted."
    lines_until_reply(conversation)
    second = conversation.answer("hmm again", SCRIPTED)
    assert second.customer == "Look, I just want this sorted."
