"""The brief card: what the trainee reads over the set before the customer speaks."""

from __future__ import annotations

from collections.abc import Callable

from ursina import Entity, camera

from game.model import Scenario
from scenes.ui import theme
from scenes.ui.widgets import button, label, rounded, wrap

TIME_LIMITS: dict[int, float] = {4: 30.0, 5: 22.0}
"""Seconds to reply before the silence counts, by level (gentle pressure; none below level 4)."""


class BriefCard(Entity):  # type: ignore[misc]
    def __init__(
        self,
        scenario: Scenario,
        on_begin: Callable[[], None],
        on_back: Callable[[], None],
        coaching: bool,
        hold_to_talk: bool = False,
    ) -> None:
        """``hold_to_talk``: replies are spoken with push-to-talk, so the card says which key to hold."""
        super().__init__(parent=camera.ui, name="brief_card")
        self.on_begin = on_begin
        self.on_back = on_back
        w = 1.0
        x = -w / 2
        body = wrap(scenario.brief, w - 0.1, theme.SIZE_BODY)
        lines = body.count("\n") + 1
        h = 0.46 + lines * 0.036
        top = h / 2 + 0.03
        rounded(self, -1.5, 0.6, 3, 1.2, theme.SHADE, radius=0, z=0.2)
        rounded(self, x, top, w, h, theme.PANEL_OPAQUE, z=0.1)
        channel = "phone call" if scenario.channel == "phone" else "in person"
        place = theme.setting_label(scenario.setting).upper()
        meta = f"LEVEL {scenario.level}  ·  {place}  ·  {channel.upper()}"
        label(self, meta, x + 0.05, top - 0.04, theme.SIZE_SMALL, theme.TRUST)
        label(self, scenario.title, x + 0.05, top - 0.075, theme.SIZE_TITLE, theme.TEXT)
        y = top - 0.165
        self.brief = label(self, body, x + 0.05, y, theme.SIZE_BODY, theme.TEXT.tint(-0.05))
        y -= lines * 0.036 + 0.03
        mood = scenario.customer.mood
        feel = (
            "calm"
            if mood.anger < 25
            else "annoyed"
            if mood.anger < 50
            else "upset"
            if mood.anger < 75
            else "furious"
        )
        label(
            self,
            f"Customer: {scenario.customer.name}, {feel} (anger {mood.anger}, trust {mood.trust})",
            x + 0.05,
            y,
            theme.SIZE_SMALL,
            theme.MUTED,
        )
        y -= 0.035
        facts = len(scenario.knowledge)
        reply = "Type and press Enter, or press 1-4 for a suggestion" if coaching else "Type and press Enter"
        if hold_to_talk:
            reply = "Hold Tab to talk, or type" + (", or press 1-4" if coaching else "")
        help_text = f"Facts you can check: {facts} (F1)   ·   {reply}"
        label(self, help_text, x + 0.05, y, theme.SIZE_SMALL, theme.MUTED)
        y -= 0.035
        limit = TIME_LIMITS.get(scenario.level)
        pressure = f"You have about {int(limit)} s for each reply." if limit else "Take the time you need."
        mode = "Coaching cues on." if coaching else "Assessment mode: no coaching cues, no suggestions."
        label(self, f"{pressure}   {mode}", x + 0.05, y, theme.SIZE_SMALL, theme.MUTED)
        self.begin_button = button(self, "Begin  (Enter)", x + w - 0.36, top - h + 0.1, 0.31, 0.07, on_begin)
        self.back_button = button(
            self, "Back  (Esc)", x + 0.05, top - h + 0.1, 0.25, 0.07, on_back, "secondary"
        )

    def input(self, key: str) -> None:
        if key == "enter":
            self.on_begin()
        elif key == "escape":
            self.on_back()
