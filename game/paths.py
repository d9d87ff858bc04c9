"""Where things live: the project's bundled folders and the user's own data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DIALOGUE_DIR = PROJECT_ROOT / "dialogue"
ASSETS_DIR = PROJECT_ROOT / "assets"


def user_data_dir() -> Path:
    """The per-user folder for saves, progress and caches (``EMPATHY_TRAINER_HOME`` overrides it)."""
    override = os.environ.get("EMPATHY_TRAINER_HOME")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "empathy-trainer"


def user_cache_dir() -> Path:
    override = os.environ.get("EMPATHY_TRAINER_HOME")
    if override:
        return Path(override) / "cache"
    if sys.platform == "win32":
        return user_data_dir() / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "empathy-trainer"
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "empathy-trainer"
