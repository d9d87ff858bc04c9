"""The progress store: every recorded session of every trainee, in one SQLite file.

- One file, ``user_data_dir()/progress.sqlite3`` by default (``EMPATHY_TRAINER_STORE`` or
  ``--store PATH`` override it).
- WAL journal; each session (its row, its turns and, if new, its trainee) is written in ONE
  transaction, so a process killed at any instant leaves only whole sessions behind.
- Versioned: ``schema_version`` holds the version; ``migrations.py`` upgrades older files forward.
- Timestamps come from an injected wall clock (seconds since the Unix epoch), never read directly.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import time
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from game.progress.migrations import LATEST_VERSION, MIGRATIONS, insert_turns, start_anger

STORE_ENV = "EMPATHY_TRAINER_STORE"
STORE_FILENAME = "progress.sqlite3"
MAX_TRAINEE_NAME = 80
MODES = ("practice", "assessment")


class ProgressError(Exception):
    """A problem with the store or with what was asked of it; the message is meant for the user."""


class WallClock(Protocol):
    def now(self) -> float:
        """Seconds since the Unix epoch."""
        ...


class SystemWallClock:
    def now(self) -> float:
        return time.time()


def default_store_path() -> Path:
    override = os.environ.get(STORE_ENV)
    if override:
        return Path(override)
    from game.paths import user_data_dir

    return user_data_dir() / STORE_FILENAME


def clean_trainee_name(name: str) -> str:
    """The trainee's name as stored: trimmed, NFC, printable, 1..80 characters; else ProgressError."""
    cleaned = unicodedata.normalize("NFC", name).strip()
    if not cleaned:
        raise ProgressError("the trainee name is empty")
    if len(cleaned) > MAX_TRAINEE_NAME:
        raise ProgressError(f"the trainee name is longer than {MAX_TRAINEE_NAME} characters")
    if any(unicodedata.category(ch).startswith("C") for ch in cleaned):
        raise ProgressError("the trainee name contains control characters")
    return cleaned


@dataclass(frozen=True)
class SessionRecord:
    """One recorded session: the columns for quick queries and the full result JSON (the transcript)."""

    id: int
    trainee: str
    scenario: str
    title: str
    level: int | None
    outcome: str
    success: bool
    passed: bool
    empathy: int
    composure: int
    overall: int
    start_anger: int | None
    mode: str
    recorded_at: float
    result: dict[str, Any]

    @property
    def turns(self) -> list[dict[str, Any]]:
        turns = self.result.get("turns")
        return [t for t in turns if isinstance(t, dict)] if isinstance(turns, list) else []

    @property
    def tags(self) -> list[str]:
        """Every behaviour tag shown in the session, in order of first appearance."""
        seen: list[str] = []
        for turn in self.turns:
            for tag in turn.get("tags", []):
                if isinstance(tag, str) and tag not in seen:
                    seen.append(tag)
        return seen

    def to_json(self, *, transcript: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "trainee": self.trainee,
            "scenario": self.scenario,
            "title": self.title,
            "level": self.level,
            "outcome": self.outcome,
            "success": self.success,
            "passed": self.passed,
            "scores": {"empathy": self.empathy, "composure": self.composure, "overall": self.overall},
            "start_anger": self.start_anger,
            "mode": self.mode,
            "recorded_at": self.recorded_at,
            "tags": self.tags,
            "turns": len(self.turns),
        }
        if transcript:
            data["result"] = self.result
        return data


def _score(scores: Mapping[str, Any], key: str) -> int:
    value = scores.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ProgressError(f"the result's scores.{key} is not a number")
    if not 0 <= value <= 100:
        raise ProgressError(f"the result's scores.{key} is {value}, outside 0..100")
    return round(value)


def check_result(result: Any) -> dict[str, Any]:
    """The result JSON (SPEC section 5 ``run --json``) if it has what the store needs, else ProgressError."""
    if not isinstance(result, Mapping):
        raise ProgressError("the session result is not a JSON object")
    data: dict[str, Any] = dict(result)
    result = data
    scenario = result.get("scenario")
    if not isinstance(scenario, str) or not scenario:
        raise ProgressError("the session result has no scenario id")
    if not isinstance(result.get("outcome"), str) or not result["outcome"]:
        raise ProgressError("the session result has no outcome")
    if not isinstance(result.get("turns"), list):
        raise ProgressError("the session result has no list of turns")
    scores = result.get("scores")
    if not isinstance(scores, dict):
        raise ProgressError("the session result has no scores")
    for key in ("empathy", "composure", "overall"):
        _score(scores, key)
    return data


