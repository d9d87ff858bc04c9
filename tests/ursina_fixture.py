"""One offscreen Ursina app for the whole test session (Ursina is a process-wide singleton).

Tests that render ask for ``ursina_app``; on a machine without Ursina or without EGL/OpenGL they
are skipped with the reason, the rest of the suite still runs. Time is fixed at 1/60 s a frame so
animations are deterministic; each test leaves the scene as it found it (see ``clean_scene``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

APP_SIZE = (1280, 720)


@pytest.fixture(scope="session")
def ursina_app() -> Iterator[Any]:
    try:
        import ursina  # noqa: F401
    except ImportError as error:
        pytest.skip(f"Ursina is not installed: {error}")
    from scenes.engine import EngineUnavailable, create_app, use_fixed_time

    try:
        app = create_app(size=APP_SIZE, offscreen=True)
    except EngineUnavailable as error:
        pytest.skip(f"no offscreen rendering on this machine (EGL/OpenGL): {error}")
    use_fixed_time()
    yield app


@pytest.fixture
def clean_scene(ursina_app: Any) -> Iterator[Any]:
    """Destroy whatever a test left in the scene, so the next test starts from an empty stage."""
    from ursina import destroy, scene

    before = set(map(id, scene.entities))
    yield ursina_app
    for entity in list(scene.entities):
        if id(entity) not in before and not getattr(entity, "eternal", False):
            destroy(entity)
    ursina_app.step()
