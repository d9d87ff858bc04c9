"""How the customer's mood reacts to the trainee's words, on top of the trainer's authored effects.

The trainer's branch effects (``mood: {anger: -20}``) say what a branch means for the story. The
words the trainee actually used matter too: naming the feeling calms, blaming inflames. Those
nudges are deliberately small (a few points) so the authored story stays in charge and a
scenario's paths do not hinge on how one sentence was phrased.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from game.model import Mood, MoodDelta

# (anger, trust) per behaviour tag found in the trainee's words.
TAG_NUDGES: dict[str, tuple[int, int]] = {
    "acknowledge_emotion": (-3, 2),
    "apology": (-2, 2),
    "validation": (-2, 2),
    "paraphrase": (-1, 2),
    "ownership": (-1, 2),
    "next_step": (-1, 2),
    "exploring_question": (0, 1),
    "blame": (4, -3),
    "dismissive": (3, -3),
    "sarcasm": (4, -3),
    "defensive": (3, -2),
    "rude": (5, -4),
}
# Many calming words in one reply do not calm many times over, and insults add up only so far: the
# trainer's authored effects stay in charge of where the story goes.
MAX_CALMING = MoodDelta(anger=-5, trust=5)
MAX_INFLAMING = MoodDelta(anger=6, trust=-6)

HIGH_ANGER = 60
"""At or above this, a fix offered before the feeling is acknowledged lands worse."""
FEELING_TAGS = frozenset({"acknowledge_emotion", "apology", "validation"})
SOLUTION_TAGS = frozenset({"next_step", "ownership"})
SOLUTION_FIRST_PENALTY = MoodDelta(anger=4, trust=-2)


@dataclass(frozen=True)
class MoodChange:
    """The total change, split by cause, so the debrief can say why the customer reacted."""

    authored: MoodDelta
    words: MoodDelta
    solution_first: MoodDelta
    reasons: tuple[str, ...]

    @property
    def total(self) -> MoodDelta:
        return self.authored + self.words + self.solution_first


def mood_change(
    authored: MoodDelta,
    tags: Collection[str],
    mood_before: Mood,
    feeling_acknowledged_before: bool,
) -> MoodChange:
    """Combine the authored effect with the nudges from the tags found in the reply."""
    calming_anger = calming_trust = inflaming_anger = inflaming_trust = 0
    for tag in sorted(set(tags)):
        anger, trust = TAG_NUDGES.get(tag, (0, 0))
        if anger > 0 or trust < 0:
            inflaming_anger += anger
            inflaming_trust += trust
        else:
            calming_anger += anger
            calming_trust += trust
    words = MoodDelta(
        anger=max(calming_anger, MAX_CALMING.anger) + min(inflaming_anger, MAX_INFLAMING.anger),
        trust=min(calming_trust, MAX_CALMING.trust) + max(inflaming_trust, MAX_INFLAMING.trust),
    )
    reasons: list[str] = []
    solution_first = MoodDelta()
    shown = set(tags)
    if (
        mood_before.anger >= HIGH_ANGER
        and shown & SOLUTION_TAGS
        and not shown & FEELING_TAGS
        and not feeling_acknowledged_before
    ):
        solution_first = SOLUTION_FIRST_PENALTY
        reasons.append(
            "The customer was very angry and heard a fix before anyone acknowledged how they felt."
        )
    return MoodChange(authored=authored, words=words, solution_first=solution_first, reasons=tuple(reasons))
