"""Helpers shared by the subcommands: loading a scenario with clear messages, reading input files."""

from __future__ import annotations

import sys
from pathlib import Path

from game.model import Scenario


class CommandError(Exception):
    """A content or input problem: the message is printed and the command exits with status 1."""


def load_scenario_for_command(ref: str) -> Scenario:
    """Resolve ``ref`` (a path or a scenario id) and load it, or raise CommandError with the findings."""
    from game.loader import ScenarioNotFound, load_scenario, resolve_scenario

    try:
        path = resolve_scenario(ref)
    except ScenarioNotFound as error:
        raise CommandError(str(error)) from None
    result = load_scenario(path)
    if result.scenario is None:
        lines = [str(f) for f in result.findings if f.severity == "error"]
        raise CommandError("the scenario has errors:\n" + "\n".join(lines))
    return result.scenario


def read_text_file(path: str, what: str) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {what} {path!r}: {error.strerror or error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(f"{path}: {what} is not UTF-8 text (byte {error.start})") from None


def fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1
