"""The core must stay free of engine, audio, speech and model libraries (the brief's architecture rule).

Each check runs in a fresh interpreter, because this test session may already have imported Ursina
for the scene tests.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import game

FORBIDDEN = (
    "ursina",
    "panda3d",
    "direct",
    "pyttsx3",
    "vosk",
    "sounddevice",
    "pocketsphinx",
    "onnxruntime",
    "torch",
    "faster_whisper",
    "ctranslate2",
)
ROOT = Path(__file__).resolve().parent.parent


def core_modules() -> list[str]:
    """Every module of the ``game`` package except the adapters, which exist to import those libraries."""
    names = []
    for info in pkgutil.walk_packages(game.__path__, prefix="game."):
        if info.name.startswith("game.adapters"):
            continue
        names.append(info.name)
    return sorted(names)


def loaded_after_import(code: str) -> list[str]:
    probe = (
        "import sys, json\n"
        f"{code}\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({FORBIDDEN!r}))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    result: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_the_core_package_has_modules_to_check() -> None:
    modules = core_modules()
    assert "game.runtime" in modules and "game.model" in modules and "game.cli" in modules


def test_importing_every_core_module_loads_no_engine_audio_or_speech_library() -> None:
    imports = "\n".join(f"import {name}" for name in core_modules())
    assert loaded_after_import(imports) == []


def test_building_the_command_line_loads_no_engine_audio_or_speech_library() -> None:
    code = "from game.cli import build_parser\nbuild_parser().format_help()"
    assert loaded_after_import(code) == []


def test_the_probe_detects_a_forbidden_import() -> None:
    # Guards the guard: the same probe must notice a library that is really imported.
    assert loaded_after_import("import json as direct; sys.modules['direct'] = direct") == ["direct"]
