"""Longer is not better, with the real analyser: padding a reply with small talk, or saying it
again, never raises its empathy score.

The tag classifier judges a reply by its whole embedding, which drifts as words are added; before
the tagger asked one sentence (or window of words) to carry each tag on its own, about one padded
reply in twelve gained a tag it did not show (docs/understanding.md)."""

from __future__ import annotations

import pytest

from game.scoring import score_reply
from game.understanding.default import default_analyzer

LINE = "I've phoned four times about this boiler and every time I'm promised a call back that never comes!"
REPLIES = (
    "Four calls and nobody rang you back, that's not good enough.",
    "I can hear how fed up you are, and honestly anyone would be.",
    "I'm sorry we let you down.",
    "I'll ring the engineer now and call you back before two.",
    "Our engineers are very busy at this time of year.",
    "You should have booked the service earlier.",
    "Right, so the boiler stopped on Monday and no one has been out since?",
    "That's on me, I'll chase it personally.",
    "Well, it's working for most customers.",
    "Can you tell me what the display on the boiler says?",
    "It makes sense you're angry after being promised a call four times.",
    "oh great another boiler complaint",
    "im really sorry nobody called you back ill book the engineer for tomorrow morning",
    "thats the third time this week someone has said that to me",
)
PADDING = (
    " Just so you know, you're through to the customer care team and I'm Alex.",
    " Let me see, let me see, hmm, okay, right then.",
    " Anyway, so, yes, basically, that's that, more or less.",
    " I mean, at the end of the day, it is what it is.",
    " And so on and so forth, as they say.",
    " okay right so",
)


def empathy(reply: str) -> int:
    return score_reply(reply, default_analyzer().tags(reply, LINE), LINE).empathy


@pytest.mark.parametrize("reply", REPLIES)
def test_padding_or_repeating_a_reply_never_raises_its_empathy(reply: str) -> None:
    alone = empathy(reply)
    longer = [reply + pad for pad in PADDING] + [f"{reply} {reply}", f"{reply} {reply} {reply}"]
    gained = {text: empathy(text) for text in longer if empathy(text) > alone}
    assert not gained, f"{reply!r} scores {alone} alone"


def test_a_repeated_sentence_is_quoted_from_the_reply() -> None:
    reply = "I'm so sorry about the wait. I'm so sorry about the wait. I'll call the engineer today."
    for evidence in default_analyzer().tags(reply, LINE):
        assert reply[evidence.start : evidence.end] == evidence.quote
