"""Progress: the per-trainee store of sessions, and what is derived from it.

``record_session`` is the hook ``run``/``play --trainee NAME`` call. Everything here is pure
Python plus stdlib ``sqlite3``: no engine, audio or speech imports.
"""

from __future__ import annotations

from game.progress.store import (
    ProgressError,
    ProgressStore,
    SessionRecord,
    SystemWallClock,
    WallClock,
    default_store_path,
    record_session,
)

__all__ = [
    "ProgressError",
    "ProgressStore",
    "SessionRecord",
    "SystemWallClock",
    "WallClock",
    "default_store_path",
    "record_session",
]
