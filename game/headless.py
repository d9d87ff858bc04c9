"""Scripted runs: a scenario played to the end (or until the replies run out) without anyone watching."""

from __future__ import annotations

from collections.abc import Iterable

from game.delivery import SCRIPTED
from game.model import Scenario
from game.runtime import AwaitingReply, Conversation, CustomerLine, Ended, SessionResult
from game.understanding.base import ReplyAnalyzer


def read_replies(text: str) -> list[str]:
    """One reply per line; an empty line is silence. A final newline does not add a silence."""
    lines = text.replace("\r\n", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()  # the file's final newline ends the last reply; it is not a silence
    return lines


def run_scripted(
    scenario: Scenario, replies: Iterable[str], analyzer: ReplyAnalyzer, *, seed: int = 0
) -> SessionResult:
    conversation = Conversation(scenario, analyzer, seed=seed)
    remaining = iter(replies)
    while True:
        event = conversation.next_event()
        if isinstance(event, CustomerLine):
            continue
        if isinstance(event, Ended):
            break
        assert isinstance(event, AwaitingReply)
        reply = next(remaining, None)
        if reply is None:
            break  # the replies ran out before an end: outcome "unfinished"
        conversation.answer(reply, SCRIPTED)
    return conversation.result()
