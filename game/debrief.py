"""The debrief as text: turn by turn, what was said, what it did to the customer and why."""

from __future__ import annotations

import textwrap

from game.model import Mood
from game.runtime import SessionResult, Turn

OUTCOME_TITLES = {
    "resolved": "Resolved: the customer left satisfied",
    "walked_out": "The customer walked out",
    "escalated": "Escalated",
    "unfinished": "Unfinished",
}


def outcome_title(outcome: str) -> str:
    return OUTCOME_TITLES.get(outcome, outcome.replace("_", " ").capitalize())


def mood_bar(mood: Mood, width: int = 10) -> str:
    anger = round(mood.anger / 100 * width)
    trust = round(mood.trust / 100 * width)
    return (
        f"anger [{'#' * anger}{'.' * (width - anger)}] {mood.anger:3d}  "
        f"trust [{'#' * trust}{'.' * (width - trust)}] {mood.trust:3d}"
    )


def mood_change_words(before: Mood, after: Mood) -> str:
    parts = []
    if after.anger != before.anger:
        parts.append(f"anger {after.anger - before.anger:+d}")
    if after.trust != before.trust:
        parts.append(f"trust {after.trust - before.trust:+d}")
    return ", ".join(parts) if parts else "no change"


def format_turn(index: int, turn: Turn, width: int = 78) -> str:
    wrap = textwrap.TextWrapper(width=width, initial_indent="    ", subsequent_indent="    ")
    lines = [f"Turn {index}  ({turn.node})"]
    lines.append(wrap.fill(f"Customer ({turn.emotion}): {turn.customer}"))
    lines.append(wrap.fill(f"You: {turn.reply or '(silence)'}"))
    branch = turn.branch if turn.branch is not None else "nothing matched (otherwise)"
    lines.append(wrap.fill(f"Understood as: {branch}  [confidence {turn.confidence:.2f}]"))
    lines.append(wrap.fill(f"Effect: {mood_change_words(turn.mood_before, turn.mood)}"))
    for point in turn.points:
        lines.append(
            wrap.fill(f"{point.skill} {point.delta:+d}: {_with_evidence(point.reason, point.evidence, turn)}")
        )
    for note in turn.feedback:
        lines.append(wrap.fill(f"Why: {note}"))
    for tip in turn.tips:
        lines.append(wrap.fill(f"Tip: {tip}"))
    if turn.better_reply:
        lines.append(wrap.fill(f'Try: "{turn.better_reply}"'))
    return "\n".join(lines)


def _with_evidence(reason: str, evidence: str, turn: Turn) -> str:
    """The trainee's own words are quoted before the reason; other evidence (the matched branch,
    a delivery measure) follows it in brackets."""
    if not evidence:
        return reason
    if evidence.lower() in turn.reply.lower():
        return f'"{evidence}" {reason}'
    return f"{reason} ({evidence})"


def format_debrief(result: SessionResult, width: int = 78) -> str:
    scores = result.scores
    header = [
        f"=== Debrief: {result.title} ===",
        outcome_title(result.outcome),
        f"Empathy {scores.empathy}   Composure {scores.composure}   Overall {scores.overall}   "
        + ("PASSED" if result.passed else "not passed yet"),
        "",
    ]
    body = [format_turn(i, turn, width) for i, turn in enumerate(result.turns, start=1)]
    return "\n".join(header) + "\n\n".join(body) + "\n"
