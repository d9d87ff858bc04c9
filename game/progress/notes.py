"""What a debrief can say about the trainee's history right after a session was recorded.

``session_notes`` compares the history without and with the new session: achievements it earned,
a level it passed (and what that opened), the assessment certificate, break advice, and where to
see the whole history. The terminal debrief prints the lines; the 3D debrief shows them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from game.progress.achievements import achievements
from game.progress.library import Library, load_default_campaign, load_library
from game.progress.store import ProgressStore, WallClock
from game.progress.wellbeing import break_advice


def session_notes(
    trainee: str,
    session_id: int,
    *,
    store: ProgressStore | Path | str | None = None,
    clock: WallClock | None = None,
    library: Library | None = None,
    campaign: Any | None = None,
) -> list[str]:
    """Lines for the debrief about session ``session_id`` of ``trainee`` (just recorded)."""
    if isinstance(store, ProgressStore):
        sessions = store.sessions(trainee)
        now = (clock or store.clock).now()
    else:
        with ProgressStore(store, clock=clock) as opened:
            sessions = opened.sessions(trainee)
            now = opened.clock.now()
    index = next((i for i, s in enumerate(sessions) if s.id == session_id), None)
    if index is None:
        return []
    before, upto = sessions[:index], sessions[: index + 1]
    name = upto[-1].trainee
    lines = [f"Saved to {name}'s progress (session {len(upto)})."]

    earlier = {a.id for a in achievements(before)}
    for achievement in achievements(upto):
        if achievement.id not in earlier:
            lines.append(f"Achievement: {achievement.title}. {achievement.description}")

    library = library if library is not None else load_library()
    if campaign is None:
        campaign = load_default_campaign(library).campaign
    if campaign is not None:
        from game.campaign import status

        old, new = status(campaign, before, library.levels), status(campaign, upto, library.levels)
        for level in new.levels:
            if level.passed and level.level not in old.levels_passed:
                lines.append(f"Level {level.level} ({level.title}) passed!")
        opened_now = [
            lv for lv, was in zip(new.levels, old.levels, strict=True) if lv.unlocked and not was.unlocked
        ]
        for level in opened_now:
            lines.append(f"Level {level.level} ({level.title}) is now open.")
        if new.assessment is not None and old.assessment is not None:
            if new.assessment.certified and not old.assessment.certified:
                lines.append(f"Assessment passed: {new.assessment.certificate.title}.")
            elif new.assessment.unlocked and not old.assessment.unlocked:
                lines.append(f"The assessment is open: campaign assess --trainee {json.dumps(name)}")

    advice = break_advice(upto, now=now)
    if advice.suggested:
        lines.append(advice.message)
    lines.append(f"Your history: python main.py report --trainee {json.dumps(name)} -o progress.html")
    return lines
