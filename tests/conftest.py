"""Shared fixtures: the session's offscreen Ursina app lives in ``ursina_fixture``."""

from ursina_fixture import clean_scene, ursina_app

__all__ = ["clean_scene", "ursina_app"]
