"""Validation findings: one problem in a trainer's file, with its stable code and position.

A finding prints as ``path:line:col: error CODE message`` (SPEC section 3) so editors and CI
logs can jump straight to it. Codes are stable; ``dialogue/README.md`` documents every one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from game.model import Pos

Severity = Literal["error", "warning"]

CODES: dict[str, str] = {
    "DLG001": "schema: wrong key, type or value",
    "DLG002": "duplicate id or key",
    "DLG003": "reference to a missing node",
    "DLG004": "node unreachable from start",
    "DLG005": "no path from a node to any end",
    "DLG006": "bad condition (syntax, unknown name, type mismatch)",
    "DLG007": "a choice point whose branches could all be disabled",
    "DLG008": "near-duplicate examples in two branches of one node",
    "DLG009": "branch with fewer than two examples",
    "DLG010": "unreadable file (YAML syntax, encoding, binary, size, hostile content)",
}
"""Every code this project emits, with a one-line meaning (kept in step with dialogue/README.md)."""


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    pos: Pos

    def __str__(self) -> str:
        return f"{self.pos}: {self.severity} {self.code} {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.pos.path, self.pos.line, self.pos.col, self.code, self.message)

    def __lt__(self, other: Finding) -> bool:
        return self.sort_key() < other.sort_key()

    def to_json(self) -> dict[str, str | int]:
        return {
            "path": self.pos.path,
            "line": self.pos.line,
            "col": self.pos.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def error(code: str, message: str, pos: Pos) -> Finding:
    return Finding(code, "error", message, pos)


def warning(code: str, message: str, pos: Pos) -> Finding:
    return Finding(code, "warning", message, pos)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.is_error for f in findings)


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """By file, then position; identical findings (same code, place and message) appear once."""
    return sorted(set(findings), key=Finding.sort_key)


class Suggestions:
    """ "Did you mean ...?" for one file, within a budget of candidate comparisons.

    Fuzzy matching costs time per candidate: a hostile file with thousands of misspelt names,
    each compared with thousands of node ids, must not keep ``validate`` busy for minutes. Once
    the budget is spent, findings simply carry no suggestion.
    """

    def __init__(self, budget: int = 100_000) -> None:
        self.budget = budget

    def closest(self, word: str, candidates: Iterable[str]) -> str | None:
        pool = list(candidates)
        if len(pool) > self.budget:
            self.budget = 0
            return None
        self.budget -= len(pool)
        close = difflib.get_close_matches(word, pool, n=1)
        return close[0] if close else None
