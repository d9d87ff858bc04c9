"""The progress store's schema, as a list of forward migrations.

Each migration takes the database from version ``n - 1`` to ``n`` inside one transaction together
with the ``schema_version`` bump, so a store is always at exactly one version, even if the process
is killed in the middle of an upgrade. Never edit a released migration: add a new one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


def _v1(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    conn.execute(
        "CREATE TABLE trainees ("
        " id INTEGER PRIMARY KEY,"
        " name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
        " created_at REAL NOT NULL)"
    )
    conn.execute(
        "CREATE TABLE sessions ("
        " id INTEGER PRIMARY KEY,"
        " trainee_id INTEGER NOT NULL REFERENCES trainees(id),"
        " scenario TEXT NOT NULL,"
        " outcome TEXT NOT NULL,"
        " success INTEGER NOT NULL,"
        " passed INTEGER NOT NULL,"
        " empathy INTEGER NOT NULL,"
        " composure INTEGER NOT NULL,"
        " overall INTEGER NOT NULL,"
        " recorded_at REAL NOT NULL,"
        " result_json TEXT NOT NULL)"
    )


def _v2(conn: sqlite3.Connection) -> None:
    """Per-turn rows (tags, node, branch) for the trainer's queries; level, title, start mood, mode."""
    conn.execute("ALTER TABLE sessions ADD COLUMN level INTEGER")
    conn.execute("ALTER TABLE sessions ADD COLUMN title TEXT")
    conn.execute("ALTER TABLE sessions ADD COLUMN start_anger INTEGER")
    conn.execute("ALTER TABLE sessions ADD COLUMN mode TEXT NOT NULL DEFAULT 'practice'")
    conn.execute(
        "CREATE TABLE turns ("
        " session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
        " idx INTEGER NOT NULL,"
        " node TEXT NOT NULL,"
        " branch TEXT,"
        " emotion TEXT,"
        " reply TEXT NOT NULL,"
        " tags TEXT NOT NULL,"
        " empathy_delta INTEGER NOT NULL,"
        " composure_delta INTEGER NOT NULL,"
        " PRIMARY KEY (session_id, idx))"
    )
    conn.execute("CREATE INDEX sessions_by_trainee ON sessions (trainee_id, recorded_at, id)")
    conn.execute("CREATE INDEX turns_by_node ON turns (node)")
    # Backfill the new columns and rows from the transcripts v1 already kept.
    rows = conn.execute("SELECT id, result_json FROM sessions").fetchall()
    for session_id, text in rows:
        try:
            result = json.loads(text)
        except ValueError:
            continue
        if not isinstance(result, dict):
            continue
        conn.execute(
            "UPDATE sessions SET level = ?, title = ?, start_anger = ?, mode = ? WHERE id = ?",
            (
                _int_or_none(result.get("level")),
                result.get("title") if isinstance(result.get("title"), str) else None,
                start_anger(result),
                result.get("mode") if result.get("mode") in ("practice", "assessment") else "practice",
                session_id,
            ),
        )
        insert_turns(conn, session_id, result)


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def start_anger(result: dict[str, object]) -> int | None:
    """The customer's anger when the session started (``mood_history[0]``, else the first turn's)."""
    history = result.get("mood_history")
    if isinstance(history, list) and history and isinstance(history[0], dict):
        return _int_or_none(history[0].get("anger"))
    turns = result.get("turns")
    if isinstance(turns, list) and turns and isinstance(turns[0], dict):
        before = turns[0].get("mood_before")
        if isinstance(before, dict):
            return _int_or_none(before.get("anger"))
    return None


def insert_turns(conn: sqlite3.Connection, session_id: int, result: dict[str, object]) -> None:
    turns = result.get("turns")
    if not isinstance(turns, list):
        return
    for index, turn in enumerate(turns):
        if not isinstance(turn, dict):
            continue
        tags = [t for t in turn.get("tags", []) if isinstance(t, str)]
        conn.execute(
            "INSERT INTO turns (session_id, idx, node, branch, emotion, reply, tags,"
            " empathy_delta, composure_delta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                session_id,
                index,
                str(turn.get("node", "")),
                turn.get("branch") if isinstance(turn.get("branch"), str) else None,
                turn.get("emotion") if isinstance(turn.get("emotion"), str) else None,
                str(turn.get("reply", "")),
                json.dumps(tags),
                _int_or_none(turn.get("empathy_delta")) or 0,
                _int_or_none(turn.get("composure_delta")) or 0,
            ),
        )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "trainees and sessions with the full result JSON", _v1),
    Migration(2, "per-turn rows; session level, title, start anger and mode", _v2),
)
LATEST_VERSION = MIGRATIONS[-1].version
