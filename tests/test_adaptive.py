"""Adaptive practice: a scripted trainee plays many sessions; the recommendation follows the weakest skill."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_progress_support import result_with

from game.clock import FakeClock
from game.model import EMPATHY_TAGS
from game.progress import ProgressStore
from game.progress.adaptive import DAY_S, SESSION_INTERVALS, leitner_deck, recommend
from game.progress.catalog import ScenarioInfo, relevance_from

ALL_NODES = frozenset(EMPATHY_TAGS)


def info(scenario_id: str, level: int, tags: set[str], anger: int = 40) -> ScenarioInfo:
    node_tags = {node: ALL_NODES for node in ("opening", "details", "close")}
    return ScenarioInfo(scenario_id, scenario_id.title(), level, anger, frozenset(tags), node_tags)


CATALOG = [
    info("returns-desk", 2, {"apology", "acknowledge_emotion", "next_step"}),
    info("hotel-mixup", 2, {"paraphrase", "exploring_question", "ownership"}),
    info("late-parcel", 2, {"validation", "next_step", "apology"}),
    info("gate-closed", 4, {"paraphrase", "validation", "acknowledge_emotion"}, anger=80),
    info("level-one-question", 1, {"exploring_question", "next_step"}, anger=10),
]
EVERYTHING_BUT = {tag: [t for t in EMPATHY_TAGS if t != tag] for tag in EMPATHY_TAGS}


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    with ProgressStore(tmp_path / "p.sqlite3", clock=FakeClock(1_760_000_000.0)) as opened:
        yield opened


def play(store: ProgressStore, scenario: str, shown: list[str], **kwargs: object) -> None:
    assert isinstance(store.clock, FakeClock)
    store.clock.advance(300)
    store.record("Sam", result_with(scenario, shown, **kwargs))  # type: ignore[arg-type]


def test_recommendation_targets_the_weakest_skill_and_follows_it_when_it_changes(
    store: ProgressStore,
) -> None:
    relevance = relevance_from(CATALOG)
    # Phase 1: twelve sessions in which Sam never paraphrases.
    for i in range(12):
        play(store, ["returns-desk", "late-parcel", "hotel-mixup"][i % 3], EVERYTHING_BUT["paraphrase"])
    history = store.sessions("Sam")
    rec = recommend(history, CATALOG, now=store.clock.now(), current_level=2, relevance=relevance)
    assert rec.target == "paraphrase"
    assert (
        rec.scenario is not None and rec.scenario.id == "hotel-mixup"
    )  # the level-2 one offering paraphrase
    assert rec.weakest[0] == ("paraphrase", 1.0)
    assert any("paraphrasing" in reason for reason in rec.reasons)

    # Phase 2: Sam learns to paraphrase but now never asks exploring questions.
    for i in range(12):
        play(store, ["returns-desk", "late-parcel"][i % 2], EVERYTHING_BUT["exploring_question"])
    history = store.sessions("Sam")
    rec = recommend(history, CATALOG, now=store.clock.now(), current_level=2, relevance=relevance)
    assert rec.target == "exploring_question"
    assert rec.scenario is not None and rec.scenario.id == "hotel-mixup"
    assert "paraphrase" not in rec.due  # shown since: promoted out of the due set


def test_a_breach_becomes_the_target_when_the_trainee_keeps_slipping(store: ProgressStore) -> None:
    for _ in range(4):
        play(store, "returns-desk", [*EMPATHY_TAGS, "sarcasm"])
    rec = recommend(store.sessions("Sam"), CATALOG, now=store.clock.now(), current_level=2)
    assert rec.target == "sarcasm"
    assert "free of sarcasm" in rec.reasons[0]


def test_leitner_boxes_space_the_reviews_by_sessions_and_by_days(store: ProgressStore) -> None:
    play(store, "returns-desk", EVERYTHING_BUT["validation"])  # missed: box 1, due now
    deck = leitner_deck(store.sessions("Sam"))
    assert deck["validation"].box == 1
    assert deck["validation"].due(1, store.clock.now())
    for expected_box in (2, 3, 4):
        play(store, "returns-desk", list(EMPATHY_TAGS))
        card = leitner_deck(store.sessions("Sam"))["validation"]
        assert card.box == expected_box
    sessions = store.sessions("Sam")
    now = store.clock.now()
    assert SESSION_INTERVALS[4] > 1
    assert not card.due(len(sessions), now)  # box 4: not again for a while
    assert card.due(len(sessions) + SESSION_INTERVALS[4], now)  # ... after enough sessions
    assert card.due(len(sessions), now + 7 * DAY_S)  # ... or after a week
    play(store, "returns-desk", EVERYTHING_BUT["validation"])
    assert leitner_deck(store.sessions("Sam"))["validation"].box == 1  # a miss sends it back


def test_intense_and_light_scenarios_alternate(store: ProgressStore) -> None:
    for _ in range(3):
        play(store, "returns-desk", EVERYTHING_BUT["paraphrase"], level=4)
    catalog = [c for c in CATALOG if c.id != "hotel-mixup"]  # gate-closed is the only one offering paraphrase
    store.record("Sam", result_with("returns-desk", EVERYTHING_BUT["paraphrase"], level=2))
    after_light = store.sessions("Sam")
    rec = recommend(after_light, catalog, now=store.clock.now(), current_level=4)
    assert rec.scenario is not None and rec.scenario.id == "gate-closed"
    play(store, "gate-closed", EVERYTHING_BUT["paraphrase"], level=4, start_anger=80)
    rec = recommend(store.sessions("Sam"), catalog, now=store.clock.now(), current_level=4)
    assert rec.scenario is not None and not rec.scenario.intense
    assert any("lighter" in reason for reason in rec.reasons)


def test_a_new_trainee_gets_a_scenario_at_their_level(store: ProgressStore) -> None:
    rec = recommend([], CATALOG, now=0.0, current_level=1)
    assert rec.scenario is not None and rec.scenario.id == "level-one-question"
    assert rec.target is None
    rec = recommend([], CATALOG, now=0.0, unlocked=set())
    assert rec.scenario is None and "No scenario" in rec.reasons[0]
