"""A trainee's history page: the same report as ``report --trainee``, written where the game can open it."""

from __future__ import annotations

import re
from pathlib import Path

from game.paths import user_data_dir
from game.progress import ProgressError, SystemWallClock
from game.progress.files import write_text_atomic
from game.progress.library import load_default_campaign, load_library, read_sessions, trainees_of
from game.reports.build import build_trainee_report


def history_path(trainee: str) -> Path:
    """Where the game keeps a trainee's history page (one file per trainee, replaced each time)."""
    slug = re.sub(r"[^a-z0-9]+", "-", trainee.strip().lower()).strip("-") or "trainee"
    return user_data_dir() / "reports" / f"{slug}.html"


def write_trainee_history(trainee: str, out: Path | None = None, store: Path | None = None) -> Path:
    """Build the trainee's report from the progress store and write it atomically; returns its path.

    Raises ProgressError (with the trainees that do have sessions) when there is nothing to show.
    """
    sessions = read_sessions(store, trainee)
    if not sessions:
        known = trainees_of(read_sessions(store))
        hint = f" (trainees with sessions: {', '.join(known)})" if known else ""
        raise ProgressError(f"no sessions recorded for trainee {trainee.strip()!r}{hint}")
    library = load_library()
    campaign = load_default_campaign(library).campaign
    page = build_trainee_report(sessions[0].trainee, sessions, library, campaign, now=SystemWallClock().now())
    target = out if out is not None else history_path(sessions[0].trainee)
    write_text_atomic(target, page)
    return target
