"""The in-scene HUD: subtitles, mood meter, reply area, knowledge panel, turn timer, confirm prompt, coach.

The HUD only shows things and reports what the trainee did through callbacks; the play session
(``scenes.app``) decides what happens. It never calls the conversation itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from ursina import Entity, camera, time

from game.model import Mood, Scenario
from game.settings import TALK_KEY
from scenes.ports import SpeechHandle
from scenes.ui import theme
from scenes.ui.widgets import (
    Meter,
    ReplyField,
    button,
    label,
    merge_static_text,
    rounded,
    set_text,
    single_pass,
    ui_width,
    wrap,
)

READING_CHARS_PER_S = 48.0
"""Typewriter speed when the line is not spoken."""
SPEAKING_CHARS_PER_S = 15.0
"""About the pace of text-to-speech at 170 words a minute: the subtitle keeps up with the voice."""
MAX_SUGGESTIONS = 4
TYPEWRITER_UPDATES_PER_S = 20.0
"""The subtitle's text is rebuilt at most about this often (each rebuild costs Python time)."""


MIC_STATES: dict[str, tuple[str, Any]] = {
    "listening": ("Listening", theme.TRUST),  # hands-free: ears open
    "hearing": ("Hearing you", theme.GOOD),  # hands-free: the trainee is speaking
    "ready": ("Hold Tab to talk", theme.TRUST),  # push-to-talk: ears open, waiting for the key
    "talking": ("Listening…", theme.GOOD),  # push-to-talk: the key is held
    "idle": ("Mic waits", theme.FAINT),
    "unavailable": ("No mic: type", theme.BAD),
}
"""The microphone indicator's states: words and colour."""


class _ReplyField(ReplyField):  # type: ignore[misc]
    """The reply field without InputField's own Tab handling (it drops the typing focus on Tab):
    Tab is the push-to-talk key, and a one-line field has no next field to move to."""

    def input(self, key: str) -> None:
        if key == TALK_KEY:
            return
        super().input(key)


