"""Behaviour of the default reply analyser: matching zones, negation, tags with evidence, ASR text."""

from __future__ import annotations

import pytest

from game.understanding.base import BranchOption
from game.understanding.default import default_analyzer
from game.understanding.text import normalize

EXCHANGE = [
    BranchOption(
        "exchange",
        ("I'll send you the right size and a free returns label.", "Let's swap it for the one you ordered."),
    ),
    BranchOption("keep_it", ("You can keep the wrong one too.", "Don't worry about sending it back.")),
    BranchOption(
        "check_order", ("Can you confirm which size you picked?", "Could you check your order confirmation?")
    ),
]


def tags_of(text: str, context: str | None = None) -> set[str]:
    return {e.tag for e in default_analyzer().tags(text, context)}


def test_default_analyzer_is_cached_and_named() -> None:
    assert default_analyzer() is default_analyzer()
    assert default_analyzer().name


def test_match_picks_the_meant_branch() -> None:
    result = default_analyzer().match("could you check what size is on your confirmation", EXCHANGE)
    assert result.best == "check_order"
    assert result.zone != "reject"
    assert [b for b, _ in result.ranking] == sorted(
        [b for b, _ in result.ranking], key=lambda b: -dict(result.ranking)[b]
    )


def test_empty_reply_and_no_options_are_rejected() -> None:
    assert default_analyzer().match("   ", EXCHANGE).zone == "reject"
    assert default_analyzer().match("hello", []).zone == "reject"


def test_off_topic_is_rejected() -> None:
    assert default_analyzer().match("did you watch the football last night", EXCHANGE).zone == "reject"


def test_matching_is_deterministic() -> None:
    a = default_analyzer().match("i'll post the correct size out today", EXCHANGE)
    b = default_analyzer().match("i'll post the correct size out today", EXCHANGE)
    assert a == b


def test_asr_normalisation() -> None:
    assert normalize("im so sari your not wrong").text == "i am so sorry you are not wrong"
    assert normalize("i here you").text == "i hear you"
    assert normalize("he'll come").text == "he will come"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm so sorry, that must be really frustrating.", {"apology", "acknowledge_emotion"}),
        ("im really sari about that", {"apology"}),
        ("You're absolutely right to be upset about this.", {"validation"}),
        ("That's our mistake and I'll put it right myself.", {"ownership"}),
        ("I'll email you the new tracking number by five today.", {"next_step"}),
        ("You must have typed the wrong address.", {"blame"}),
        ("Calm down, it's only a parcel.", {"dismissive"}),
        ("Oh wonderful, another complaint. Let me guess, you wanted it yesterday?", {"sarcasm"}),
        ("I'm not the one who lost it, so don't shout at me.", {"defensive"}),
    ],
)
def test_tags_found(text: str, expected: set[str]) -> None:
    assert expected <= tags_of(text)


def test_non_apology_is_not_an_apology() -> None:
    found = tags_of("I'm sorry you feel that way.")
    assert "apology" not in found
    assert "dismissive" in found


def test_not_blaming_you_but_is_blame() -> None:
    assert "blame" in tags_of("I'm not blaming you, but you should have read the instructions.")


def test_evidence_quotes_the_reply() -> None:
    reply = "Honestly, I'm so sorry about this."
    for evidence in default_analyzer().tags(reply):
        assert evidence.quote
        assert reply[evidence.start : evidence.end] == evidence.quote
        assert evidence.why


def test_neutral_info_has_no_tags() -> None:
    assert tags_of("Your order number is 4471 and it left the depot on Monday.") == set()
