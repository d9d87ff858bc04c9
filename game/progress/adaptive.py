"""Adaptive practice: which scenario to play next, and why.

The rules, in order (all pure; time comes from the caller):

1. Skills: every behaviour's weakness from the recent sessions (``skills.weakness``: how often an
   empathy behaviour was missed when it was relevant; how often a composure breach happened).
2. Spaced repetition (Leitner boxes): a behaviour missed in a session goes to box 1; each later
   session that shows it when relevant moves it up one box. A behaviour in box ``b`` is *due* again
   after ``SESSION_INTERVALS[b]`` sessions or ``DAY_INTERVALS[b]`` days, whichever comes first.
3. Target: the weakest *due* behaviour (else the weakest one with enough evidence).
4. Scenario: among the unlocked scenarios, the one that best offers the target (a branch authored
   with that behaviour), near the trainee's current level, not just played, and, after an intense
   session (level >= 4 or starting anger >= 70), a lighter one: intense and light ones alternate.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from game.model import COMPOSURE_TAGS, EMPATHY_TAGS
from game.progress.catalog import ScenarioInfo, is_intense
from game.progress.skills import (
    Relevance,
    TagStat,
    no_relevance,
    relevant_tags,
    tag_stats,
    turn_tags,
    weakness,
)
from game.progress.store import SessionRecord
from game.progress.wellbeing import BreakAdvice, break_advice

SESSION_INTERVALS: dict[int, int] = {1: 0, 2: 1, 3: 3, 4: 6, 5: 12}
DAY_INTERVALS: dict[int, float] = {1: 0.0, 2: 1.0, 3: 3.0, 4: 7.0, 5: 21.0}
TOP_BOX = 5
RECENT_SESSIONS = 10
"""Skills are judged on this many latest sessions, so old habits that were fixed stop counting."""
MIN_EVIDENCE = 2
"""A behaviour needs this many relevant turns before it can be called weak."""
DAY_S = 86_400.0


@dataclass
class Card:
    """One behaviour in the Leitner deck."""

    tag: str
    box: int
    last_session: int
    """Index (0-based, in the trainee's history) of the last session that moved the card."""
    last_time: float
    misses: int = 0

    def due(self, sessions_done: int, now: float) -> bool:
        sessions_since = sessions_done - 1 - self.last_session
        if sessions_since >= SESSION_INTERVALS[self.box]:
            return True
        return now - self.last_time >= DAY_INTERVALS[self.box] * DAY_S

    def to_json(self) -> dict[str, Any]:
        return {"tag": self.tag, "box": self.box, "misses": self.misses}


def session_outcomes(session: SessionRecord, relevance: Relevance) -> dict[str, bool]:
    """For each behaviour this session tested: True if shown (empathy) / avoided (breach), else False."""
    shown_when_relevant: dict[str, bool] = {}
    breaches: set[str] = set()
    for turn in session.turns:
        tags = turn_tags(turn)
        node = turn.get("node")
        authored = relevance(session.scenario, node) if isinstance(node, str) else None
        for tag in relevant_tags(turn, authored):
            shown_when_relevant[tag] = shown_when_relevant.get(tag, False) or tag in tags
        breaches |= tags & set(COMPOSURE_TAGS)
    outcomes = dict(shown_when_relevant)
    if session.turns:
        for tag in COMPOSURE_TAGS:
            outcomes[tag] = tag not in breaches
    return outcomes


def leitner_deck(sessions: Sequence[SessionRecord], relevance: Relevance = no_relevance) -> dict[str, Card]:
    deck: dict[str, Card] = {}
    for index, session in enumerate(sessions):
        for tag, good in session_outcomes(session, relevance).items():
            card = deck.get(tag)
            if not good:
                if card is None:
                    deck[tag] = Card(tag, 1, index, session.recorded_at, 1)
                else:
                    card.box, card.last_session, card.last_time = 1, index, session.recorded_at
                    card.misses += 1
            elif card is not None:
                card.box = min(TOP_BOX, card.box + 1)
                card.last_session, card.last_time = index, session.recorded_at
    return deck


@dataclass(frozen=True)
class Recommendation:
    scenario: ScenarioInfo | None
    target: str | None
    """The behaviour the recommendation trains (an empathy tag, or a breach to avoid)."""
    reasons: tuple[str, ...]
    due: tuple[str, ...] = ()
    weakest: tuple[tuple[str, float], ...] = ()
    wellbeing: BreakAdvice = field(default_factory=lambda: BreakAdvice(False, 0, ""))

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario.id if self.scenario else None,
            "title": self.scenario.title if self.scenario else None,
            "level": self.scenario.level if self.scenario else None,
            "intense": self.scenario.intense if self.scenario else None,
            "target": self.target,
            "reasons": list(self.reasons),
            "due": list(self.due),
            "weakest": [{"tag": t, "weakness": round(w, 3)} for t, w in self.weakest],
            "wellbeing": self.wellbeing.to_json(),
        }


