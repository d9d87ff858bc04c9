"""The scenario model: what a trainer's YAML file means, as immutable values.

Every element keeps the position it came from (``Pos``) so validation, scoring evidence and
the debrief can point back at the author's file. Nothing here knows about YAML, engines or audio.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from game.conditions import Condition

Value = bool | int | str
"""A scenario variable's value: declared with a default in ``variables:``."""

EMOTIONS: tuple[str, ...] = (
    "angry",
    "frustrated",
    "anxious",
    "sad",
    "confused",
    "neutral",
    "calm",
    "relieved",
    "happy",
)
SETTINGS: tuple[str, ...] = ("retail_counter", "call_center", "hotel_front_desk", "airline_gate")
CHANNELS: tuple[str, ...] = ("in_person", "phone")

EMPATHY_TAGS: tuple[str, ...] = (
    "acknowledge_emotion",
    "apology",
    "validation",
    "paraphrase",
    "ownership",
    "next_step",
    "exploring_question",
)
COMPOSURE_TAGS: tuple[str, ...] = ("blame", "dismissive", "sarcasm", "defensive", "rude")
TAGS: tuple[str, ...] = EMPATHY_TAGS + COMPOSURE_TAGS

SUCCESS_OUTCOME = "resolved"
WALKED_OUT = "walked_out"
UNFINISHED = "unfinished"


@dataclass(frozen=True, order=True)
class Pos:
    """A place in a source file; line and column are 1-based like every editor's."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


NOWHERE = Pos("<memory>", 1, 1)


@dataclass(frozen=True)
class Mood:
    """How the customer feels: both values stay within 0..100."""

    anger: int
    trust: int

    def shifted(self, anger: int = 0, trust: int = 0) -> Mood:
        return Mood(anger=_clamp(self.anger + anger), trust=_clamp(self.trust + trust))

    def to_json(self) -> dict[str, int]:
        return {"anger": self.anger, "trust": self.trust}


@dataclass(frozen=True)
class MoodDelta:
    """A relative change of mood, as authored (``mood: {anger: -20}``)."""

    anger: int = 0
    trust: int = 0

    def __bool__(self) -> bool:
        return bool(self.anger or self.trust)

    def __add__(self, other: MoodDelta) -> MoodDelta:
        return MoodDelta(self.anger + other.anger, self.trust + other.trust)


@dataclass(frozen=True)
class VoiceHints:
    """Hints for text-to-speech; every field optional."""

    gender: str | None = None
    age: str | None = None
    rate: float = 1.0
    pitch: float = 1.0
    name: str | None = None


@dataclass(frozen=True)
class Appearance:
    """Optional looks of the 3D customer (extension of format 1; all fields optional).

    Anything left out is derived deterministically from the customer's name, so two runs of one
    scenario always show the same person.
    """

    skin: str | None = None
    hair: str | None = None
    hair_color: str | None = None
    outfit: str | None = None
    build: str | None = None


@dataclass(frozen=True)
class Customer:
    name: str
    mood: Mood
    walk_out_at: int = 100
    voice: VoiceHints = field(default_factory=VoiceHints)
    appearance: Appearance = field(default_factory=Appearance)
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class KnowledgeEntry:
    id: str
    title: str
    text: str
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Line:
    """One thing the customer says. ``id`` is stable: derived as ``node.N`` unless authored."""

    id: str
    text: str
    emotion: str | None = None
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Goto:
    """One entry of a ``next`` list: go to ``target`` if ``when`` holds (or always)."""

    target: str
    when: Condition | None = None
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Example:
    text: str
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Effects:
    """What choosing a branch (or ``otherwise``) does to the world."""

    mood: MoodDelta = field(default_factory=MoodDelta)
    set: Mapping[str, Value] = field(default_factory=dict)
    next: tuple[Goto, ...] | None = None
    """None: stay on this node (only meaningful for ``otherwise``)."""


@dataclass(frozen=True)
class Reply:
    """A branch the trainer authored for one moment of the conversation."""

    id: str
    examples: tuple[Example, ...]
    tags: tuple[str, ...] = ()
    effects: Effects = field(default_factory=Effects)
    feedback: str | None = None
    when: Condition | None = None
    pos: Pos = NOWHERE

    @property
    def example_texts(self) -> tuple[str, ...]:
        return tuple(example.text for example in self.examples)


@dataclass(frozen=True)
class Otherwise:
    """What happens when nothing matched, or the trainee stayed silent."""

    say: tuple[Line, ...] = ()
    emotion: str | None = None
    effects: Effects = field(default_factory=Effects)
    feedback: str | None = None
    pos: Pos = NOWHERE


NodeKind = Literal["replies", "next", "end"]


@dataclass(frozen=True)
class Node:
    id: str
    say: tuple[Line, ...] = ()
    emotion: str = "neutral"
    replies: tuple[Reply, ...] = ()
    otherwise: Otherwise | None = None
    next: tuple[Goto, ...] = ()
    end: str | None = None
    coach: str | None = None
    """Optional in-the-moment coaching cue (extension), hidden in assessment mode."""
    pos: Pos = NOWHERE

    @property
    def kind(self) -> NodeKind:
        if self.end is not None:
            return "end"
        if self.next:
            return "next"
        return "replies"

    def reply(self, reply_id: str) -> Reply:
        for reply in self.replies:
            if reply.id == reply_id:
                return reply
        raise KeyError(reply_id)


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    level: int
    setting: str
    channel: str
    brief: str
    customer: Customer
    start: str
    nodes: Mapping[str, Node]
    knowledge: tuple[KnowledgeEntry, ...] = ()
    variables: Mapping[str, Value] = field(default_factory=dict)
    format: int = 1
    path: str = "<memory>"

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

    @property
    def end_outcomes(self) -> tuple[str, ...]:
        return tuple(sorted({n.end for n in self.nodes.values() if n.end is not None}))


def _clamp(value: int) -> int:
    return max(0, min(100, value))
