"""Recording a finished session in the trainee's progress store (``--trainee NAME``)."""

from __future__ import annotations

import sqlite3
import sys
from typing import Any


def record(trainee: str, result_json: dict[str, Any], *, mode: str | None = None) -> list[str]:
    """Save the session and return the debrief's notes about it (achievements, levels, history link).

    A store problem is reported on stderr but never loses the run's own output.
    """
    from game.progress import ProgressError, record_session
    from game.progress.notes import session_notes

    try:
        session_id = record_session(trainee, result_json, mode=mode)
        return session_notes(trainee, session_id)
    except (ProgressError, OSError, sqlite3.Error) as error:
        print(f"warning: the session was not saved to {trainee}'s progress: {error}", file=sys.stderr)
        return []
