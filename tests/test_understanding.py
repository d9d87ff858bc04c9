"""Behaviour of the default reply analyser: matching zones, negation, tags with evidence, ASR text."""

from __future__ import annotations

import pytest

from game.understanding.base import BranchOption
from game.understanding.default import default_analyzer
from game.understanding.rules import rule_evidence
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
        # Breaches without marker words (rules written beside data/rules-dev.yaml; these are new lines).
        ("Listen carefully, because I'm only going to explain this once.", {"rude"}),
        ("if youre that bothered about a scratch maybe clean it yourself", {"rude"}),
        ("Funny how it only ever breaks when you're the one using it.", {"sarcasm"}),
        ("What do you want me to do, fly to the warehouse and fetch it myself?", {"sarcasm"}),
        ("It's only one night, you'll find somewhere else easily enough.", {"dismissive"}),
        ("these glitches usually sort themselves out give it a day", {"dismissive"}),
        ("We've only got two engineers for the whole county.", {"defensive"}),
        ("The car park is run by a separate company, so that's between you and the operator.", {"blame"}),
    ],
)
def test_tags_found(text: str, expected: set[str]) -> None:
    assert expected <= tags_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "What would you like me to do next: rebook it or refund it?",
        "Sure, let's get the whole thing sorted today.",
        "Let me explain it again more clearly, I didn't put that well.",
        "It's only a moment while I pull up your booking.",
        "I know how much this matters to you, and I'll see it through.",
        "Love, I'm so sorry, that sounds awful.",
    ],
)
def test_new_breach_rules_leave_good_replies_alone(text: str) -> None:
    found = {e.tag for e in rule_evidence(normalize(text))}
    assert not found & {"rude", "sarcasm", "dismissive", "defensive", "blame"}


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


RETURNS = [
    BranchOption("return_it", ("You can send it back for a refund.", "Post it back and we'll refund you.")),
    BranchOption("keep_it", ("Don't send it back, just keep it.", "There's no need to return it.")),
]


@pytest.mark.parametrize(
    ("reply", "branch"),
    [
        ("you can send it back free", "return_it"),
        ("no need to send it back", "keep_it"),
        ("please post it back to us", "return_it"),
    ],
)
def test_negation_decides_the_branch(reply: str, branch: str) -> None:
    assert default_analyzer().match(reply, RETURNS).best == branch


def test_ranking_covers_every_option_and_confidence_is_bounded() -> None:
    result = default_analyzer().match("I'll post the right size out today", EXCHANGE, "Wrong size!")
    assert {b for b, _ in result.ranking} == {o.id for o in EXCHANGE}
    assert 0.0 <= result.confidence <= 1.0
    if result.zone == "reject":
        assert result.branch is None
    else:
        assert result.branch == result.best


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        ("I understand, but rules are rules.", "validation", "dismissive"),
        ("Oh brilliant, another broken blender, just what I needed.", "acknowledge_emotion", "sarcasm"),
        ("I'm sorry if you feel that way.", "apology", "dismissive"),
    ],
)
def test_false_friends(text: str, absent: str, present: str) -> None:
    found = tags_of(text)
    assert absent not in found
    assert present in found


def test_asr_text_is_understood() -> None:
    found = tags_of("i here you and your not wrong to be upset ill ring the depot for you by five today")
    assert {"acknowledge_emotion", "validation", "next_step"} <= found


def test_paraphrase_uses_the_customer_line() -> None:
    line = "My washing machine flooded the kitchen two days after you installed it."
    restated = "So the machine we fitted leaked all over your kitchen after two days."
    assert "paraphrase" in tags_of(restated, line)
    assert "paraphrase" not in tags_of("Our opening hours are nine to five.", line)


def test_every_evidence_quote_is_in_the_reply() -> None:
    replies = [
        "There are plenty of other hotels in town, you know.",
        "Honestly the weather has been awful, sorry, what were you saying? I'll sort it today.",
        "so youve waited ten weeks and you fly monday",
    ]
    for reply in replies:
        for evidence in default_analyzer().tags(reply, "My passport is late and I fly on Monday."):
            assert evidence.quote and evidence.quote in reply
            assert reply[evidence.start : evidence.end] == evidence.quote


def test_semantic_example_similarity() -> None:
    from game.understanding.similarity import NEAR_DUPLICATE, example_similarity

    assert example_similarity("I'm sorry", "I am sorry.") == 1.0
    assert example_similarity("I'll refund you today", "I will give you a refund today") >= NEAR_DUPLICATE
    assert example_similarity("You can send it back for free", "Don't send it back") < NEAR_DUPLICATE
    assert example_similarity("I'll send a new one", "I can refund you") < NEAR_DUPLICATE


def test_falls_back_to_pure_python_without_the_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    import game.adapters.embeddings as embeddings
    import game.understanding.default as default

    monkeypatch.setattr(embeddings, "use_available", lambda: False)
    monkeypatch.setattr(default, "_ANALYZER", [])
    analyzer = default.default_analyzer()
    assert isinstance(analyzer, default.LexicalAnalyzer)
    assert analyzer.match("could you check the size on your confirmation", EXCHANGE).best == "check_order"
    assert "apology" in {e.tag for e in analyzer.tags("so sorry about that")}


