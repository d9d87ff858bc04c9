"""The settings screen: each row shows a setting and a button that changes it; Back saves."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from ursina import Entity, camera

from game.settings import SPEECH_ENGINES, WINDOW_SIZES, Settings
from game.speech.engines import recognizer_choice
from scenes.ui import theme
from scenes.ui.widgets import button, label, rounded, ui_width

VOLUME_STEP = 0.1


def _on_off(value: bool) -> str:
    return "On" if value else "Off"


ROWS: tuple[tuple[str, str, str], ...] = (
    ("input_mode", "Reply by", "Type, or speak into the microphone (typing always works too)."),
    (
        "listen_mode",
        "Talk by",
        "Hold Tab while you speak (quicker, fine with speakers), or hands-free.",
    ),
    (
        "speech_engine",
        "Recogniser",
        "What hears you. Auto: the best one installed on this machine.",
    ),
    ("voice", "Customer's voice", "The customer speaks aloud. Off: read the subtitles."),
    ("volume", "Volume", "Loudness of the customer's voice."),
    ("subtitles", "Subtitles", "Show the customer's words (always on when the voice is off)."),
    ("window_size", "Window size", "Size of the game window."),
    ("coaching", "Coaching cues", "On: practice with tips. Off: assessment mode, no hints."),
)


VOICE_ONLY = frozenset({"listen_mode", "speech_engine"})
ENGINE_NAMES = {
    "auto": "Auto", "vosk": "Vosk", "whisper": "Whisper", "hybrid": "Hybrid", "pocketsphinx": "PocketSphinx",
    "none": "none",
}


def visible_rows(settings: Settings) -> list[str]:
    """The rows shown for these settings: how to talk and what listens matter only for spoken replies."""
    return [key for key, _, _ in ROWS if key not in VOICE_ONLY or settings.input_mode == "voice"]


def describe_engine(engine: str) -> str:
    """The chosen recogniser and, when it differs, the one that will really run on this machine."""
    in_use = recognizer_choice(None, engine)[0]
    if engine == "auto":
        return f"Auto: {ENGINE_NAMES[in_use]}"
    if in_use != engine:
        return f"{ENGINE_NAMES[engine]} (missing)"
    return ENGINE_NAMES[engine]


def describe(settings: Settings, key: str) -> str:
    if key == "input_mode":
        return "Voice" if settings.input_mode == "voice" else "Typing"
    if key == "listen_mode":
        return "Hold Tab to talk" if settings.listen_mode == "push_to_talk" else "Hands-free"
    if key == "speech_engine":
        return describe_engine(settings.speech_engine)
    if key == "volume":
        return f"{round(settings.volume * 100)}%"
    if key == "window_size":
        return f"{settings.window_size[0]} × {settings.window_size[1]}"
    if key == "coaching":
        return "On (practice)" if settings.coaching else "Off (assessment)"
    value = getattr(settings, key)
    return _on_off(bool(value))


def changed(settings: Settings, key: str, direction: int = 1) -> Settings:
    """The settings with ``key`` moved to its next value (``direction`` -1: previous)."""
    if key == "input_mode":
        return settings.with_changes(input_mode="typed" if settings.input_mode == "voice" else "voice")
    if key == "listen_mode":
        listen = "hands_free" if settings.listen_mode == "push_to_talk" else "push_to_talk"
        return settings.with_changes(listen_mode=listen)
    if key == "speech_engine":
        engines = list(SPEECH_ENGINES)
        index = engines.index(settings.speech_engine) if settings.speech_engine in engines else 0
        return settings.with_changes(speech_engine=engines[(index + direction) % len(engines)])
    if key == "volume":
        volume = round(settings.volume + direction * VOLUME_STEP, 2)
        if volume > 1.0 + 1e-9:
            volume = 0.0
        elif volume < -1e-9:
            volume = 1.0
        return settings.with_changes(volume=volume)
    if key == "window_size":
        sizes = list(WINDOW_SIZES)
        index = sizes.index(settings.window_size) if settings.window_size in sizes else 0
        return settings.with_changes(window_size=sizes[(index + direction) % len(sizes)])
    return settings.with_changes(**{key: not getattr(settings, key)})


class SettingsScreen(Entity):  # type: ignore[misc]
    def __init__(
        self,
        settings: Settings,
        on_change: Callable[[Settings], None],
        on_back: Callable[[], None],
        notes: dict[str, str] | None = None,
    ) -> None:
        super().__init__(parent=camera.ui, name="settings_screen")
        self.settings = settings
        self.on_change = on_change
        self.notes = notes or {}
        Entity(parent=self, model="quad", scale=(ui_width() + 0.01, 1.01), color=theme.BACKDROP, z=0.5)
        w = 1.2
        x = -w / 2
        rounded(self, x, 0.45, w, 0.9, theme.PANEL, z=0.1)
        label(self, "Settings", x + 0.05, 0.42, theme.SIZE_TITLE, theme.TEXT)
        label(self, "Changes are saved when you go back.", x + 0.05, 0.345, theme.SIZE_SMALL, theme.MUTED)
        self.row_x, self.row_w = x, w
        self.value_buttons: dict[str, Any] = {}
        self.note_labels: dict[str, Any] = {}
        self.rows_root: Entity | None = None
        self.row_keys: list[str] = []
        self._build_rows()
        self.back_button = button(self, "Back", x + w - 0.37, -0.35, 0.32, 0.07, on_back, "primary")
        label(
            self,
            "Keys: up/down choose, left/right or Enter change, Esc back",
            x + 0.05,
            -0.372,
            theme.SIZE_SMALL,
            theme.FAINT,
        )
        self.focus = 0
        self._show_focus()

    def _build_rows(self) -> None:
        """One row per visible setting (rebuilt when a row appears or goes, e.g. "Talk by")."""
        from ursina import destroy

        if self.rows_root is not None:
            destroy(self.rows_root)
        self.rows_root = root = Entity(parent=self)
        self.row_keys = visible_rows(self.settings)
        self.value_buttons = {}
        self.note_labels = {}
        titles = {key: (title, help_text) for key, title, help_text in ROWS}
        x, w = self.row_x, self.row_w
        rows = len(self.row_keys)
        step = 0.1 if rows <= 6 else 0.088 if rows == 7 else 0.078
        for index, key in enumerate(self.row_keys):
            title, help_text = titles[key]
            y = 0.27 - index * step
            label(root, title, x + 0.05, y, theme.SIZE_BODY, theme.TEXT)
            note = self.notes.get(key, help_text)
            self.note_labels[key] = label(root, note, x + 0.05, y - 0.037, theme.SIZE_SMALL, theme.FAINT)
            self.value_buttons[key] = button(
                root,
                describe(self.settings, key),
                x + w - 0.37,
                y + 0.005,
                0.32,
                0.06,
                partial(self.cycle, key),
                "card",
            )

    def cycle(self, key: str, direction: int = 1) -> None:
        self.settings = changed(self.settings, key, direction)
        if visible_rows(self.settings) != self.row_keys:
            self._build_rows()
        for name, b in self.value_buttons.items():
            b.text = describe(self.settings, name)
            b.text_entity.color = theme.TEXT
        self.focus = self.row_keys.index(key)
        self._show_focus()
        self.on_change(self.settings)

    def _show_focus(self) -> None:
        for index, key in enumerate(self.row_keys):
            b = self.value_buttons[key]
            b.color = theme.ACCENT_DARK if index == self.focus else theme.CARD
            b.highlight_color = b.color.tint(0.1)

    def input(self, key: str) -> None:
        keys = self.row_keys
        if key == "escape":
            self.back_button.on_click()
        elif key in ("up arrow", "down arrow"):
            self.focus = (self.focus + (1 if key == "down arrow" else -1)) % len(keys)
            self._show_focus()
        elif key in ("left arrow", "right arrow", "enter"):
            self.cycle(keys[self.focus], -1 if key == "left arrow" else 1)
