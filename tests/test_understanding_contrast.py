"""Contrast clauses in matching ("not X, but Y") and the breach rules fixed with them: non-apologies,
defensive vs ownership, modal verbs inside empathy, contempt without insults."""

from __future__ import annotations

import pytest

from game.understanding.base import BranchOption
from game.understanding.default import default_analyzer
from game.understanding.lexical import contrast_focus, negation_agreements
from game.understanding.rules import rule_evidence
from game.understanding.text import normalize

RECEIPT = [
    BranchOption("need_receipt",
                 ("Please bring the receipt into the store.", "We need to see the receipt first.")),
    BranchOption("refund_by_phone",
                 ("I'll refund you over the phone.", "I can process the refund right now on this call.")),
]
TABLE = [
    BranchOption("replace", ("I'll send you a new table.", "We'll replace the table for you.")),
    BranchOption("repair", ("We'll send a technician to repair it.", "Someone will come and fix it.")),
]


def rule_tags(text: str, context: str | None = None) -> set[str]:
    return {e.tag for e in rule_evidence(normalize(text), context)}


def all_tags(text: str) -> set[str]:
    return {e.tag for e in default_analyzer().tags(text)}


@pytest.mark.parametrize(
    ("reply", "focus"),
    [
        ("I'm unable to swap it, but I can knock thirty pounds off", "I can knock thirty pounds off"),
        ("You won't have to post it back, we'll collect it on Friday", "we'll collect it on Friday"),
        ("fine, booking moved, no refund on the upgrade though", "no refund on the upgrade"),
        ("Happy to help, but I won't be spoken to like that", None),  # "X but not Y": the whole reply
        ("I'm really sorry, I'll call you back this afternoon", None),
    ],
)
def test_contrast_focus_is_the_clause_committed_to(reply: str, focus: str | None) -> None:
    assert contrast_focus(reply) == focus


def test_not_x_but_y_matches_y() -> None:
    a = default_analyzer()
    reply = "You don't need to bring the receipt in, I can refund it on this call"
    assert a.match(reply, RECEIPT).best == "refund_by_phone"
    assert a.match("I can't give you a new table, but I can get someone to fix it", TABLE).best == "repair"


def test_refusing_the_same_thing_agrees() -> None:
    refused = normalize("no money back though")
    assert negation_agreements(refused, normalize("I can't refund the deposit")) >= 1
    assert negation_agreements(normalize("no money back"), normalize("I'll refund you in full")) == 0


def test_sorry_you_feel_is_dismissive_not_empathy() -> None:
    for text in ("Sorry you feel let down by the service.", "I'm sorry if you think we were slow."):
        tags = all_tags(text)
        assert "dismissive" in tags
        assert "apology" not in tags and "acknowledge_emotion" not in tags


@pytest.mark.parametrize("text", ["That one's on us, I'm sorry.", "This was our mistake and I'll fix it."])
def test_ownership_is_not_defensive(text: str) -> None:
    tags = all_tags(text)
    assert "ownership" in tags and "defensive" not in tags


@pytest.mark.parametrize(
    "text",
    ["It is hardly our fault the van broke down.", "If it turns out we mixed up the order, I will swap it."],
)
def test_denial_or_condition_is_not_ownership(text: str) -> None:
    assert "ownership" not in rule_tags(text)


def test_self_justification_is_defensive_not_rude() -> None:
    tags = rule_tags("I'm not an idiot, I've been doing this for fifteen years.")
    assert "defensive" in tags and "rude" not in tags


@pytest.mark.parametrize(
    "text", ["You must have been terrified when the alarm went off.", "You should have been kept informed."],
)
def test_modal_verbs_inside_empathy_are_not_blame(text: str) -> None:
    assert "blame" not in all_tags(text)


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("Yes, yes, I heard you the first time.", "rude"),
        ("Go elsewhere if you don't like it.", "rude"),
        ("Three days is nothing, some people wait a month.", "dismissive"),
        ("Pay the fine first and then appeal, that's the procedure.", "dismissive"),
        ("Most passengers know to check the gate number.", "blame"),
        ("It wasn't us, it was the courier.", "blame"),
        ("Anyone would be fuming after that.", "validation"),
        ("You're right to be furious.", "acknowledge_emotion"),
    ],
)
def test_breach_and_empathy_patterns_without_marker_words(text: str, tag: str) -> None:
    assert tag in rule_tags(text)


def test_noun_phrase_restatement_is_paraphrase() -> None:
    context = "I have had no hot water for three weeks and there is a baby in the house."
    assert "paraphrase" in rule_tags("Three weeks without hot water with a baby in the house.", context)
    assert "paraphrase" not in rule_tags("The engineer will be there on Monday.", context)
