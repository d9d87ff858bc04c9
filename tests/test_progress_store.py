"""The progress store on real SQLite files: atomic sessions, a killed writer, migrations, bad input."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import string
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_progress_support import make_result, make_turn

from game.clock import FakeClock
from game.progress import ProgressError, ProgressStore, record_session
from game.progress.migrations import LATEST_VERSION

ROOT = Path(__file__).resolve().parent.parent


def test_records_and_reads_back_the_whole_transcript(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    clock = FakeClock(1_750_000_000.0)
    result = make_result(turns=[make_turn("opening", ["apology"]), make_turn("details", ["next_step"])])
    session_id = record_session("Ana", result, store=path, clock=clock)
    clock.advance(60)
    record_session("ana", make_result("lost-luggage", outcome="walked_out"), store=path, clock=clock)
    record_session("Bo", make_result(), store=path, clock=clock)

    with ProgressStore(path) as store:
        assert store.version == LATEST_VERSION
        assert store.trainees() == ["Ana", "Bo"]  # names are case-insensitive; the first spelling stays
        sessions = store.sessions("ANA")
        assert [s.scenario for s in sessions] == ["gift-arrived-broken", "lost-luggage"]
        first = sessions[0]
        assert first.id == session_id
        assert first.result == result  # the full result JSON, untouched
        assert first.recorded_at == 1_750_000_000.0
        assert sessions[1].recorded_at == 1_750_000_060.0
        assert first.tags == ["apology", "next_step"]
        assert (first.empathy, first.composure, first.level, first.start_anger) == (70, 90, 3, 60)
        assert sessions[1].success is False and sessions[1].outcome == "walked_out"
        assert len(store.sessions()) == 3
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    rows = conn.execute("SELECT idx, node, tags FROM turns WHERE session_id = ? ORDER BY idx", (session_id,))
    assert [(i, n, json.loads(t)) for i, n, t in rows] == [
        (0, "opening", ["apology"]),
        (1, "details", ["next_step"]),
    ]
    conn.close()


@pytest.mark.parametrize(
    ("trainee", "result", "message"),
    [
        ("", make_result(), "name is empty"),
        ("x" * 81, make_result(), "longer than 80"),
        ("a\x00b", make_result(), "control characters"),
        ("Ana", [1, 2], "not a JSON object"),
        ("Ana", {**make_result(), "scenario": ""}, "no scenario id"),
        (
            "Ana",
            {**make_result(), "scores": {"empathy": 101, "composure": 1, "overall": 1}},
            "outside 0..100",
        ),
        (
            "Ana",
            {**make_result(), "scores": {"empathy": "high", "composure": 1, "overall": 1}},
            "not a number",
        ),
        ("Ana", {**make_result(), "turns": None}, "no list of turns"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_written(
    tmp_path: Path, trainee: str, result: object, message: str
) -> None:
    path = tmp_path / "p.sqlite3"
    with pytest.raises(ProgressError, match=message):
        record_session(trainee, result, store=path)  # type: ignore[arg-type]
    with ProgressStore(path) as store:
        assert store.sessions() == []
        assert store.trainees() == []


def test_a_file_that_is_not_a_store_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    path.write_bytes(b"this is not sqlite at all " * 100)
    with pytest.raises(ProgressError, match="not a readable progress store"):
        ProgressStore(path)
    with pytest.raises(ProgressError, match="is a folder"):
        ProgressStore(tmp_path)


def test_a_store_from_a_newer_game_is_refused_not_damaged(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    record_session("Ana", make_result(), store=path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE schema_version SET version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(ProgressError, match="schema version 99, newer"):
        ProgressStore(path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 1
    conn.close()


V1_SCHEMA = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE trainees (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  created_at REAL NOT NULL);
CREATE TABLE sessions (id INTEGER PRIMARY KEY, trainee_id INTEGER NOT NULL REFERENCES trainees(id),
  scenario TEXT NOT NULL, outcome TEXT NOT NULL, success INTEGER NOT NULL, passed INTEGER NOT NULL,
  empathy INTEGER NOT NULL, composure INTEGER NOT NULL, overall INTEGER NOT NULL, recorded_at REAL NOT NULL,
  result_json TEXT NOT NULL);
INSERT INTO schema_version VALUES (1);
"""


