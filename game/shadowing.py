"""Shadowing ("watch an expert"): the strongest path through a scenario to a resolved ending.

The path is found by playing the scenario in the real runtime with forced branches, so ``when``
conditions, variables, mood changes and walk-outs all apply exactly as in a real session. At each
moment the branches are tried strongest first (most empathy tags, then fewest composure breaches,
then the calmest authored mood change); the first line of play that reaches ``resolved`` wins, so
the expert backs off a strong branch only when it can no longer lead to a good ending.
The expert "says" each branch's first authored example, and the analyser used for the run reports
exactly that branch's authored tags, so the mood reacts to the behaviours the author intended.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.model import SUCCESS_OUTCOME, Scenario
from game.runtime import AwaitingReply, Conversation, ConversationState, CustomerLine, Ended, reply_strength
from game.understanding.base import BranchOption, Evidence, MatchResult

MAX_TURNS = 40
MAX_EXPLORED = 5_000


@dataclass(frozen=True)
class ExpertStep:
    node: str
    customer: str
    """What the customer said since the previous reply (all lines, joined)."""
    reply: str
    branch: str
    tags: tuple[str, ...]
    feedback: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "node": self.node,
            "customer": self.customer,
            "reply": self.reply,
            "branch": self.branch,
            "tags": list(self.tags),
            "feedback": self.feedback,
        }


@dataclass(frozen=True)
class ExpertPath:
    scenario: str
    steps: tuple[ExpertStep, ...]
    outcome: str
    closing: str
    """What the customer says at the end."""

    @property
    def resolved(self) -> bool:
        return self.outcome == SUCCESS_OUTCOME

    def to_json(self) -> dict[str, object]:
        return {
            "scenario": self.scenario,
            "outcome": self.outcome,
            "steps": [s.to_json() for s in self.steps],
            "closing": self.closing,
        }


class NoExpertPath(Exception):
    """The scenario has no reachable resolved ending through its authored branches."""


class AuthoredTagsAnalyzer:
    """Reports, for an authored example, the tags of the branch it belongs to; matches nothing itself."""

    name = "authored-tags"

    def __init__(self, scenario: Scenario) -> None:
        self._tags: dict[str, tuple[str, ...]] = {}
        for node in scenario.nodes.values():
            for reply in node.replies:
                for example in reply.examples:
                    self._tags.setdefault(example.text, reply.tags)

    def match(self, reply: str, options: Sequence[BranchOption], context: str | None = None) -> MatchResult:
        return MatchResult(None, 0.0, "reject", ())

    def tags(self, reply: str, context: str | None = None) -> list[Evidence]:
        return [Evidence(tag, reply, "authored on the expert's branch") for tag in self._tags.get(reply, ())]


def best_path(scenario: Scenario) -> list[tuple[str, str, str]]:
    """``[(node, customer line, best reply text), ...]`` along the expert path to ``resolved``."""
    return [(s.node, s.customer, s.reply) for s in expert_path(scenario).steps]


def expert_path(scenario: Scenario) -> ExpertPath:
    """The expert's whole run; raises NoExpertPath when no authored line of play resolves."""
    analyzer = AuthoredTagsAnalyzer(scenario)
    explored = [0]

    def clone(conversation: Conversation) -> Conversation:
        state = ConversationState.from_json(conversation.state.to_json())
        return Conversation(scenario, analyzer, state=state)

    def advance(conversation: Conversation) -> tuple[AwaitingReply | Ended, list[str]]:
        said: list[str] = []
        while True:
            event = conversation.next_event()
            if isinstance(event, CustomerLine):
                said.append(event.text)
                continue
            assert isinstance(event, AwaitingReply | Ended)
            return event, said

    def search(
        conversation: Conversation, steps: list[ExpertStep], seen: frozenset[str]
    ) -> tuple[list[ExpertStep], str] | None:
        explored[0] += 1
        if explored[0] > MAX_EXPLORED or len(steps) > MAX_TURNS:
            return None
        event, said = advance(conversation)
        if isinstance(event, Ended):
            return (steps, " ".join(said)) if event.outcome == SUCCESS_OUTCOME else None
        state = conversation.state
        key = f"{state.node}|{state.mood.anger}|{state.mood.trust}|{sorted(state.variables.items())}"
        if key in seen:
            return None  # going round in circles is never the expert's way
        replies = sorted(conversation.enabled_replies(), key=reply_strength, reverse=True)
        for reply in replies:
            if not reply.examples:
                continue
            branch_run = clone(conversation)
            text = reply.examples[0].text
            branch_run.answer(text, branch=reply.id)
            step = ExpertStep(state.node, " ".join(said), text, reply.id, reply.tags, reply.feedback)
            found = search(branch_run, [*steps, step], seen | {key})
            if found is not None:
                return found
        return None

    found = search(Conversation(scenario, analyzer), [], frozenset())
    if found is None:
        raise NoExpertPath(f"{scenario.id}: no line of play through the authored branches reaches 'resolved'")
    steps, closing = found
    return ExpertPath(scenario.id, tuple(steps), SUCCESS_OUTCOME, closing)