class Hud(Entity):  # type: ignore[misc]
    def __init__(
        self,
        scenario: Scenario,
        *,
        coaching: bool,
        subtitles: bool,
        voice_input: bool,
        on_send: Callable[[str], None],
        on_pick: Callable[[int], None],
        on_confirm: Callable[[int | None], None],
        on_menu: Callable[[], None],
    ) -> None:
        super().__init__(parent=camera.ui, name="hud")
        single_pass(self)
        self.scenario = scenario
        self.coaching = coaching
        self.subtitles = subtitles
        self.on_send = on_send
        self.on_pick = on_pick
        self.on_confirm = on_confirm
        half = ui_width() / 2
        self.half = half

        # -- top left: what this is ---------------------------------------------------------------
        self.title_card = Entity(parent=self, position=(-half + 0.03, 0.47))
        title = label(self.title_card, scenario.title, 0.02, -0.018, theme.SIZE_HEADING, theme.TEXT)
        room = half - 0.23 - 0.045  # up to the turn timer in the middle
        if title.width * theme.SIZE_HEADING > room:  # a long title gets a smaller size, never a spill
            title.scale = theme.SIZE_HEADING * room / (title.width * theme.SIZE_HEADING)
        card_w = max(0.62, title.width * title.scale_x + 0.045)
        rounded(self.title_card, 0, 0, card_w, 0.105, theme.PANEL_SOFT, z=0.01)
        channel = "phone call" if scenario.channel == "phone" else "in person"
        meta = f"Level {scenario.level}  ·  {theme.setting_label(scenario.setting)}  ·  {channel}"
        meta_label = label(self.title_card, meta, 0.02, -0.064, theme.SIZE_SMALL, theme.MUTED)
        merge_static_text(self.title_card, [title, meta_label], "title words")  # one draw, not two
        self.facts_button = button(
            self,
            "Facts  (F1)",
            -half + 0.03,
            0.35,
            0.2,
            0.05,
            self.toggle_knowledge,
            "secondary",
            theme.SIZE_SMALL,
        )
        self.menu_button = button(
            self, "Pause  (Esc)", -half + 0.245, 0.35, 0.2, 0.05, on_menu, "secondary", theme.SIZE_SMALL
        )
        self.history_button = button(
            self,
            "So far  (F2)",
            -half + 0.46,
            0.35,
            0.2,
            0.05,
            self.toggle_history,
            "secondary",
            theme.SIZE_SMALL,
        )
        self.history: list[tuple[str, str]] = []
        """(speaker, words) of the conversation so far, for the F2 panel."""
        self.history_panel: Entity | None = None

        # -- top right: the customer's mood ---------------------------------------------------------
        mood = scenario.customer.mood
        self.mood_panel = Entity(parent=self, position=(half - 0.43, 0.47))
        rounded(self.mood_panel, 0, 0, 0.4, 0.2, theme.PANEL_SOFT, z=0.01)
        customer_label = label(self.mood_panel, scenario.customer.name, 0.02, -0.018, theme.SIZE_BODY)
        self.emotion_label = label(
            self.mood_panel, "", 0.38, -0.022, theme.SIZE_SMALL, theme.MUTED, origin=(0.5, 0.5)
        )
        self.anger = Meter(self.mood_panel, "Anger", 0.02, -0.065, 0.36, theme.anger_colour, mood.anger)
        self.trust = Meter(self.mood_panel, "Trust", 0.02, -0.125, 0.36, theme.TRUST, mood.trust)
        # The name and the meters' titles never change: one draw for the three.
        merge_static_text(self.mood_panel, [customer_label, self.anger.title, self.trust.title], "mood words")
        self.delta_label = label(self, "", half - 0.23, 0.255, theme.SIZE_SMALL, theme.TEXT, origin=(0, 0.5))
        self._delta_timer = 0.0
        self.feedback_bg = rounded(
            self, half - 0.43, 0.266, 0.4, 0.07, theme.PANEL_SOFT, radius=0.014, z=0.01
        )
        self.feedback_bg.enabled = False
        self.tags_label = label(
            self, "", half - 0.23, 0.228, theme.SIZE_SMALL, theme.TEXT, origin=(0, 0.5), tags=True
        )

        # -- right: the coach ---------------------------------------------------------------------
        self.coach_card = Entity(parent=self, position=(half - 0.43, 0.19))
        self.coach_bg = rounded(self.coach_card, 0, 0, 0.4, 0.16, theme.PANEL_SOFT, z=0.01)
        rounded(self.coach_card, 0, 0, 0.008, 0.16, theme.COACH, radius=0.004, z=0.005)
        label(self.coach_card, "COACH", 0.025, -0.018, theme.SIZE_SMALL, theme.COACH)
        self.coach_text = label(self.coach_card, "", 0.025, -0.05, theme.SIZE_SMALL, theme.TEXT)
        self.coach_card.enabled = False

        # -- top centre: the turn timer -------------------------------------------------------------
        self.timer = Entity(parent=self, position=(0, 0.47))
        self.timer_track = rounded(self.timer, -0.16, -0.035, 0.32, 0.012, theme.CARD, radius=0.006, z=0.01)
        self.timer_bar = rounded(self.timer, -0.16, -0.035, 0.32, 0.012, theme.TRUST, radius=0.006, z=0.0)
        self.timer_pill = rounded(
            self.timer, -0.18, 0.012, 0.36, 0.065, theme.PANEL_OPAQUE, radius=0.014, z=0.02
        )
        self.timer_label = label(self.timer, "", 0, 0, theme.SIZE_SMALL, theme.MUTED, origin=(0, 0.5))
        self.timer.enabled = False

        # -- bottom: subtitles, suggestions, reply --------------------------------------------------
        self.sub_w = min(1.3, 2 * half - 0.9)
        sub_x = -self.sub_w / 2 - 0.04
        self.sub_x = sub_x
        self.sub_bottom = -0.2
        self.subtitle_card = Entity(parent=self, position=(sub_x, self.sub_bottom + 0.15))
        self.subtitle_bg = rounded(self.subtitle_card, 0, 0, self.sub_w, 0.15, theme.PANEL, z=0.01)
        self.speaker = label(
            self.subtitle_card, scenario.customer.name, 0.025, -0.018, theme.SIZE_SMALL, theme.TRUST
        )
        self.subtitle = label(self.subtitle_card, "", 0.025, -0.05, theme.SIZE_BODY * 1.05, theme.TEXT)
        self.subtitle_full = ""
        self.subtitle_wrapped = ""
        self.revealed = 0.0
        self.handle: SpeechHandle | None = None
        self.status_bg = rounded(self, sub_x, -0.205, 0.3, 0.036, theme.PANEL_SOFT, radius=0.012, z=0.01)
        self.status = label(self, "", sub_x + 0.015, -0.212, theme.SIZE_SMALL, theme.MUTED)

        self.suggestion_buttons: list[Any] = []
        self.suggestion_texts: list[str] = []
        self.suggestion_words: Any = None
        """The suggestions' numbers and captions baked into one node (one draw for all eight)."""
        self.suggest_y = -0.252

        field_w = self.sub_w - 0.16
        self.reply_field = _ReplyField(
            parent=self,
            character_limit=400,
            max_lines=1,
            position=(sub_x + field_w / 2, -0.445, -0.02),
            scale=(field_w, 0.06),
            color=theme.CARD,
        )
        self.reply_field.highlight_color = theme.CARD_HOVER
        self.reply_field.text_field.text_entity.color = theme.TEXT
        self.reply_field.text_field.cursor.color = theme.TRUST
        self.placeholder = label(
            self,
            "Type your reply and press Enter",
            sub_x + 0.02,
            -0.432,
            theme.SIZE_BODY,
            theme.FAINT,
            z=-0.03,
        )
        self.send_button = button(
            self, "Send", sub_x + field_w + 0.015, -0.415, 0.145, 0.06, self._send_clicked, "primary"
        )

        self.mic = Entity(parent=self, position=(sub_x + self.sub_w + 0.05, -0.445, -0.02))
        self.mic_ring = Entity(parent=self.mic, model="circle", scale=0.05, color=theme.TRUST.tint(-0.5))
        self.mic_dot = Entity(parent=self.mic, model="circle", scale=0.026, color=theme.TRUST, z=-0.01)
        rounded(self.mic, -0.035, 0.035, 0.25, 0.07, theme.PANEL_OPAQUE, radius=0.02, z=0.02)
        self.mic_label = label(self.mic, "", 0.035, 0.012, theme.SIZE_SMALL, theme.TEXT)
        self.mic.enabled = voice_input
        self.mic_level = 0.0
        self.mic_state = ""

        # -- overlays: knowledge, confirm, pause ----------------------------------------------------
        self.knowledge = self._build_knowledge()
        self.knowledge.enabled = False
        self.confirm_card: Entity | None = None
        self.confirm_buttons: list[Any] = []
        self.pause_card: Entity | None = None

    # -- subtitles --------------------------------------------------------------------------------

    def show_line(self, text: str, emotion: str, handle: SpeechHandle | None) -> None:
        """Start showing a customer line (typewriter), in step with the voice when it speaks."""
        self.subtitle_full = text
        self.subtitle_wrapped = wrap(text, self.sub_w - 0.05, theme.SIZE_BODY * 1.05)
        self.revealed = 0.0
        self.handle = handle
        self.emotion_label.text = theme.EMOTION_LABELS.get(emotion, emotion)
        self._fit_subtitle()
        self._render_subtitle()
        self.set_status(f"{self.scenario.customer.name} is speaking…")

    @property
    def line_shown(self) -> bool:
        """The whole line is on screen (and spoken, when spoken)."""
        speaking = self.handle is not None and not self.handle.done
        return not speaking and self.revealed >= len(self.subtitle_wrapped)

    def finish_line(self) -> None:
        self.revealed = float(len(self.subtitle_wrapped))
        self._render_subtitle()

    def _fit_subtitle(self) -> None:
        lines = max(1, self.subtitle_wrapped.count("\n") + 1)
        height = 0.075 + lines * 0.034
        self.subtitle_bg.scale_y = height
        self.subtitle_card.y = self.sub_bottom + height

    def _render_subtitle(self) -> None:
        if not self.subtitles:
            speaking = self.handle is not None and not self.handle.done
            set_text(self.subtitle, "(speaking…)" if speaking else "(subtitles off)")
            if self.subtitle.color != theme.FAINT:
                self.subtitle.color = theme.FAINT
            return
        if self.subtitle.color != theme.TEXT:
            self.subtitle.color = theme.TEXT
        total = len(self.subtitle_wrapped)
        count = int(self.revealed)
        if count < total:  # typing: reveal a few characters at a time, not a rebuild every frame
            speaking = self.handle is not None and not self.handle.done
            rate = SPEAKING_CHARS_PER_S if speaking else READING_CHARS_PER_S
            if self.handle is not None and self.handle.done:
                rate = READING_CHARS_PER_S * 3
            chunk = max(1, math.ceil(rate / TYPEWRITER_UPDATES_PER_S))
            count -= count % chunk
        set_text(self.subtitle, self.subtitle_wrapped[:count])

    # -- mood -------------------------------------------------------------------------------------

    def set_mood(self, mood: Mood, before: Mood | None = None) -> None:
        self.anger.set(mood.anger)
        self.trust.set(mood.trust)
        if before is not None and before != mood:
            parts = []
            if mood.anger != before.anger:
                parts.append(f"anger {mood.anger - before.anger:+d}")
            if mood.trust != before.trust:
                parts.append(f"trust {mood.trust - before.trust:+d}")
            calmer = mood.anger <= before.anger and mood.trust >= before.trust
            self.delta_label.text = "   ".join(parts)
            self.delta_label.color = theme.TRUST if calmer else theme.ANGER
            self.feedback_bg.enabled = True
            self._delta_timer = 3.0

    def show_tags(self, tags: Sequence[str]) -> None:
        """Right after a reply (practice mode): the behaviours it showed, good in teal, breaches in red."""
        from scenes.ui.debrief import TAG_LABELS, tag_colour

        if not tags:
            return
        marked = "   ".join(
            f"<rgb({c[0]:.3f},{c[1]:.3f},{c[2]:.3f},1)>{TAG_LABELS.get(t, t)}"
            for t in tags
            for c in (tag_colour(t),)
        )
        self.tags_label.text = marked
        self.feedback_bg.enabled = True
        self._delta_timer = 3.0

    # -- reply area -------------------------------------------------------------------------------

    def set_status(self, text: str, colour: Any = theme.MUTED) -> None:
        self.status.text = text
        self.status.color = colour
        self.status_bg.enabled = bool(text)
        if text:
            self.status_bg.scale_x = self.status.width * self.status.world_scale_x / 20 + 0.03

    def show_suggestions(self, texts: Sequence[str]) -> None:
        self.clear_suggestions()
        self.suggestion_texts = list(texts[:MAX_SUGGESTIONS])
        keys = f", or press 1-{len(self.suggestion_texts)}" if self.suggestion_texts else ""
        self.set_status(f"Your turn: type a reply and press Enter{keys}", theme.TEXT)
        w = (self.sub_w - 0.015) / 2
        h = 0.068
        words: list[Any] = []
        for index, text in enumerate(self.suggestion_texts):
            column, row = index % 2, index // 2
            x = self.sub_x + column * (w + 0.015)
            y = self.suggest_y - row * (h + 0.01)
            short = wrap(text, w - 0.07, theme.SIZE_SMALL)
            lines = short.split("\n")
            if len(lines) > 2:
                short = "\n".join(lines[:2]).rstrip(" ,.") + "…"
            b = button(self, "", x, y, w, h, partial(self.on_pick, index), "card", theme.SIZE_SMALL)
            number = label(
                b, str(index + 1), -0.5 + 0.03 / w, 0, theme.SIZE_SMALL * 1.3, theme.ACCENT.tint(0.3)
            )
            number.origin = (-0.5, 0)
            number.world_scale = (20 * theme.SIZE_SMALL * 1.3,) * 3
            caption = label(b, short, -0.5 + 0.065 / w, 0, theme.SIZE_SMALL, theme.TEXT, origin=(-0.5, 0))
            caption.world_scale = (20 * theme.SIZE_SMALL,) * 3
            caption.text = short
            words += [number, caption]
            self.suggestion_buttons.append(b)
        if words:
            self.suggestion_words = merge_static_text(self, words, "suggestion words")

    def clear_suggestions(self) -> None:
        from ursina import destroy

        for b in self.suggestion_buttons:
            destroy(b)
        if self.suggestion_words is not None:
            self.suggestion_words.removeNode()
            self.suggestion_words = None
        self.suggestion_buttons = []
        self.suggestion_texts = []

    def set_reply_enabled(self, enabled: bool) -> None:
        self.send_button.disabled = not enabled
        self.send_button.color = theme.ACCENT if enabled else theme.SECONDARY

    def _send_clicked(self) -> None:
        self.on_send(self.reply_field.text)

    def set_mic(self, state: str, level: float = 0.0) -> None:
        """state: one of ``MIC_STATES`` (listening, hearing, ready, talking, idle, unavailable)."""
        self.mic_level = level
        self.mic_state = state
        words, colour = MIC_STATES.get(state, (state, theme.FAINT))
        self.mic_dot.color = colour
        self.mic_ring.color = colour.tint(-0.5)
        self.mic_label.text = words

    # -- timer ------------------------------------------------------------------------------------

    def set_timer(self, elapsed: float, limit: float | None) -> None:
        self.timer.enabled = True
        if limit is None:
            set_text(self.timer_label, f"{int(elapsed) // 60}:{int(elapsed) % 60:02d}")
            self.timer_track.enabled = self.timer_bar.enabled = False
            self.timer_pill.scale = (0.12, 0.042)
            self.timer_pill.x = -0.06
            return
        left = max(0.0, limit - elapsed)
        share = left / limit
        self.timer_track.enabled = self.timer_bar.enabled = True
        self.timer_bar.scale_x = max(0.001, 0.32 * share)
        bar_colour = theme.TRUST if share > 0.5 else (theme.WARN if share > 0.25 else theme.ANGER)
        if self.timer_bar.color != bar_colour:
            self.timer_bar.color = bar_colour
        words = f"{int(left + 0.999)} s to reply" if share < 0.5 else "Take a breath, then reply"
        set_text(self.timer_label, words)
        label_colour = theme.MUTED if share > 0.25 else theme.WARN
        if self.timer_label.color != label_colour:
            self.timer_label.color = label_colour

    def hide_timer(self) -> None:
        self.timer.enabled = False

    # -- coach ------------------------------------------------------------------------------------

    def show_coach(self, text: str | None) -> None:
        if not self.coaching or not text:
            self.coach_card.enabled = False
            return
        wrapped = wrap(text, 0.35, theme.SIZE_SMALL)
        self.coach_text.text = wrapped
        lines = wrapped.count("\n") + 1
        self.coach_bg.scale_y = 0.07 + lines * 0.027
        self.coach_card.children[1].scale_y = self.coach_bg.scale_y
        self.coach_card.enabled = True

    # -- knowledge panel --------------------------------------------------------------------------

    def _build_knowledge(self) -> Entity:
        """The facts in two columns over the upper middle, clear of the subtitles below."""
        panel = Entity(parent=self, position=(-self.half + 0.03, 0.29, -0.2))
        width = 2 * self.half - 0.06 - 0.44
        column_w = (width - 0.075) / 2
        columns: list[list[tuple[str, str]]] = [[], []]
        heights = [0.0, 0.0]
        for entry in self.scenario.knowledge:
            body = wrap(entry.text, column_w - 0.01, theme.SIZE_SMALL)
            size = 0.04 + (body.count("\n") + 1) * 0.026 + 0.014
            target = 0 if heights[0] <= heights[1] else 1
            columns[target].append((entry.title, body))
            heights[target] += size
        height = max(0.14, 0.08 + max(heights))
        rounded(panel, 0, 0, width, height, theme.PANEL.tint(-0.05), z=0.01).alpha = 0.98
        label(panel, "What you know  (F1 to close)", 0.025, -0.02, theme.SIZE_BODY, theme.TRUST)
        if not self.scenario.knowledge:
            label(
                panel,
                "No facts for this scenario: ask the customer.",
                0.025,
                -0.07,
                theme.SIZE_SMALL,
                theme.MUTED,
            )
        for index, blocks in enumerate(columns):
            x = 0.025 + index * (column_w + 0.025)
            y = -0.07
            for title, body in blocks:
                label(panel, title, x, y, theme.SIZE_SMALL * 1.1, theme.TEXT)
                label(panel, body, x, y - 0.032, theme.SIZE_SMALL, theme.MUTED)
                y -= 0.04 + (body.count("\n") + 1) * 0.026 + 0.014
        return panel

    def toggle_knowledge(self) -> None:
        self.knowledge.enabled = not self.knowledge.enabled
        if self.knowledge.enabled:
            self._close_history()

    # -- the conversation so far ------------------------------------------------------------------

    def add_history(self, speaker: str, words: str) -> None:
        self.history.append((speaker, words))
        if self.history_panel is not None:  # an open panel follows the conversation
            self._close_history()
            self.toggle_history()

    @property
    def history_open(self) -> bool:
        return self.history_panel is not None

    def toggle_history(self) -> None:
        if self.history_panel is not None:
            self._close_history()
            return
        self.knowledge.enabled = False
        panel = Entity(parent=self, position=(-self.half + 0.03, 0.29, -0.2))
        width = 2 * self.half - 0.06 - 0.44
        max_h = 0.3
        blocks: list[tuple[str, str, Any]] = []
        used = 0.07
        customer = self.scenario.customer.name
        for speaker, words in reversed(self.history):
            text = wrap(f"{speaker}: {words}", width - 0.05, theme.SIZE_SMALL)
            height = (text.count("\n") + 1) * 0.026 + 0.01
            if used + height > max_h and blocks:
                break
            colour = theme.MUTED if speaker == customer else theme.TEXT
            blocks.append((speaker, text, colour))
            used += height
        rounded(panel, 0, 0, width, max(0.12, used + 0.01), theme.PANEL.tint(-0.05), z=0.01).alpha = 0.98
        earlier = len(self.history) - len(blocks)
        heading = "The conversation so far  (F2 to close)" + (f"   ·   {earlier} earlier" if earlier else "")
        label(panel, heading, 0.025, -0.02, theme.SIZE_BODY, theme.TRUST)
        y = -0.065
        if not blocks:
            label(panel, "Nothing said yet.", 0.025, y, theme.SIZE_SMALL, theme.MUTED)
        for _, text, colour in reversed(blocks):
            label(panel, text, 0.025, y, theme.SIZE_SMALL, colour)
            y -= (text.count("\n") + 1) * 0.026 + 0.01
        self.history_panel = panel

    def _close_history(self) -> None:
        from ursina import destroy

        if self.history_panel is not None:
            destroy(self.history_panel)
        self.history_panel = None

    # -- "Did you mean ...?" ----------------------------------------------------------------------

    def show_confirm(self, reply: str, choices: Sequence[str]) -> None:
        self.hide_confirm()
        card = Entity(parent=self, position=(-0.45, 0.25, -0.1))
        self.confirm_card = card
        w = 0.9
        height = 0.2 + 0.085 * (len(choices) + 1)
        rounded(card, -0.5, 0.5, ui_width() + 1, 2, theme.SHADE, radius=0, z=0.02)
        rounded(card, 0, 0, w, height, theme.PANEL_OPAQUE, z=0.01)
        label(card, "Did you mean…?", 0.03, -0.03, theme.SIZE_HEADING, theme.TEXT)
        said = wrap(f"You said: “{reply}”", w - 0.06, theme.SIZE_SMALL)
        label(
            card,
            said.split("\n")[0] + ("…" if "\n" in said else ""),
            0.03,
            -0.085,
            theme.SIZE_SMALL,
            theme.MUTED,
        )
        self.confirm_buttons = []
        y = -0.135
        for index, text in enumerate(choices):
            short = wrap(text, w - 0.14, theme.SIZE_SMALL).split("\n")[0]
            b = button(
                card,
                f"{index + 1}   {short}",
                0.03,
                y,
                w - 0.06,
                0.07,
                partial(self.on_confirm, index),
                "card",
                theme.SIZE_SMALL,
                text_origin=(-0.5, 0),
            )
            self.confirm_buttons.append(b)
            y -= 0.085
        neither = button(
            card,
            f"{len(choices) + 1}   Neither: let me say it another way",
            0.03,
            y,
            w - 0.06,
            0.07,
            lambda: self.on_confirm(None),
            "secondary",
            theme.SIZE_SMALL,
            text_origin=(-0.5, 0),
        )
        self.confirm_buttons.append(neither)

    def hide_confirm(self) -> None:
        from ursina import destroy

        if self.confirm_card is not None:
            destroy(self.confirm_card)
        self.confirm_card = None
        self.confirm_buttons = []

    @property
    def confirming(self) -> bool:
        return self.confirm_card is not None

    # -- pause ------------------------------------------------------------------------------------

    def show_pause(
        self,
        on_resume: Callable[[], None],
        on_leave: Callable[[], None],
        on_save: Callable[[], None] | None = None,
    ) -> None:
        """The pause card: keep going, leave to the menu, or (``on_save``) save and leave."""
        self.hide_pause()
        width = 0.86 if on_save is not None else 0.6
        card = Entity(parent=self, position=(-width / 2, 0.17, -0.2))
        self.pause_card = card
        rounded(card, -1, 0.6, ui_width() + 2, 2, theme.SHADE, radius=0, z=0.02)
        rounded(card, 0, 0, width, 0.3, theme.PANEL_OPAQUE, z=0.01)
        label(card, "Paused", 0.03, -0.03, theme.SIZE_HEADING, theme.TEXT)
        hint = "The customer is waiting."
        if on_save is not None:
            hint += " A saved conversation resumes from the menu."
        label(card, hint, 0.03, -0.085, theme.SIZE_SMALL, theme.MUTED)
        self.resume_button = button(card, "Keep going", 0.03, -0.15, 0.26, 0.07, on_resume, "primary")
        self.leave_button = button(
            card, "Leave to menu", width - 0.29, -0.15, 0.26, 0.07, on_leave, "secondary"
        )
        self.save_button = None
        if on_save is not None:
            self.save_button = button(card, "Save and leave", 0.30, -0.15, 0.26, 0.07, on_save, "secondary")

    def hide_pause(self) -> None:
        from ursina import destroy

        if self.pause_card is not None:
            destroy(self.pause_card)
        self.pause_card = None

    @property
    def paused(self) -> bool:
        return self.pause_card is not None

    # -- per frame --------------------------------------------------------------------------------

    def update(self) -> None:
        dt = 0.0 if self.paused else time.dt  # the typewriter and the hints wait while paused
        total = len(self.subtitle_wrapped)
        if self.revealed < total:
            speaking = self.handle is not None and not self.handle.done
            rate = SPEAKING_CHARS_PER_S if speaking else READING_CHARS_PER_S
            if self.handle is not None and self.handle.done:
                rate = READING_CHARS_PER_S * 3  # the voice finished: show the rest at once
            cap = total * 0.97 if speaking else total
            self.revealed = min(cap, self.revealed + rate * dt)
            self._render_subtitle()
        elif not self.subtitles:
            self._render_subtitle()
        if self._delta_timer > 0:
            self._delta_timer -= dt
            if self._delta_timer <= 0:
                self.delta_label.text = ""
                self.tags_label.text = ""
                self.feedback_bg.enabled = False
        self.placeholder.enabled = not self.reply_field.text
        if self.mic.enabled:
            pulse = 1.0 + 0.6 * max(0.0, min(1.0, self.mic_level))
            self.mic_ring.scale = 0.05 * pulse
