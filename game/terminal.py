"""Terminal play: the same conversation core, shown as text, answered by typing or picking a number."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import TextIO

from game.debrief import format_debrief, mood_bar
from game.delivery import TYPED
from game.model import Scenario
from game.runtime import AwaitingReply, Conversation, CustomerLine, Ended, SessionResult, Turn
from game.understanding.base import ReplyAnalyzer

HELP = (
    "Type your reply and press Enter, or a number to pick a suggestion.\n"
    "  :k  knowledge panel    :h  help    :q  quit (the debrief still shows)\n"
    "  Enter on an empty line stays silent."
)


class TerminalPlay:
    def __init__(
        self,
        scenario: Scenario,
        analyzer: ReplyAnalyzer,
        read_line: Callable[[str], str],
        out: TextIO,
        *,
        seed: int = 0,
        coaching: bool = True,
        width: int = 78,
    ) -> None:
        self.scenario = scenario
        self.conversation = Conversation(scenario, analyzer, seed=seed)
        self.read_line = read_line
        self.out = out
        self.coaching = coaching
        self.width = width

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def play(self) -> SessionResult:
        scenario = self.scenario
        self.say(f"=== {scenario.title} (level {scenario.level}, {scenario.setting.replace('_', ' ')}) ===")
        self.say(textwrap.fill(scenario.brief, self.width))
        self.say(HELP)
        self.say()
        while True:
            event = self.conversation.next_event()
            if isinstance(event, CustomerLine):
                who = scenario.customer.name
                channel = " (on the phone)" if scenario.channel == "phone" else ""
                self.say(textwrap.fill(f"{who}{channel} [{event.emotion}]: {event.text}", self.width))
                continue
            if isinstance(event, Ended):
                break
            assert isinstance(event, AwaitingReply)
            if not self._ask(event):
                break
        result = self.conversation.result()
        self.say()
        self.say(format_debrief(result, self.width))
        return result

    def _ask(self, event: AwaitingReply) -> bool:
        """Get one reply and answer it; False when the trainee quits."""
        self.say(f"  {mood_bar(event.mood)}")
        if self.coaching and event.coach:
            self.say(f"  Coach: {event.coach}")
        suggestions = self.conversation.suggestions()
        for number, suggestion in enumerate(suggestions, start=1):
            self.say(f"  {number}. {suggestion.text}")
        while True:
            try:
                raw = self.read_line("> ")
            except EOFError:
                return False
            text = raw.strip()
            if text in (":q", ":quit"):
                return False
            if text in (":h", ":help", "?"):
                self.say(HELP)
                continue
            if text in (":k", ":knowledge"):
                self._show_knowledge()
                continue
            if text.isdigit() and 1 <= int(text) <= len(suggestions):
                chosen = suggestions[int(text) - 1]
                self.say(f"  You: {chosen.text}")
                self._report(self.conversation.answer(chosen.text, TYPED, branch=chosen.branch))
                return True
            branch = self._confirm(text) if text else None
            self._report(self.conversation.answer(text, TYPED, branch=branch))
            return True

    def _confirm(self, text: str) -> str | None:
        """In the confirm zone ask "Did you mean ...?" with the top two; None lets the core decide."""
        match = self.conversation.preview(text)
        if match.zone != "confirm" or len(match.ranking) < 1:
            return None
        options = {r.id: r for r in self.conversation.enabled_replies()}
        top = [branch for branch, _ in match.ranking[:2] if branch in options]
        self.say("  Did you mean:")
        for number, branch in enumerate(top, start=1):
            self.say(f"    {number}. {options[branch].examples[0].text}")
        self.say("    n. neither")
        try:
            answer = self.read_line("  ? ").strip().lower()
        except EOFError:
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(top):
            return top[int(answer) - 1]
        return None

    def _report(self, turn: Turn) -> None:
        if self.coaching:
            for tip in turn.tips[:1]:
                self.say(f"  Coach: {tip}")
        self.say()

    def _show_knowledge(self) -> None:
        if not self.scenario.knowledge:
            self.say("  (no facts for this scenario)")
        for entry in self.scenario.knowledge:
            self.say(f"  * {entry.title}")
            self.say(
                textwrap.fill(entry.text, self.width, initial_indent="      ", subsequent_indent="      ")
            )
