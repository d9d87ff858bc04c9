"""Recording a finished session in the trainee's progress store (``--trainee NAME``)."""

from __future__ import annotations

import sys
from typing import Any


def record(trainee: str, result_json: dict[str, Any]) -> None:
    """Save the session; a store problem is reported but never loses the run's own output."""
    from game.progress import record_session

    try:
        record_session(trainee, result_json)
    except Exception as error:  # the trainee's run already happened; say why it was not saved
        print(f"warning: the session was not saved to {trainee}'s progress: {error}", file=sys.stderr)
