"""xAPI statements, and sending them to a real HTTP server on 127.0.0.1 that records what it receives."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from test_progress_support import result_with

from game.clock import FakeClock
from game.progress import ProgressError, ProgressStore
from game.progress.xapi import lrs_config, send, statements


class RecordingLrs:
    """A tiny learning record store: answers POST /xapi/statements and keeps each request."""

    def __init__(self, status: int = 200) -> None:
        self.requests: list[dict[str, Any]] = []
        self.status = status
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                outer.requests.append(
                    {
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": json.loads(self.rfile.read(length)),
                    }
                )
                payload = json.dumps(["id"] if outer.status == 200 else {"error": "nope"}).encode()
                self.send_response(outer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/xapi/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def lrs() -> Iterator[RecordingLrs]:
    server = RecordingLrs()
    yield server
    server.close()


def history(tmp_path: Path) -> list[Any]:
    with ProgressStore(tmp_path / "p.sqlite3", clock=FakeClock(1_760_000_000.0)) as store:
        store.record("Ana Lima", result_with("gift-arrived-broken", ["apology"], empathy=70, composure=90))
        store.record("Ana Lima", result_with("lost-luggage", ["blame"], outcome="walked_out", composure=40))
        store.record("Ana Lima", result_with("hotel", ["apology"], outcome="unfinished"))
        return store.sessions("Ana Lima")


def test_statements_describe_each_session(tmp_path: Path) -> None:
    batch = statements(history(tmp_path))
    verbs = [s["verb"]["id"].rsplit("/", 1)[1] for s in batch]
    assert verbs == ["completed", "passed", "completed", "failed", "failed"]  # unfinished: not completed
    first = batch[0]
    assert first["actor"] == {
        "objectType": "Agent",
        "name": "Ana Lima",
        "account": {"homePage": "https://empathy-trainer.invalid", "name": "Ana Lima"},
    }
    assert first["verb"] == {
        "id": "http://adlnet.gov/expapi/verbs/completed",
        "display": {"en-US": "completed"},
    }
    assert first["object"]["objectType"] == "Activity"
    assert first["object"]["id"].endswith("/scenarios/gift-arrived-broken")
    assert first["result"]["score"] == {"scaled": 0.8, "raw": 80, "min": 0, "max": 100}
    assert first["result"]["success"] is True and first["result"]["completion"] is True
    assert batch[3]["result"]["success"] is False
    assert batch[4]["result"]["completion"] is False
    assert first["timestamp"] == "2025-10-09T08:53:20.000Z"
    assert len({s["id"] for s in batch}) == len(batch)
    assert statements(history(tmp_path / "again")) == batch  # deterministic ids: re-sending is harmless


def test_statements_are_posted_to_the_configured_lrs_with_auth(tmp_path: Path, lrs: RecordingLrs) -> None:
    config = lrs_config({"EMPATHY_TRAINER_LRS_URL": lrs.url, "EMPATHY_TRAINER_LRS_AUTH": "key:secret"})
    assert config is not None
    batch = statements(history(tmp_path))
    assert send(batch, config) == 200
    assert len(lrs.requests) == 1
    request = lrs.requests[0]
    assert request["path"] == "/xapi/statements"
    assert request["body"] == batch
    assert request["headers"]["x-experience-api-version"] == "1.0.3"
    assert request["headers"]["authorization"] == "Basic " + base64.b64encode(b"key:secret").decode()


def test_lrs_problems_are_clear_errors(tmp_path: Path) -> None:
    assert lrs_config({}) is None  # nothing configured: nothing is ever sent
    with pytest.raises(ProgressError, match="must be an http"):
        lrs_config({"EMPATHY_TRAINER_LRS_URL": "ftp://x"})
    refusing = RecordingLrs(status=401)
    try:
        config = lrs_config({"EMPATHY_TRAINER_LRS_URL": refusing.url})
        assert config is not None
        with pytest.raises(ProgressError, match="HTTP 401"):
            send(statements(history(tmp_path)), config)
    finally:
        refusing.close()
    gone = lrs_config({"EMPATHY_TRAINER_LRS_URL": "http://127.0.0.1:9/xapi"})
    assert gone is not None
    with pytest.raises(ProgressError, match="cannot reach"):
        send([], gone, timeout_s=2)
