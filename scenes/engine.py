"""Creating the one Ursina app: offscreen (tests, screenshots, benchmarks) or in a window (the game).

Ursina's app is a process-wide singleton, so ``create_app`` is idempotent: the first call decides
the mode and size, later calls return the same app. The Panda3D configuration must be in place
before the app exists; the values and why each one matters are in FIELD-NOTES (Ursina section).
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ursina import Ursina

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ASSET_FOLDER = PROJECT_ROOT / "assets"
FIXED_DT = 1 / 60
"""Frame time used when time is made deterministic (tests, screenshots)."""

_app: Ursina | None = None
_offscreen: bool = False


class EngineUnavailable(RuntimeError):
    """Ursina/Panda3D could not open a window or an offscreen buffer on this machine."""


def _configure_panda(size: tuple[int, int], offscreen: bool, title: str) -> None:
    from panda3d.core import loadPrcFileData

    # Without gl-finish, offscreen frames queue up in the driver and memory grows ~300 MB/s.
    loadPrcFileData("", "gl-finish #t")
    loadPrcFileData("", "audio-library-name null" if offscreen else "")
    loadPrcFileData("", "print-pipe-types false")
    loadPrcFileData("", "sync-video false")
    loadPrcFileData("", "notify-level error")
    loadPrcFileData("", "default-directnotify-level error")
    loadPrcFileData("", f"window-title {title}")
    if offscreen:
        # Straight to EGL: no X display is needed, and no X errors are printed trying one.
        loadPrcFileData("", "load-display p3headlessgl")
        loadPrcFileData("", "aux-display p3headlessgl")
        # Headless machines have no /dev/input, and Ursina's start-up asks for an automatic shader
        # that is never used (everything here is unlit): both only print alarming noise.
        loadPrcFileData("", "notify-level-device fatal")
        loadPrcFileData("", "notify-level-glgsg fatal")
    loadPrcFileData("", f"win-size {size[0]} {size[1]}")


def create_app(
    size: tuple[int, int] = (1280, 720),
    offscreen: bool = False,
    title: str = "Empathy Trainer",
) -> Ursina:
    """Return the app, creating it on the first call (later calls ignore their arguments).

    Raises EngineUnavailable when no window or offscreen buffer can be made (no EGL/GL here).
    """
    global _app, _offscreen
    if _app is not None:
        return _app
    os.environ.setdefault("ALSOFT_DRIVERS", "null" if offscreen else os.environ.get("ALSOFT_DRIVERS", ""))
    _configure_panda(size, offscreen, title)
    from ursina import Ursina, application, camera, window

    application.asset_folder = ASSET_FOLDER
    chatter = io.StringIO()  # Ursina prints its folders and monitor info; command output stays clean
    try:
        with contextlib.redirect_stdout(chatter):
            app = Ursina(
                title=title,
                size=size,
                window_type="offscreen" if offscreen else "onscreen",
                development_mode=False,
                borderless=False,
                fullscreen=False,
                editor_ui_enabled=False,
                vsync=not offscreen,
            )
    except Exception as error:  # Panda3D raises plain Exception when no graphics pipe opens
        raise EngineUnavailable(
            f"cannot open a {'offscreen buffer' if offscreen else 'window'}: {error}"
        ) from error
    if app.win is None:
        raise EngineUnavailable("Panda3D opened no graphics output (is EGL/OpenGL installed?)")
    # Ursina sets the asset folder from sys.argv[0] during construction; set ours again.
    application.asset_folder = ASSET_FOLDER
    # Offscreen buffers get no aspect-ratio event: without this, Text and UI are invisible in captures.
    with contextlib.redirect_stdout(chatter):
        window.update_aspect_ratio()
    window.color = (0.08, 0.09, 0.11, 1)
    # Ursina keeps a screen-sized, fully transparent quad in the UI for fades (camera.overlay) and
    # blends it over every frame: about 6 ms of a software-rendered frame for nothing. Re-enable it
    # before using camera.overlay for a fade.
    camera.overlay.enabled = False
    # Panda3D's own 2D layers (render2d, render2dp: DirectGUI, OnscreenText) are unused here (the
    # UI is Ursina's camera.ui), yet the first clears the whole depth buffer every frame: about
    # 0.2 ms of a software-rendered frame. Their display regions are switched off.
    for region in app.win.getActiveDisplayRegions():
        if region.getCamera() in (app.cam2d, app.cam2dp):
            region.setActive(False)
    _app = app
    _offscreen = offscreen
    return app


def is_offscreen() -> bool:
    return _offscreen


def use_fixed_time(dt: float = FIXED_DT) -> None:
    """Make every frame advance time by exactly ``dt`` (deterministic animation for tests and captures)."""
    from ursina import application, time

    application.calculate_dt = False
    time.dt = dt
    time.dt_unscaled = dt


def step(app: Ursina, frames: int = 1) -> None:
    """Advance and render ``frames`` frames."""
    for _ in range(frames):
        app.step()


def window_size(app: Ursina) -> tuple[int, int]:
    width, height = app.win.getSize()
    return int(width), int(height)
