"""What the adaptive rules need to know about each scenario: level, starting anger, behaviours on offer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from game.model import EMPATHY_TAGS, Scenario
from game.progress.skills import Relevance

INTENSE_LEVEL = 4
INTENSE_ANGER = 70


@dataclass(frozen=True)
class ScenarioInfo:
    id: str
    title: str
    level: int
    start_anger: int
    tags: frozenset[str]
    """Empathy tags authored on at least one branch: what the scenario lets a trainee practise."""
    node_tags: Mapping[str, frozenset[str]]

    @property
    def intense(self) -> bool:
        return is_intense(self.level, self.start_anger)

    @staticmethod
    def from_scenario(scenario: Scenario) -> ScenarioInfo:
        node_tags = {
            node_id: frozenset(tag for reply in node.replies for tag in reply.tags)
            for node_id, node in scenario.nodes.items()
            if node.replies
        }
        offered = frozenset(t for tags in node_tags.values() for t in tags if t in EMPATHY_TAGS)
        return ScenarioInfo(
            id=scenario.id,
            title=scenario.title,
            level=scenario.level,
            start_anger=scenario.customer.mood.anger,
            tags=offered,
            node_tags=node_tags,
        )


def is_intense(level: int | None, start_anger: int | None) -> bool:
    """High intensity: level 4 or 5, or a customer who starts at anger 70 or more."""
    return (level or 0) >= INTENSE_LEVEL or (start_anger or 0) >= INTENSE_ANGER


def relevance_from(catalog: Iterable[ScenarioInfo]) -> Relevance:
    """A Relevance function over known scenarios: the tags authored at a node, None if unknown."""
    by_id = {info.id: info for info in catalog}

    def relevance(scenario: str, node: str) -> frozenset[str] | None:
        info = by_id.get(scenario)
        if info is None:
            return None
        return info.node_tags.get(node)

    return relevance
