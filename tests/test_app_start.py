"""``python main.py`` from outside: it opens a real window on a display, and without one it says so
and plays in the terminal instead."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def env_for(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update({"EMPATHY_TRAINER_HOME": str(home), "ALSOFT_DRIVERS": "null", **extra})
    return env


def test_without_a_display_it_says_so_and_plays_in_the_terminal(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "main.py"],
        cwd=ROOT,
        env=env_for(tmp_path),
        input="I'm sorry, let me help you with that\n:q\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Cannot open the game window: there is no display" in done.stderr
    assert "Playing in the terminal instead (same as: python main.py play " in done.stderr
    assert "=== Debrief:" in done.stdout
    assert "Traceback" not in done.stderr


@pytest.fixture
def display() -> Iterator[str]:
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        pytest.skip("Xvfb and xdotool are needed for the real-window test")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as announced:
            number = announced.readline().strip()  # Xvfb picks a free display and says which
        if not number or server.poll() is not None:
            pytest.skip("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_python_main_py_opens_the_game_window_on_the_menu(tmp_path: Path, display: str) -> None:
    from PIL import ImageGrab

    env = env_for(tmp_path, DISPLAY=display)
    game = subprocess.Popen(
        [sys.executable, "main.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        window = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and game.poll() is None:
            found = subprocess.run(
                ["xdotool", "search", "--name", "Empathy Trainer"], env=env, capture_output=True, text=True
            )
            window = found.stdout.strip()
            if window:
                break
            time.sleep(0.5)
        assert game.poll() is None, game.communicate()[1]
        assert window, "no window called Empathy Trainer appeared"
        # The selected level button is drawn in the accent colour once the menu is up.
        accent = (124, 108, 242)
        pixel: tuple[int, ...] = ()
        while time.monotonic() < deadline:
            image = ImageGrab.grab(xdisplay=display)
            assert image.size == (1280, 720)
            pixel = image.getpixel((250, 300))[:3]
            if all(abs(a - b) <= 24 for a, b in zip(pixel, accent, strict=True)):
                break
            time.sleep(0.5)
        assert all(abs(a - b) <= 24 for a, b in zip(pixel, accent, strict=True)), pixel
    finally:
        game.terminate()
        try:
            game.wait(timeout=10)
        except subprocess.TimeoutExpired:
            game.kill()
            game.wait()