def test_a_version_1_file_is_migrated_forward_with_its_sessions(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    # A store as version 1 of the game wrote it (rollback journal, no turns table).
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.execute("INSERT INTO trainees VALUES (1, 'Ana', 100.0)")
    old = make_result(
        "lost-luggage",
        level=4,
        start_anger=80,
        turns=[make_turn("a", ["apology"]), make_turn("b", ["blame"])],
    )
    conn.execute(
        "INSERT INTO sessions VALUES (1, 1, 'lost-luggage', 'resolved', 1, 1, 70, 90, 80, 200.0, ?)",
        (json.dumps(old),),
    )
    conn.execute(
        "INSERT INTO sessions VALUES (2, 1, 'broken', 'resolved', 1, 1, 70, 90, 80, 201.0, '{not json')"
    )
    conn.commit()
    conn.close()

    with ProgressStore(path, clock=FakeClock(300.0)) as store:
        assert store.version == LATEST_VERSION == 2
        sessions = store.sessions("Ana")
        assert [s.id for s in sessions] == [1, 2]
        assert (sessions[0].level, sessions[0].start_anger, sessions[0].mode) == (4, 80, "practice")
        assert sessions[0].result == old
        # A damaged transcript is kept, not fatal.
        assert sessions[1].result == {} and sessions[1].level is None
        store.record("Ana", make_result())
        assert len(store.sessions("Ana")) == 3
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM turns WHERE session_id = 1").fetchone()[0] == 2
    assert conn.execute("SELECT version FROM schema_version").fetchall() == [(2,)]
    conn.close()


KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    sys.path[:0] = [sys.argv[2], sys.argv[3]]
    from test_progress_support import make_result, make_turn
    from game.progress import store as st

    big = [make_turn(f"n{i}", ["apology"], reply="word " * 200) for i in range(400)]
    s = st.ProgressStore(sys.argv[1])
    for i in range(3):
        s.record("Ana", make_result(f"whole-{i}", turns=big))
    original = st.insert_turns

    def half_then_hang(conn, session_id, result):
        original(conn, session_id, dict(result, turns=result["turns"][:200]))
        print("MID", session_id, flush=True)
        time.sleep(120)

    st.insert_turns = half_then_hang
    s.record("Ana", make_result("killed", turns=big))
    """
)


def test_a_writer_killed_mid_session_leaves_only_whole_sessions(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(path), str(ROOT), str(Path(__file__).parent)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("MID"), line
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
        if proc.stdout is not None:
            proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    assert Path(str(path) + "-wal").exists()  # the half-written session was in the journal when it died

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    counts = conn.execute(
        "SELECT s.scenario, COUNT(t.idx) FROM sessions s"
        " LEFT JOIN turns t ON t.session_id = s.id GROUP BY s.id"
    ).fetchall()
    assert counts == [("whole-0", 400), ("whole-1", 400), ("whole-2", 400)]
    orphans = "SELECT COUNT(*) FROM turns WHERE session_id NOT IN (SELECT id FROM sessions)"
    assert conn.execute(orphans).fetchone()[0] == 0
    conn.close()
    with ProgressStore(path) as store:
        assert [len(s.turns) for s in store.sessions("Ana")] == [400, 400, 400]
        store.record("Ana", make_result("after"))
        assert len(store.sessions("Ana")) == 4


def test_session_notes_tell_the_debrief_what_the_session_changed(tmp_path: Path) -> None:
    from game.campaign import load_campaign_text
    from game.progress.library import load_library
    from game.progress.notes import session_notes

    library = load_library()  # the real scenarios under dialogue/
    level_one = sorted(sid for sid, level in library.levels.items() if level == 1)[0]
    campaign = load_campaign_text(
        "campaign_format: 1\ntitle: T\nlevels:\n"
        f"  - {{level: 1, title: Easy, scenarios: [{level_one}], pass: {{empathy: 40, composure: 70}}}}\n"
        "  - {level: 2, title: Harder, scenarios: {all_of_level: 2}, pass: {empathy: 50, composure: 75},"
        " unlock: {after_levels: [1]}}\n",
        "c.yaml",
        library.levels,
    ).campaign
    assert campaign is not None
    clock = FakeClock(1_760_000_000.0)
    with ProgressStore(tmp_path / "p.sqlite3", clock=clock) as store:
        first = store.record("Ana", make_result(level_one, outcome="walked_out", start_anger=70))
        notes = session_notes("Ana", first, store=store, library=library, campaign=campaign)
        assert notes[0] == "Saved to Ana's progress (session 1)."
        assert "Achievement: First conversation. Recorded your first practice session." in notes
        assert not any("passed" in line for line in notes)
        clock.advance(60)
        second = store.record("ana", make_result(level_one, start_anger=70))
        notes = session_notes("Ana", second, store=store, library=library, campaign=campaign)
        assert notes[0] == "Saved to Ana's progress (session 2)."
        assert any(line.startswith("Achievement: First de-escalation") for line in notes)
        assert "Level 1 (Easy) passed!" in notes and "Level 2 (Harder) is now open." in notes
        assert notes[-1] == 'Your history: python main.py report --trainee "Ana" -o progress.html'
        assert session_notes("Ana", 999, store=store, library=library, campaign=campaign) == []


CONCURRENT_WRITER = textwrap.dedent(
    """
    import sys
    sys.path[:0] = [sys.argv[2], sys.argv[3]]
    from test_progress_support import make_result, make_turn
    from game.progress import record_session

    turns = [make_turn(f"n{i}", ["apology"]) for i in range(30)]
    for i in range(15):
        record_session(sys.argv[4], make_result(f"s-{i}", turns=turns), store=sys.argv[1])
    """
)


def test_two_processes_recording_at_once_both_keep_every_session(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    here = str(Path(__file__).parent)
    writers = [
        subprocess.Popen([sys.executable, "-c", CONCURRENT_WRITER, str(path), str(ROOT), here, name])
        for name in ("Ana", "Bo")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    with ProgressStore(path) as store:
        assert store.trainees() == ["Ana", "Bo"]
        assert [len(store.sessions(name)) for name in ("Ana", "Bo")] == [15, 15]
        assert all(len(s.turns) == 30 for s in store.sessions())


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(max_size=90),
    result=st.one_of(
        JSON,
        st.fixed_dictionaries(
            {"scenario": st.text(max_size=20), "outcome": st.text(max_size=12), "turns": JSON, "scores": JSON}
        ),
        st.builds(
            lambda extra: {**make_result(), **extra},
            st.dictionaries(
                st.sampled_from(["turns", "level", "mood_history", "title", "mode"]), JSON, max_size=3
            ),
        ),
    ),
)
def test_any_input_is_either_stored_whole_or_refused_with_a_message(
    tmp_path: Path, name: str, result: object
) -> None:
    with ProgressStore(tmp_path / "fuzz.sqlite3") as store:
        before = len(store.sessions())
        try:
            session_id = store.record(name, result)  # type: ignore[arg-type]
        except ProgressError as error:
            assert str(error)
            assert len(store.sessions()) == before
            return
        saved = next(s for s in store.sessions() if s.id == session_id)
        assert saved.result == result
        # Stored trimmed and NFC-normalised; names differing only in ASCII case are one trainee.
        ascii_lower = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
        expected = unicodedata.normalize("NFC", name).strip()
        assert saved.trainee.translate(ascii_lower) == expected.translate(ascii_lower)
