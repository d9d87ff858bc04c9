"""The conversation runtime: a pull-style dialogue over a scenario, like ink's or Yarn Spinner's.

The caller pulls events (``next_event``) and answers when the customer awaits a reply
(``answer``). Everything that decides what happens lives here; the 3D scenes, terminal play and
the tests only show events and forward replies. The whole state is an explicit, JSON-able value:
save it mid-conversation, restore it, and the rest of the run is identical.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from game.delivery import SCRIPTED, Delivery
from game.model import (
    COMPOSURE_TAGS,
    EMPATHY_TAGS,
    SUCCESS_OUTCOME,
    UNFINISHED,
    WALKED_OUT,
    Effects,
    Goto,
    Line,
    Mood,
    Node,
    Reply,
    Scenario,
    Value,
)
from game.mood import FEELING_TAGS, mood_change
from game.scoring import (
    ScorePoint,
    SessionScores,
    TurnContext,
    TurnScore,
    passed,
    score_session,
    score_turn,
)
from game.understanding.base import BranchOption, Evidence, MatchResult, ReplyAnalyzer

MAX_AUTOMATIC_STEPS = 200
"""Guards against a cycle of automatic ``next`` transitions that never waits for a reply."""
STATE_VERSION = 1


# --- events -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CustomerLine:
    node: str
    line_id: str
    text: str
    emotion: str
    mood: Mood


@dataclass(frozen=True)
class AwaitingReply:
    node: str
    options: tuple[BranchOption, ...]
    coach: str | None
    mood: Mood


@dataclass(frozen=True)
class Ended:
    outcome: str
    success: bool


Event = CustomerLine | AwaitingReply | Ended


@dataclass(frozen=True)
class Suggestion:
    branch: str
    text: str


# --- the record of one reply ---------------------------------------------------------------------


@dataclass(frozen=True)
class Turn:
    node: str
    customer: str
    emotion: str
    reply: str
    branch: str | None
    confidence: float
    zone: str
    tags: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    empathy_delta: int
    composure_delta: int
    empathy: int
    composure: int
    mood_before: Mood
    mood: Mood
    feedback: tuple[str, ...]
    points: tuple[ScorePoint, ...]
    tips: tuple[str, ...]
    better_reply: str | None
    delivery: Delivery

    def score(self) -> TurnScore:
        return TurnScore(
            empathy_delta=self.empathy_delta,
            composure_delta=self.composure_delta,
            empathy=self.empathy,
            composure=self.composure,
            points=self.points,
            tips=self.tips,
            better_reply=self.better_reply,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "node": self.node,
            "customer": self.customer,
            "emotion": self.emotion,
            "reply": self.reply,
            "branch": self.branch,
            "confidence": round(self.confidence, 2),
            "zone": self.zone,
            "tags": list(self.tags),
            "empathy_delta": self.empathy_delta,
            "composure_delta": self.composure_delta,
            "mood": self.mood.to_json(),
            "mood_before": self.mood_before.to_json(),
            "feedback": list(self.feedback),
            "evidence": [{"tag": e.tag, "quote": e.quote, "why": e.why} for e in self.evidence],
            "points": [p.to_json() for p in self.points],
            "tips": list(self.tips),
            "better_reply": self.better_reply,
            "delivery": self.delivery.to_json(),
            "turn_scores": {"empathy": self.empathy, "composure": self.composure},
        }

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> Turn:
        delivery = data.get("delivery") or {}
        return Turn(
            node=data["node"],
            customer=data["customer"],
            emotion=data["emotion"],
            reply=data["reply"],
            branch=data["branch"],
            confidence=float(data["confidence"]),
            zone=data["zone"],
            tags=tuple(data["tags"]),
            evidence=tuple(Evidence(e["tag"], e["quote"], e["why"]) for e in data["evidence"]),
            empathy_delta=int(data["empathy_delta"]),
            composure_delta=int(data["composure_delta"]),
            empathy=int(data["turn_scores"]["empathy"]),
            composure=int(data["turn_scores"]["composure"]),
            mood_before=Mood(**data["mood_before"]),
            mood=Mood(**data["mood"]),
            feedback=tuple(data["feedback"]),
            points=tuple(
                ScorePoint(p["skill"], int(p["delta"]), p["reason"], p.get("evidence", ""))
                for p in data["points"]
            ),
            tips=tuple(data["tips"]),
            better_reply=data["better_reply"],
            delivery=Delivery(
                mode=delivery.get("mode", "scripted"),
                latency_s=delivery.get("latency_s"),
                interrupted=bool(delivery.get("interrupted", False)),
                words_per_minute=delivery.get("words_per_minute"),
                loudness_rise_db=delivery.get("loudness_rise_db"),
                evidence=tuple(delivery.get("evidence", ())),
            ),
        )


# --- state ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingLine:
    line_id: str
    text: str
    emotion: str


@dataclass
class ConversationState:
    """Everything needed to continue a conversation exactly; JSON-able via ``to_json``."""

    scenario: str
    node: str
    mood: Mood
    variables: dict[str, Value]
    turn: int = 0
    phase: str = "enter"
    """enter: the node was just entered and its lines queued; await: waiting for a reply; ended."""
    pending: list[PendingLine] = field(default_factory=list)
    said: list[str] = field(default_factory=list)
    """What the customer said since the trainee last replied (the context of the next reply)."""
    emotion: str = "neutral"
    outcome: str | None = None
    turns: list[Turn] = field(default_factory=list)
    mood_history: list[Mood] = field(default_factory=list)
    seed: int = 0
    automatic_steps: int = 0
    """Automatic transitions since the last reply; a cycle that never waits is cut off."""

    def to_json(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "scenario": self.scenario,
            "node": self.node,
            "mood": self.mood.to_json(),
            "variables": dict(self.variables),
            "turn": self.turn,
            "phase": self.phase,
            "pending": [{"line_id": p.line_id, "text": p.text, "emotion": p.emotion} for p in self.pending],
            "said": list(self.said),
            "emotion": self.emotion,
            "outcome": self.outcome,
            "turns": [t.to_json() for t in self.turns],
            "mood_history": [m.to_json() for m in self.mood_history],
            "seed": self.seed,
            "automatic_steps": self.automatic_steps,
        }

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> ConversationState:
        if data.get("version") != STATE_VERSION:
            raise ValueError(
                f"saved conversation has version {data.get('version')!r}, expected {STATE_VERSION}"
            )
        return ConversationState(
            scenario=data["scenario"],
            node=data["node"],
            mood=Mood(**data["mood"]),
            variables=dict(data["variables"]),
            turn=int(data["turn"]),
            phase=data["phase"],
            pending=[PendingLine(p["line_id"], p["text"], p["emotion"]) for p in data["pending"]],
            said=list(data["said"]),
            emotion=data["emotion"],
            outcome=data["outcome"],
            turns=[Turn.from_json(t) for t in data["turns"]],
            mood_history=[Mood(**m) for m in data["mood_history"]],
            seed=int(data["seed"]),
            automatic_steps=int(data.get("automatic_steps", 0)),
        )


# --- the result of a whole session ----------------------------------------------------------------


@dataclass(frozen=True)
class SessionResult:
    scenario: str
    title: str
    level: int
    setting: str
    outcome: str
    success: bool
    turns: tuple[Turn, ...]
    scores: SessionScores
    passed: bool
    mood_history: tuple[Mood, ...]

    def to_json(self) -> dict[str, Any]:
        """SPEC section 5 ``run --json`` (plus extra keys, never fewer)."""
        return {
            "scenario": self.scenario,
            "title": self.title,
            "level": self.level,
            "setting": self.setting,
            "outcome": self.outcome,
            "success": self.success,
            "turns": [t.to_json() for t in self.turns],
            "scores": self.scores.to_json(),
            "passed": self.passed,
            "mood_history": [m.to_json() for m in self.mood_history],
        }


# --- the conversation ------------------------------------------------------------------------------


class Conversation:
    def __init__(
        self,
        scenario: Scenario,
        analyzer: ReplyAnalyzer,
        *,
        state: ConversationState | None = None,
        seed: int = 0,
    ) -> None:
        self.scenario = scenario
        self.analyzer = analyzer
        if state is None:
            state = ConversationState(
                scenario=scenario.id,
                node=scenario.start,
                mood=scenario.customer.mood,
                variables=dict(scenario.variables),
                seed=seed,
                mood_history=[scenario.customer.mood],
            )
            self._state = state
            self._enter(scenario.start)
        else:
            if state.scenario != scenario.id:
                raise ValueError(
                    f"saved conversation is for scenario {state.scenario!r}, not {scenario.id!r}"
                )
            if state.node not in scenario.nodes:
                raise ValueError(f"saved conversation is at node {state.node!r}, which the scenario lacks")
            self._state = state

    # -- reading ----------------------------------------------------------------------------------

    @property
    def state(self) -> ConversationState:
        return self._state

    @property
    def node(self) -> Node:
        return self.scenario.nodes[self._state.node]

    @property
    def mood(self) -> Mood:
        return self._state.mood

    @property
    def ended(self) -> bool:
        return self._state.phase == "ended"

    @property
    def outcome(self) -> str | None:
        return self._state.outcome

    @property
    def turns(self) -> tuple[Turn, ...]:
        return tuple(self._state.turns)

    def enabled_replies(self) -> tuple[Reply, ...]:
        env = self._env()
        return tuple(r for r in self.node.replies if r.when is None or r.when.evaluate(env))

    def options(self) -> tuple[BranchOption, ...]:
        return tuple(BranchOption(r.id, r.example_texts) for r in self.enabled_replies())

    def suggestions(self) -> list[Suggestion]:
        """One authored phrasing per enabled branch, in a seeded order so the best is not always first."""
        replies = list(self.enabled_replies())
        rng = random.Random(f"{self._state.seed}:{self._state.node}:{self._state.turn}")
        rng.shuffle(replies)
        return [Suggestion(r.id, r.examples[0].text) for r in replies if r.examples]

    def context(self) -> str:
        """What the customer said that the trainee is answering.

        When the customer said nothing new since the last reply (a branch that stays on its node,
        an ``otherwise`` without lines), the reply still answers what they said before.
        """
        state = self._state
        if state.said:
            return " ".join(state.said)
        return state.turns[-1].customer if state.turns else ""

    # -- pulling events ---------------------------------------------------------------------------

    def next_event(self) -> Event:
        state = self._state
        if state.pending:
            line = state.pending.pop(0)
            state.said.append(line.text)
            state.emotion = line.emotion
            return CustomerLine(state.node, line.line_id, line.text, line.emotion, state.mood)
        if state.phase == "ended":
            outcome = state.outcome or UNFINISHED
            return Ended(outcome, outcome == SUCCESS_OUTCOME)
        if state.phase == "await":
            return AwaitingReply(state.node, self.options(), self.node.coach, state.mood)
        # phase "enter": the node's lines are said; decide what the node does next.
        self._settle()
        return self.next_event()

    def preview(self, text: str) -> MatchResult:
        """How ``text`` would be understood now, without answering (for "Did you mean ...?")."""
        return self._match(text, self.context())

    def _match(self, text: str, context: str) -> MatchResult:
        """Match among the open branches, unless the reply clearly means a closed one.

        A reply the analyser would accept for a branch whose ``when`` does not hold now ("I'll
        refund you in full" before the customer trusts you enough for the refund branch) answers no
        open branch: the customer reacts as ``otherwise``. Matched among the open branches alone,
        it would be taken as whichever open branch it least differs from. A close call between a
        closed and an open branch (a warning that is spent and the step that follows it) goes to
        the open branches, as before."""
        open_options = self.options()
        every = self.node.replies
        if len(open_options) < len(every):
            every_option = [BranchOption(r.id, r.example_texts) for r in every]
            full = self.analyzer.match(text, every_option, context or None)
            open_ids = {option.id for option in open_options}
            if full.zone == "accept" and full.branch not in open_ids:
                ranking = tuple((branch, score) for branch, score in full.ranking if branch in open_ids)
                return MatchResult(None, full.confidence, "reject", ranking, closed=full.branch)
        return self.analyzer.match(text, open_options, context or None)

    # -- answering --------------------------------------------------------------------------------

    def answer(self, text: str, delivery: Delivery = SCRIPTED, *, branch: str | None = None) -> Turn:
        """Reply to the customer. ``branch`` forces a branch (a picked suggestion or a confirmed guess)."""
        state = self._state
        while state.phase == "enter" and not state.pending:
            self._settle()
        if state.phase != "await" or state.pending:
            raise RuntimeError("the customer is not waiting for a reply (pull next_event() first)")
        node = self.node
        context = self.context()
        silent = not text.strip()
        enabled = self.enabled_replies()

        if branch is not None:
            chosen: Reply | None = next((r for r in enabled if r.id == branch), None)
            if chosen is None:
                raise ValueError(f"branch {branch!r} is not available at node {node.id!r}")
            match = MatchResult(branch, 1.0, "accept", ((branch, 1.0),))
        elif silent or not enabled:
            chosen = None
            match = MatchResult(None, 0.0, "reject", ())
        else:
            match = self._match(text, context)
            # A scripted or typed reply in the confirm zone takes the top guess: there is nobody to ask.
            best = match.best if match.zone in ("accept", "confirm") else None
            chosen = next((r for r in enabled if r.id == best), None)

        detected = [] if silent else self.analyzer.tags(text, context or None)
        tags = _unique(e.tag for e in detected)
        earlier = {t for turn in state.turns for t in turn.tags}

        otherwise = node.otherwise
        if chosen is not None:
            effects = chosen.effects
            authored_feedback = chosen.feedback
        else:
            effects = otherwise.effects if otherwise is not None else Effects()
            authored_feedback = otherwise.feedback if otherwise is not None else None

        mood_before = state.mood
        change = mood_change(effects.mood, tags, mood_before, bool(earlier & FEELING_TAGS))
        for name, value in effects.set.items():
            state.variables[name] = value
        delta = change.total
        state.mood = mood_before.shifted(anger=delta.anger, trust=delta.trust)
        state.turn += 1

        score = score_turn(
            TurnContext(
                reply=text,
                customer_line=context,
                mood_before=mood_before,
                branch=chosen,
                detected=detected,
                delivery=delivery,
                earlier_tags=earlier,
                level=self.scenario.level,
                silent=silent,
            ),
            better_reply=self._better_reply(chosen, enabled),
        )
        feedback = [f for f in (authored_feedback,) if f]
        closed = next((r for r in node.replies if r.id == match.closed), None)
        if closed is not None and closed.examples:
            feedback.append(f'That is close to "{closed.examples[0].text}", which is not open at this point '
                            "in the conversation, so the customer heard it as no answer to them.")
        feedback.extend(change.reasons)
        turn = Turn(
            node=node.id,
            customer=context,
            emotion=state.emotion,
            reply=text,
            branch=chosen.id if chosen is not None else None,
            confidence=match.confidence,
            zone=match.zone if branch is None else "accept",
            tags=tuple(tags),
            evidence=tuple(detected),
            empathy_delta=score.empathy_delta,
            composure_delta=score.composure_delta,
            empathy=score.empathy,
            composure=score.composure,
            mood_before=mood_before,
            mood=state.mood,
            feedback=tuple(feedback),
            points=score.points,
            tips=score.tips,
            better_reply=score.better_reply,
            delivery=delivery,
        )
        state.turns.append(turn)
        state.mood_history.append(state.mood)
        state.said = []
        state.automatic_steps = 0

        target = self._resolve(effects.next) if effects.next is not None else None
        leads_to_end = target is not None and self.scenario.nodes[target].end is not None
        if state.mood.anger >= self.scenario.customer.walk_out_at and not leads_to_end:
            state.phase = "ended"
            state.outcome = WALKED_OUT
            return turn
        if chosen is None and otherwise is not None:
            for line in _lines(otherwise.say, otherwise.emotion or node.emotion):
                state.pending.append(line)
        if target is not None:
            self._enter(target)
        else:
            state.phase = "await"
        return turn

    # -- results ----------------------------------------------------------------------------------

    def result(self) -> SessionResult:
        state = self._state
        outcome = state.outcome if state.phase == "ended" and state.outcome else UNFINISHED
        success = outcome == SUCCESS_OUTCOME
        scores = score_session([t.score() for t in state.turns])
        return SessionResult(
            scenario=self.scenario.id,
            title=self.scenario.title,
            level=self.scenario.level,
            setting=self.scenario.setting,
            outcome=outcome,
            success=success,
            turns=tuple(state.turns),
            scores=scores,
            passed=passed(scores, success),
            mood_history=tuple(state.mood_history),
        )

    # -- internals --------------------------------------------------------------------------------

    def _env(self) -> dict[str, Value]:
        state = self._state
        env: dict[str, Value] = dict(state.variables)
        env["anger"] = state.mood.anger
        env["trust"] = state.mood.trust
        env["turn"] = state.turn
        return env

    def _enter(self, node_id: str) -> None:
        state = self._state
        node = self.scenario.nodes[node_id]
        state.node = node_id
        state.phase = "enter"
        state.emotion = node.emotion
        state.pending.extend(_lines(node.say, node.emotion))

    def _settle(self) -> None:
        """Decide what a node does once its lines are said: end, move on automatically, or wait."""
        state = self._state
        while True:
            node = self.node
            if node.end is not None:
                state.phase = "ended"
                state.outcome = node.end
                return
            if not node.next:
                state.phase = "await"
                return
            target = self._resolve(node.next)
            state.automatic_steps += 1
            if target is None or state.automatic_steps > MAX_AUTOMATIC_STEPS:
                # No transition holds, or a cycle never waits for the trainee: nothing more can happen.
                state.phase = "ended"
                state.outcome = UNFINISHED
                return
            self._enter(target)
            if state.pending:
                return  # the new node's lines are said first

    def _resolve(self, gotos: tuple[Goto, ...]) -> str | None:
        env = self._env()
        for goto in gotos:
            if goto.when is None or goto.when.evaluate(env):
                return goto.target
        return None

    def _better_reply(self, chosen: Reply | None, enabled: tuple[Reply, ...]) -> str | None:
        """The authored phrasing of the most empathic, least hostile branch available here."""
        best = _strongest(enabled)
        if best is None or (chosen is not None and chosen.id == best.id):
            return None
        return best.examples[0].text if best.examples else None


def reply_strength(reply: Reply) -> tuple[int, int, int]:
    """How strong an authored branch is, for ranking: more empathy tags, fewer composure breaches
    (each weighs three), then the calmer authored mood change. Used for the debrief's stronger reply
    and the expert's path."""
    good = sum(1 for t in reply.tags if t in EMPATHY_TAGS)
    bad = sum(1 for t in reply.tags if t in COMPOSURE_TAGS)
    return (good - 3 * bad, -bad, -reply.effects.mood.anger + reply.effects.mood.trust)


def _strongest(replies: tuple[Reply, ...]) -> Reply | None:
    candidates = [r for r in replies if r.examples]
    return max(candidates, key=reply_strength) if candidates else None


def _lines(lines: tuple[Line, ...], default_emotion: str) -> list[PendingLine]:
    return [PendingLine(line.id, line.text, line.emotion or default_emotion) for line in lines]


def _unique(tags: Any) -> list[str]:
    seen: list[str] = []
    for tag in tags:
        if tag not in seen:
            seen.append(tag)
    return seen
