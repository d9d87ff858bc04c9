"""Placeholder: the embedding tag classifier (filled in below)."""
from __future__ import annotations

from typing import Any


def train_tagger(analyzer: Any) -> dict[str, Any] | None:
    return None
