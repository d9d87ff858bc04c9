"""The interface every reply analyser implements, so a better one drops in without touching the runtime."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

Zone = Literal["accept", "confirm", "reject"]
"""accept: take the branch; confirm: ask "Did you mean ...?"; reject: the customer reacts as ``otherwise``."""


@dataclass(frozen=True)
class BranchOption:
    """One authored branch the reply may mean: its id and the trainer's example phrasings."""

    id: str
    examples: tuple[str, ...]


@dataclass(frozen=True)
class MatchResult:
    branch: str | None
    """The best branch id, or None when rejected (or there was nothing to match)."""
    confidence: float
    """0..1, comparable across replies of one analyser."""
    zone: Zone
    ranking: tuple[tuple[str, float], ...] = ()
    """Every branch with its score, best first (for "Did you mean ...?" and the debrief)."""
    closed: str | None = None
    """Rejected because the reply means this branch, which is closed now (its ``when`` does not hold)."""

    @property
    def best(self) -> str | None:
        """The top-ranked branch whatever the zone (a scripted run takes it in the confirm zone)."""
        return self.ranking[0][0] if self.ranking else None


@dataclass(frozen=True)
class Evidence:
    """Why a tag was found: the words that triggered it and a reason the trainee can read."""

    tag: str
    quote: str
    why: str
    start: int = 0
    end: int = 0


class ReplyAnalyzer(Protocol):
    """Understands a trainee reply. Deterministic: the same text and context give the same answer."""

    name: str

    def match(self, reply: str, options: Sequence[BranchOption], context: str | None = None) -> MatchResult:
        """Map ``reply`` to the best of ``options`` (the enabled branches of the current node)."""
        ...

    def tags(self, reply: str, context: str | None = None) -> list[Evidence]:
        """Find behaviour tags (SPEC section 4) in ``reply``; ``context`` is the customer's line."""
        ...