TAG_WORDS: dict[str, str] = {
    "acknowledge_emotion": "naming the customer's feeling",
    "apology": "a real apology",
    "validation": "validating the reaction",
    "paraphrase": "paraphrasing the facts",
    "ownership": "taking ownership",
    "next_step": "a concrete next step",
    "exploring_question": "asking to understand more",
    "blame": "not blaming",
    "dismissive": "not dismissing the problem",
    "sarcasm": "staying free of sarcasm",
    "defensive": "not getting defensive",
    "rude": "staying polite",
}


def ranked_weaknesses(stats: dict[str, TagStat]) -> list[tuple[str, float]]:
    ranked = []
    for tag, stat in stats.items():
        value = weakness(stat)
        if value is None or stat.relevant < MIN_EVIDENCE:
            continue
        if stat.kind == "composure" and stat.shown == 0:
            continue
        ranked.append((tag, value))
    ranked.sort(key=lambda item: (-item[1], item[0]))
    return ranked


def recommend(
    sessions: Sequence[SessionRecord],
    catalog: Sequence[ScenarioInfo],
    *,
    unlocked: Collection[str] | None = None,
    current_level: int = 1,
    now: float,
    relevance: Relevance = no_relevance,
) -> Recommendation:
    """The next scenario for a trainee with this history (oldest first). Pure and deterministic."""
    candidates = [s for s in catalog if unlocked is None or s.id in unlocked]
    advice = break_advice(sessions, now=now)
    if not candidates:
        return Recommendation(None, None, ("No scenario is unlocked or available.",), wellbeing=advice)
    recent = sessions[-RECENT_SESSIONS:]
    ranked = ranked_weaknesses(tag_stats(recent, relevance))
    deck = leitner_deck(sessions, relevance)
    due = sorted(
        (card for card in deck.values() if card.due(len(sessions), now)),
        key=lambda card: (card.box, -card.misses, card.tag),
    )
    due_tags = [card.tag for card in due]
    weakness_of = dict(ranked)
    reasons: list[str] = []

    target: str | None = None
    if due_tags:
        target = max(due_tags, key=lambda tag: (weakness_of.get(tag, 0.0), -due_tags.index(tag)))
        card = deck[target]
        reasons.append(
            f"Practise {TAG_WORDS[target]}: it was missed {card.misses} time(s) and is due for review "
            f"(box {card.box} of {TOP_BOX})."
        )
    elif ranked:
        target = ranked[0][0]
        reasons.append(f"Practise {TAG_WORDS[target]}: it is your weakest skill lately.")
    if target is not None and target in weakness_of:
        stat_line = f"Weakness {weakness_of[target]:.0%} over your last {len(recent)} session(s)."
        reasons.append(stat_line)

    last = sessions[-1] if sessions else None
    last_intense = last is not None and is_intense(last.level, last.start_anger)
    played_recently = [s.scenario for s in sessions[-3:]]
    played_ever = {s.scenario for s in sessions}
    passed = {s.scenario for s in sessions if s.passed}

    def score(info: ScenarioInfo) -> tuple[float, str]:
        value = 0.0
        if target is not None:
            if target in EMPATHY_TAGS:
                value += 4.0 if target in info.tags else 0.0
            else:
                value += 1.0  # every scenario tests composure; harder ones test it more
                value += 0.5 * info.level if info.level <= current_level else 0.0
        value += 0.75 * sum(1 for tag in due_tags if tag != target and tag in info.tags)
        value -= 1.5 * abs(info.level - current_level)
        if info.level > current_level:
            value -= 1.0
        if info.id in played_recently:
            value -= 2.5 - 0.5 * played_recently[::-1].index(info.id)
        if info.id not in played_ever:
            value += 0.5
        if info.id not in passed:
            value += 0.5
        if info.intense and (last_intense or advice.suggested):
            value -= 5.0
        return (value, info.id)

    best = max(candidates, key=lambda info: (score(info)[0], _reverse_id(info.id)))
    if target is not None and target in best.tags:
        reasons.append(f"'{best.title}' has moments that call for {TAG_WORDS[target]}.")
    if not sessions:
        reasons.append("A first conversation at your level to see where you stand.")
    if last_intense and not best.intense:
        reasons.append("Your last conversation was intense, so this one is lighter.")
    elif best.intense and sessions:
        reasons.append("A demanding one, after a lighter conversation.")
    if advice.suggested:
        reasons.append(advice.message)
    return Recommendation(best, target, tuple(reasons), tuple(due_tags), tuple(ranked[:3]), advice)


def _reverse_id(scenario_id: str) -> tuple[int, ...]:
    """Tie-break: the alphabetically first id wins under ``max``."""
    return tuple(-ord(ch) for ch in scenario_id)
