"""The scenario library as the progress features see it, and a trainee's overview built from the store.

Shared by ``progress``, ``campaign`` and ``report``: load the scenarios under ``dialogue/`` (the
campaign file is not a scenario and is skipped), the campaign, and put a trainee's figures together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.model import Scenario
from game.progress.achievements import achievements
from game.progress.catalog import ScenarioInfo, relevance_from
from game.progress.skills import Relevance, summary
from game.progress.store import ProgressStore, SessionRecord, default_store_path
from game.progress.wellbeing import break_advice

CAMPAIGN_FILENAME = "campaign.yaml"


@dataclass(frozen=True)
class Library:
    scenarios: dict[str, Scenario]
    problems: tuple[str, ...] = ()
    """Scenario files that could not be loaded (one line each); they are left out, not fatal."""
    catalog: tuple[ScenarioInfo, ...] = field(default=())

    @property
    def levels(self) -> dict[str, int]:
        return {sid: s.level for sid, s in self.scenarios.items()}

    @property
    def relevance(self) -> Relevance:
        return relevance_from(self.catalog)


def dialogue_dir() -> Path:
    from game.paths import DIALOGUE_DIR

    return DIALOGUE_DIR


_CACHE: dict[tuple[object, ...], Library] = {}


def _fingerprint(folder: Path) -> tuple[object, ...]:
    entries: list[object] = [str(folder.resolve())]
    for path in sorted(folder.glob("*")):
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append((path.name, stat.st_mtime_ns, stat.st_size))
    return tuple(entries)


def load_library(folder: Path | None = None) -> Library:
    """Every loadable scenario under ``folder`` (default ``dialogue/``), by id; broken ones are skipped.

    Kept in memory while no file of the folder changes (name, size and modification time).
    """
    folder = folder if folder is not None else dialogue_dir()
    if not folder.is_dir():
        return Library({})
    key = _fingerprint(folder)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    from game.loader import load_all

    scenarios: dict[str, Scenario] = {}
    problems: list[str] = []
    for loaded in load_all(folder):
        if loaded.scenario is None:
            errors = [str(f) for f in loaded.findings if f.is_error]
            problems.append(errors[0] if errors else "a scenario file cannot be loaded")
            continue
        scenarios.setdefault(loaded.scenario.id, loaded.scenario)
    catalog = tuple(ScenarioInfo.from_scenario(s) for s in scenarios.values())
    library = Library(scenarios, tuple(problems), catalog)
    _CACHE.clear()
    _CACHE[key] = library
    return library


def read_sessions(store_path: Path | None, trainee: str | None = None) -> list[SessionRecord]:
    """Sessions from the store at ``store_path`` (default file); an absent store holds nothing."""
    path = store_path if store_path is not None else default_store_path()
    if not path.exists():
        return []
    with ProgressStore(path) as store:
        return store.sessions(trainee)


def trainees_of(sessions: Sequence[SessionRecord]) -> list[str]:
    names: dict[str, str] = {}
    for session in sessions:
        names.setdefault(session.trainee.casefold(), session.trainee)
    return sorted(names.values(), key=str.casefold)


def trainee_overview(
    trainee: str,
    sessions: Sequence[SessionRecord],
    library: Library,
    campaign_status: Any | None,
    *,
    now: float,
) -> dict[str, Any]:
    """``progress --trainee NAME --json``: sessions, levels passed, per-skill figures, achievements."""
    levels_passed: list[int]
    if campaign_status is not None:
        levels_passed = list(campaign_status.levels_passed)
    else:
        levels_passed = sorted({s.level for s in sessions if s.passed and s.level is not None})
    return {
        "trainee": trainee,
        "sessions": [s.to_json() for s in sessions],
        "levels_passed": levels_passed,
        "skills": summary(sessions, library.relevance),
        "campaign": campaign_status.to_json() if campaign_status is not None else None,
        "achievements": [a.to_json() for a in achievements(sessions)],
        "wellbeing": break_advice(sessions, now=now).to_json(),
    }


def campaign_path() -> Path:
    return dialogue_dir() / CAMPAIGN_FILENAME


def load_default_campaign(library: Library, path: Path | None = None) -> Any:
    """The campaign (``CampaignLoad``) checked against the library; ``dialogue/campaign.yaml`` by default."""
    from game.campaign import load_campaign

    return load_campaign(path if path is not None else campaign_path(), library.levels)


def standing_for(
    trainee: str, *, store_path: Path | None = None, library: Library | None = None
) -> tuple[Any | None, list[SessionRecord], Library]:
    """(CampaignStatus or None, the trainee's sessions, the library): for menus and level pickers."""
    library = library if library is not None else load_library()
    sessions = read_sessions(store_path, trainee)
    campaign = load_default_campaign(library).campaign
    if campaign is None:
        return None, sessions, library
    from game.campaign import status

    return status(campaign, sessions, library.levels), sessions, library


def recommendation_for(
    trainee: str, *, now: float, store_path: Path | None = None, library: Library | None = None
) -> Any:
    """The adaptive ``Recommendation`` for a trainee (what ``campaign next`` prints)."""
    from game.progress.adaptive import recommend

    standing, sessions, library = standing_for(trainee, store_path=store_path, library=library)
    return recommend(
        sessions,
        library.catalog,
        unlocked=standing.unlocked_scenarios if standing is not None else None,
        current_level=standing.current_level if standing is not None else 1,
        now=now,
        relevance=library.relevance,
    )