class ProgressStore:
    """An open progress store. Use as a context manager, or call ``close()``."""

    def __init__(self, path: Path | str | None = None, *, clock: WallClock | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self.clock: WallClock = clock if clock is not None else SystemWallClock()
        self._conn = self._open()

    # -- opening ----------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        if self.path.is_dir():
            raise ProgressError(f"{self.path}: is a folder, not a progress store file")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ProgressError(
                f"cannot create the folder for {self.path}: {error.strerror or error}"
            ) from None
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=10.0)
        except sqlite3.Error as error:
            raise ProgressError(f"cannot open the progress store {self.path}: {error}") from None
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            mode = _use_wal(conn)
            if mode != "wal":
                raise ProgressError(f"{self.path}: the file system does not allow a WAL journal")
            conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a killed process loses nothing
            self._migrate(conn)
        except sqlite3.DatabaseError as error:
            conn.close()
            raise ProgressError(f"{self.path}: not a readable progress store ({error})") from None
        except ProgressError:
            conn.close()
            raise
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = schema_version(conn)
        if version > LATEST_VERSION:
            raise ProgressError(
                f"{self.path}: the progress store has schema version {version}, newer than this game "
                f"understands ({LATEST_VERSION}); update the game"
            )
        for migration in MIGRATIONS:
            if migration.version <= version:
                continue
            with _transaction(conn):
                # Someone else may have migrated meanwhile: check again inside the write lock.
                if schema_version(conn) >= migration.version:
                    continue
                migration.apply(conn)
                conn.execute("DELETE FROM schema_version")
                conn.execute("INSERT INTO schema_version (version) VALUES (?)", (migration.version,))

    @property
    def version(self) -> int:
        return schema_version(self._conn)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------------

    def record(self, trainee: str, result: Mapping[str, Any], *, mode: str | None = None) -> int:
        """Save one finished session in one transaction; returns its id."""
        name = clean_trainee_name(trainee)
        data = dict(check_result(result))
        chosen_mode = mode or (data.get("mode") if data.get("mode") in MODES else "practice")
        if chosen_mode not in MODES:
            raise ProgressError(f"unknown session mode {chosen_mode!r} (practice or assessment)")
        now = float(self.clock.now())
        scores = data["scores"]
        try:
            text = json.dumps(data, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise ProgressError(f"the session result cannot be stored as JSON: {error}") from None
        level = data.get("level")
        with _transaction(self._conn) as conn:
            trainee_id = self._trainee_id(conn, name, now)
            cursor = conn.execute(
                "INSERT INTO sessions (trainee_id, scenario, outcome, success, passed, empathy,"
                " composure, overall, recorded_at, result_json, level, title, start_anger, mode)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    trainee_id,
                    data["scenario"],
                    data["outcome"],
                    int(bool(data.get("success", data["outcome"] == "resolved"))),
                    int(bool(data.get("passed", False))),
                    _score(scores, "empathy"),
                    _score(scores, "composure"),
                    _score(scores, "overall"),
                    now,
                    text,
                    level if isinstance(level, int) and not isinstance(level, bool) else None,
                    data.get("title") if isinstance(data.get("title"), str) else None,
                    start_anger(data),
                    chosen_mode,
                ),
            )
            session_id = cursor.lastrowid
            assert session_id is not None
            insert_turns(conn, session_id, data)
        return session_id

    @staticmethod
    def _trainee_id(conn: sqlite3.Connection, name: str, now: float) -> int:
        row = conn.execute("SELECT id FROM trainees WHERE name = ?", (name,)).fetchone()
        if row is not None:
            return int(row[0])
        cursor = conn.execute("INSERT INTO trainees (name, created_at) VALUES (?, ?)", (name, now))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    # -- reading ----------------------------------------------------------------------------------

    def trainees(self) -> list[str]:
        return [
            row[0] for row in self._conn.execute("SELECT name FROM trainees ORDER BY name COLLATE NOCASE")
        ]

    def has_trainee(self, trainee: str) -> bool:
        name = clean_trainee_name(trainee)
        return self._conn.execute("SELECT 1 FROM trainees WHERE name = ?", (name,)).fetchone() is not None

    def sessions(self, trainee: str | None = None) -> list[SessionRecord]:
        """Sessions in the order they were recorded (all trainees when ``trainee`` is None)."""
        query = (
            "SELECT s.id, t.name, s.scenario, s.title, s.level, s.outcome, s.success, s.passed,"
            " s.empathy, s.composure, s.overall, s.start_anger, s.mode, s.recorded_at, s.result_json"
            " FROM sessions s JOIN trainees t ON t.id = s.trainee_id"
        )
        params: tuple[Any, ...] = ()
        if trainee is not None:
            query += " WHERE t.name = ?"
            params = (clean_trainee_name(trainee),)
        query += " ORDER BY s.recorded_at, s.id"
        records = []
        for row in self._conn.execute(query, params):
            try:
                result = json.loads(row[14])
            except ValueError:
                result = {}
            records.append(
                SessionRecord(
                    id=row[0],
                    trainee=row[1],
                    scenario=row[2],
                    title=row[3] or row[2],
                    level=row[4],
                    outcome=row[5],
                    success=bool(row[6]),
                    passed=bool(row[7]),
                    empathy=row[8],
                    composure=row[9],
                    overall=row[10],
                    start_anger=row[11],
                    mode=row[12],
                    recorded_at=row[13],
                    result=result if isinstance(result, dict) else {},
                )
            )
        return records


def schema_version(conn: sqlite3.Connection) -> int:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if exists is None:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0]) if row is not None and row[0] is not None else 0


def _use_wal(conn: sqlite3.Connection, wait_s: float = 10.0) -> str:
    """Switch the file to a WAL journal; returns the journal mode now in force.

    Changing the journal mode needs the file to itself, and SQLite answers "database is locked" at
    once (without its busy timeout) while another process is creating or migrating the same new
    store, so the switch is retried for a while. A file already in WAL mode needs no switch at all.
    """
    current = conn.execute("PRAGMA journal_mode").fetchone()
    if current is not None and str(current[0]).lower() == "wal":
        return "wal"
    deadline = time.monotonic() + wait_s
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
            return str(mode[0]).lower() if mode is not None else ""
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def record_session(
    trainee: str,
    result_json: Mapping[str, Any],
    *,
    store: ProgressStore | Path | str | None = None,
    clock: WallClock | None = None,
    mode: str | None = None,
) -> int:
    """The hook ``run``/``play --trainee NAME`` call: save one finished session; returns its id.

    ``store`` is an open store, a file path, or None for the default file. Raises ProgressError
    with a readable message on bad input or an unusable store.
    """
    if isinstance(store, ProgressStore):
        return store.record(trainee, result_json, mode=mode)
    with ProgressStore(store, clock=clock) as opened:
        return opened.record(trainee, result_json, mode=mode)