def test_prewarm_loads_the_same_analyzer() -> None:
    from game.understanding.default import prewarm

    thread = prewarm()
    thread.join(timeout=30)
    assert default_analyzer() is default_analyzer()


def test_lexical_fallback_rejects_chit_chat_and_keeps_negation() -> None:
    from game.understanding.default import LexicalAnalyzer

    lexical = LexicalAnalyzer()
    assert lexical.match("you can send it back free", RETURNS).best == "return_it"
    assert lexical.match("no need to send it back", RETURNS).best == "keep_it"
    assert lexical.match("the football match last night was brilliant", RETURNS).zone == "reject"


def test_negation_reaches_the_object_but_not_the_next_clause() -> None:
    from game.understanding.lexical import polarity

    positive, negated = polarity(normalize("I'm not able to send a new one, you'll have to make a claim"))
    assert {"send", "new"} <= negated
    assert "claim" in positive
    positive, negated = polarity(normalize("Don't worry about sending it back"))
    assert "send" in negated and "worry" not in negated


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        # An order to calm down or stop talking is rude (and dismissive); the words elsewhere are not.
        ("Calm down, sir, it's only a parcel.", "rude", True),
        ("I need you to stop shouting at me.", "rude", True),
        ("Once things calm down at the depot we'll ship it today.", "rude", False),
        ("Once things calm down at the depot we'll ship it today.", "dismissive", False),
        ("I'm not going to tell you to calm down, you have every right to be angry.", "rude", False),
        ("I don't have time for this.", "rude", True),
        ("Do you want the refund or not?", "rude", True),
        # Self-justification without the word "fault".
        ("Look, I don't make the rules.", "defensive", True),
        ("Our engineers are fully trained.", "defensive", True),
        ("Nobody else has complained about it.", "defensive", True),
        ("I'll make sure the team is properly trained on this.", "defensive", False),
        # Blame by what the customer was supposed to do, not by what they were owed.
        ("You were supposed to bring the receipt.", "blame", True),
        ("You were supposed to get a call from us yesterday, I'm so sorry.", "blame", False),
        ("Next time, check the box before you leave.", "blame", True),
        ("Next time you travel with us we'll give you lounge access.", "blame", False),
    ],
)
def test_breach_rules_and_their_false_friends(text: str, tag: str, expected: bool) -> None:
    assert (tag in tags_of(text)) is expected


def test_a_bare_yes_to_a_request_is_never_rejected_but_a_bare_ok_can_be() -> None:
    from game.understanding.lexical import is_assent, is_request

    assert is_request("Can you just put me on the next flight?")
    assert not is_request("My flight was cancelled!")
    assert is_assent("Yes, I can do that for you.")
    assert is_assent("Of course, no problem.")
    assert not is_assent("ok")  # heard, not agreed
    assert not is_assent("Yes, the flight leaves at six.")  # has content of its own
    analyzer = default_analyzer()
    options = [
        BranchOption("rebook", ("I'll put you on the next flight tonight.", "Let me book you onto the 9pm.")),
        BranchOption("voucher", ("I can offer you a meal voucher.", "Here is a voucher for food.")),
        BranchOption("policy", ("Rebooking is only possible online.", "You need to use the app.")),
    ]
    request = "Can you just put me on the next flight?"
    yes = analyzer.match("Yes, I can do that.", options, request)
    assert yes.zone != "reject"  # at worst "Did you mean ...?" with the top two
    # With no request to say yes to, the gate judges it like any reply: never accepted outright.
    assert analyzer.match("Yes, I can do that.", options, None).zone != "accept"


def test_the_on_topic_gate_rejects_small_talk_and_keeps_a_terse_dismissal() -> None:
    analyzer = default_analyzer()
    options = [
        BranchOption("acknowledge", ("That must be so worrying with her medicine in it.",
                                     "I'm sorry, that's awful.")),
        BranchOption("ask_tag", ("Do you have the baggage receipt?", "Can I see your bag tag?")),
        BranchOption("not_my_job", ("Baggage isn't handled at the gate, go to the desk downstairs.",
                                    "That's not something I deal with here.")),
    ]
    line = "My bag didn't arrive and my daughter's medicine is in it!"
    assert analyzer.match("Did you catch the match last night?", options, line).zone == "reject"
    terse = analyzer.match("I don't handle bags, go ask someone else", options, line)
    assert terse.zone != "reject"


@pytest.mark.parametrize(
    ("reply", "statement"),
    [
        ("Would a courtesy bike help for now?", "I can give you a courtesy bike"),
        ("There's a seat at six, shall I book it?", "there's a seat at six, i will book it"),
        ("Do you want me to call the depot?", "I will call the depot"),
        ("Can I take your account number?", None),  # asks for something: not an offer
        ("Can I ask what happened?", None),
        ("I'll call the depot.", None),  # already a statement
    ],
)
def test_an_offer_asked_as_a_question_is_matched_as_the_offer(reply: str, statement: str | None) -> None:
    from game.understanding.lexical import offer_statement

    assert offer_statement(reply) == statement
