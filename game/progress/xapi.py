"""xAPI (Experience API 1.0.3) statements for recorded sessions, and sending them to a learning record store.

Each session gives two statements: ``completed`` (when it reached an end) and ``passed`` or
``failed``. Statement ids are derived from the trainee and session (uuid5), so exporting or sending
the same history twice describes the same statements, and an LRS can ignore repeats.

Sending happens only when asked (``progress export-xapi --send``) and only to the LRS configured in
``EMPATHY_TRAINER_LRS_URL`` (the xAPI endpoint; statements go to ``<endpoint>/statements``) with
``EMPATHY_TRAINER_LRS_AUTH`` (``user:password`` for Basic auth, or a whole ``Authorization`` value).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib import error as urlerror
from urllib import request

from game.progress.store import ProgressError, SessionRecord

LRS_URL_ENV = "EMPATHY_TRAINER_LRS_URL"
LRS_AUTH_ENV = "EMPATHY_TRAINER_LRS_AUTH"
XAPI_VERSION = "1.0.3"
HOME_PAGE = "https://empathy-trainer.invalid"
ACTIVITY_BASE = "https://empathy-trainer.invalid/xapi/scenarios/"
EXTENSION_BASE = "https://empathy-trainer.invalid/xapi/extensions/"
NAMESPACE = uuid.UUID("6f1e7a53-0b53-4d0c-9d0e-2f6f3a3f8e21")
VERBS = {
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
}


def iso_timestamp(epoch_s: float) -> str:
    moment = dt.datetime.fromtimestamp(epoch_s, tz=dt.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def actor(trainee: str) -> dict[str, Any]:
    return {"objectType": "Agent", "name": trainee, "account": {"homePage": HOME_PAGE, "name": trainee}}


def _statement(session: SessionRecord, verb: str) -> dict[str, Any]:
    statement_id = uuid.uuid5(
        NAMESPACE, f"{session.trainee.casefold()}/{session.id}/{session.recorded_at}/{verb}"
    )
    return {
        "id": str(statement_id),
        "actor": actor(session.trainee),
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": {
            "objectType": "Activity",
            "id": ACTIVITY_BASE + session.scenario,
            "definition": {
                "name": {"en-US": session.title},
                "type": "http://adlnet.gov/expapi/activities/simulation",
            },
        },
        "result": {
            "score": {
                "scaled": round(session.overall / 100, 2),
                "raw": session.overall,
                "min": 0,
                "max": 100,
            },
            "success": session.passed,
            "completion": session.outcome != "unfinished",
            "extensions": {
                EXTENSION_BASE + "outcome": session.outcome,
                EXTENSION_BASE + "empathy": session.empathy,
                EXTENSION_BASE + "composure": session.composure,
                EXTENSION_BASE + "tags": session.tags,
            },
        },
        "context": {
            "platform": "Empathy Trainer",
            "extensions": {EXTENSION_BASE + "level": session.level, EXTENSION_BASE + "mode": session.mode},
        },
        "timestamp": iso_timestamp(session.recorded_at),
    }


def statements(sessions: Sequence[SessionRecord]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for session in sessions:
        if session.outcome != "unfinished":
            out.append(_statement(session, "completed"))
        out.append(_statement(session, "passed" if session.passed else "failed"))
    return out


@dataclass(frozen=True)
class LrsConfig:
    endpoint: str
    authorization: str | None

    @property
    def statements_url(self) -> str:
        return self.endpoint.rstrip("/") + "/statements"


def lrs_config(environ: Mapping[str, str] | None = None) -> LrsConfig | None:
    """The configured LRS, or None when ``EMPATHY_TRAINER_LRS_URL`` is unset."""
    env = os.environ if environ is None else environ
    url = env.get(LRS_URL_ENV, "").strip()
    if not url:
        return None
    if not url.startswith(("http://", "https://")):
        raise ProgressError(f"{LRS_URL_ENV} must be an http:// or https:// URL, not {url!r}")
    auth = env.get(LRS_AUTH_ENV, "").strip() or None
    if auth is not None and " " not in auth:
        auth = "Basic " + base64.b64encode(auth.encode("utf-8")).decode("ascii")
    return LrsConfig(url, auth)


def send(batch: Sequence[Mapping[str, Any]], config: LrsConfig, *, timeout_s: float = 15.0) -> int:
    """POST the statements to the LRS; returns the HTTP status. ProgressError on any failure."""
    body = json.dumps(list(batch), ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION}
    if config.authorization:
        headers["Authorization"] = config.authorization
    req = request.Request(config.statements_url, data=body, headers=headers, method="POST")
    try:
        with request.urlopen(req, timeout=timeout_s) as response:
            status = int(response.status)
    except urlerror.HTTPError as error:
        detail = error.read(300).decode("utf-8", "replace").strip()
        raise ProgressError(
            f"the learning record store refused the statements: HTTP {error.code} {detail}".rstrip()
        ) from None
    except (urlerror.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise ProgressError(f"cannot reach the learning record store {config.endpoint}: {reason}") from None
    return status
