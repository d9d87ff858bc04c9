"""Shared fixtures: the session's offscreen Ursina app lives in ``ursina_fixture``, the real
text-to-speech voice in ``speech_fixture``."""

from speech_fixture import voice
from ursina_fixture import clean_scene, ursina_app

__all__ = ["clean_scene", "ursina_app", "voice"]
