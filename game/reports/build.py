"""Putting a report together from the store's sessions, the library and the campaign."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from game.progress.achievements import achievements
from game.progress.adaptive import recommend
from game.progress.library import Library, trainees_of
from game.progress.store import SessionRecord
from game.reports.html import TraineeReportData, TrainerRow, trainee_report, trainer_report


def _status(campaign: Any | None, sessions: Sequence[SessionRecord], library: Library) -> Any | None:
    if campaign is None:
        return None
    from game.campaign import status

    return status(campaign, sessions, library.levels)


def build_trainee_report(
    trainee: str, sessions: Sequence[SessionRecord], library: Library, campaign: Any | None, *, now: float
) -> str:
    standing = _status(campaign, sessions, library)
    recommendation = recommend(
        sessions,
        library.catalog,
        unlocked=standing.unlocked_scenarios if standing is not None else None,
        current_level=standing.current_level if standing is not None else 1,
        now=now,
        relevance=library.relevance,
    )
    data = TraineeReportData(
        trainee,
        sessions,
        achievements(sessions),
        standing,
        recommendation if library.catalog else None,
        library.relevance,
    )
    return trainee_report(data, generated_at=now)


def build_trainer_report(
    sessions: Sequence[SessionRecord], library: Library, campaign: Any | None, *, now: float
) -> str:
    rows = []
    for name in trainees_of(sessions):
        own = [s for s in sessions if s.trainee == name]
        standing = _status(campaign, own, library)
        levels = (
            standing.levels_passed
            if standing is not None
            else sorted({s.level for s in own if s.passed and s.level})
        )
        rows.append(TrainerRow(name, own, levels))
    return trainer_report(rows, generated_at=now, relevance=library.relevance)
