"""The main menu: trainee name, level select (locked / unlocked), the scenarios of a level, settings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from ursina import Entity, InputField, camera, destroy

from game.model import Scenario
from scenes.ui import theme
from scenes.ui.widgets import backdrop, button, label, rounded, set_enabled, ui_width, wrap

LEVELS = (1, 2, 3, 4, 5)
ASSESSMENT = 6
"""The campaign's assessment, shown like a level: a fixed set played with no coaching."""
CARDS_PER_PAGE = 4


@dataclass(frozen=True)
class LevelState:
    level: int
    unlocked: bool
    scenarios: tuple[Scenario, ...]
    passed: frozenset[str] = frozenset()
    """Ids of this level's scenarios the trainee has passed."""
    hint: str = ""
    """Why it is locked (shown instead of the Play buttons)."""
    title: str = ""
    """The level's name (the campaign's; default: the standard names)."""


def _fit(text: str, width: float, size: float = 1.0) -> str:
    """One line of ``text`` that fits ``width`` at a small size, cut with an ellipsis when longer."""
    lines = wrap(text, width, theme.SIZE_SMALL * size).split("\n")
    return lines[0] + ("…" if len(lines) > 1 else "")


class MainMenu(Entity):  # type: ignore[misc]
    def __init__(
        self,
        levels: Sequence[LevelState],
        trainee: str,
        on_play: Callable[[Scenario], None],
        on_settings: Callable[[], None],
        on_quit: Callable[[], None] | None,
        on_name: Callable[[str], None],
        selected_level: int | None = None,
        on_name_done: Callable[[], None] | None = None,
        recommended: Any | None = None,
        on_assess: Callable[[Scenario], None] | None = None,
        resumable: tuple[str, int] | None = None,
        on_resume: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent=camera.ui, name="main_menu")
        self.levels = {state.level: state for state in levels}
        self.on_play = on_play
        self.on_name = on_name
        self.on_name_done = on_name_done
        self.on_assess = on_assess
        self.page = 0
        self.focus = 0
        half = ui_width() / 2
        self.half = half

        self.backdrop = backdrop(self)

        # Left column: title, trainee, levels.
        left = -half + 0.06
        col_w = 0.6
        self.title = label(self, "Empathy Trainer", left, 0.45, theme.SIZE_HUGE * 0.78, theme.TEXT)
        self.tagline = label(
            self,
            "Calm upset customers. Keep your own cool.",
            left + 0.004,
            0.355,
            theme.SIZE_BODY,
            theme.MUTED,
        )

        label(self, "TRAINEE", left, 0.28, theme.SIZE_SMALL, theme.FAINT)
        self.name_field = InputField(
            parent=self,
            default_value=trainee,
            character_limit=40,
            max_lines=1,
            position=(left + col_w / 2, 0.215, -0.02),
            scale=(col_w, 0.06),
            color=theme.CARD,
        )
        self.name_field.highlight_color = theme.CARD_HOVER
        self.name_field.text_field.text_entity.color = theme.TEXT
        self.name_field.on_value_changed = self._name_changed
        self.name_placeholder = label(
            self,
            "Type your name (for your progress)",
            left + 0.02,
            0.229,
            theme.SIZE_BODY,
            theme.FAINT,
            z=-0.03,
        )
        self.name_placeholder.enabled = not trainee

        label(self, "LEVELS", left, 0.15, theme.SIZE_SMALL, theme.FAINT)
        self.level_buttons: dict[int, Any] = {}
        for index, level in enumerate(LEVELS):
            state = self.levels.get(level, LevelState(level, False, ()))
            y = 0.115 - index * 0.073
            text = f"{level}   {state.title or theme.LEVEL_NAMES.get(level, '')}"
            b = button(self, text, left, y, col_w, 0.063, style="card", text_origin=(-0.5, 0))
            b.on_click = partial(self.select_level, level)
            status = "locked" if not state.unlocked else f"{len(state.passed)}/{len(state.scenarios)} passed"
            b.status = label(
                self,
                status,
                left + col_w - 0.02,
                y - 0.0315,
                theme.SIZE_SMALL,
                theme.FAINT if not state.unlocked else theme.MUTED,
                origin=(0.5, 0),
                z=-0.04,
            )
            self.level_buttons[level] = b

        self.recommended = recommended
        self.recommend_button: Any = None
        self.resume_button: Any = None
        if resumable is not None and on_resume is not None:
            self._resume_card(left, col_w, resumable, on_resume)
        elif recommended is not None:
            self._recommendation(left, col_w, recommended)

        third = (col_w - 0.02) / 3
        self.settings_button = button(
            self, "Settings", left, -0.39, third, 0.07, on_settings, style="secondary"
        )
        self.assessment_button = button(
            self,
            "Assessment",
            left + third + 0.01,
            -0.39,
            third,
            0.07,
            partial(self.select_level, ASSESSMENT),
            style="secondary",
        )
        self.assessment_button.enabled = ASSESSMENT in self.levels
        self.quit_button = button(
            self,
            "Quit",
            left + 2 * (third + 0.01),
            -0.39,
            third,
            0.07,
            on_quit or (lambda: None),
            style="secondary",
        )
        if on_quit is None:
            self.quit_button.enabled = False

        # Right: the scenarios of the selected level.
        self.right_x = left + col_w + 0.08
        self.right_w = half - 0.06 - self.right_x
        rounded(self, self.right_x - 0.03, 0.47, self.right_w + 0.06, 0.94, theme.PANEL_OPAQUE, z=0.1)
        self.level_title = label(self, "", self.right_x, 0.43, theme.SIZE_TITLE * 0.8, theme.TEXT)
        self.level_hint = label(self, "", self.right_x, 0.36, theme.SIZE_SMALL, theme.MUTED)
        self.cards: list[Entity] = []
        self.play_buttons: list[Any] = []
        self.page_label = label(
            self, "", self.right_x + self.right_w, -0.405, theme.SIZE_SMALL, theme.FAINT, origin=(0.5, 0.5)
        )
        first_unlocked = max(
            (lv for lv in LEVELS if self.levels.get(lv) and self.levels[lv].unlocked), default=1
        )
        known = selected_level in LEVELS or (selected_level == ASSESSMENT and ASSESSMENT in self.levels)
        self.selected = selected_level if selected_level is not None and known else first_unlocked
        self.select_level(self.selected)

    def _resume_card(
        self, left: float, width: float, resumable: tuple[str, int], on_resume: Callable[[], None]
    ) -> None:
        """A conversation saved for later: pick it up where it was left."""
        title, turn = resumable
        card = Entity(parent=self, position=(left, -0.25, -0.01))
        rounded(card, 0, 0, width, 0.11, theme.CARD, z=0.01)
        rounded(card, 0, 0, 0.006, 0.11, theme.WARN, radius=0.003, z=0.005)
        label(card, "CARRY ON WHERE YOU LEFT OFF", 0.022, -0.015, theme.SIZE_SMALL * 0.85, theme.WARN)
        label(card, _fit(title, width - 0.17), 0.022, -0.042, theme.SIZE_SMALL)
        replies = "no replies yet" if turn == 0 else f"{turn} repl{'y' if turn == 1 else 'ies'} so far"
        label(card, replies, 0.022, -0.075, theme.SIZE_SMALL * 0.85, theme.MUTED)
        self.resume_button = button(card, "Resume", width - 0.15, -0.028, 0.13, 0.055, on_resume)

    def _recommendation(self, left: float, width: float, recommended: Any) -> None:
        """A "next up" card under the levels: the adaptive pick and why."""
        top = -0.25
        card = Entity(parent=self, position=(left, top, -0.01))
        rounded(card, 0, 0, width, 0.11, theme.CARD, z=0.01)
        rounded(card, 0, 0, 0.006, 0.11, theme.TRUST, radius=0.003, z=0.005)
        label(card, "NEXT UP FOR YOU", 0.022, -0.015, theme.SIZE_SMALL * 0.85, theme.TRUST)
        title = _fit(f"{recommended.scenario.title} (level {recommended.scenario.level})", width - 0.17)
        label(card, title, 0.022, -0.042, theme.SIZE_SMALL)
        note = recommended.rest or recommended.reason
        if note:
            label(
                card,
                _fit(note, width - 0.17, 0.85),
                0.022,
                -0.075,
                theme.SIZE_SMALL * 0.85,
                theme.WARN if recommended.rest else theme.MUTED,
            )
        self.recommend_button = button(
            card, "Play", width - 0.13, -0.028, 0.11, 0.055, partial(self.play, recommended.scenario)
        )
        self.recommend_card = card

    # -- actions ------------------------------------------------------------------------------

    def _name_changed(self) -> None:
        text = self.name_field.text
        self.name_placeholder.enabled = not text
        self.on_name(text)

    def select_level(self, level: int) -> None:
        self.selected = level
        self.page = 0
        self.focus = 0
        for lv, b in self.level_buttons.items():
            state = self.levels.get(lv)
            unlocked = bool(state and state.unlocked)
            fill = theme.ACCENT if lv == level else (theme.CARD if unlocked else theme.BACKDROP.tint(0.06))
            b.color = fill
            b.highlight_color = fill.tint(0.1)
            if b.text_entity is not None:
                b.text_entity.color = theme.TEXT if unlocked or lv == level else theme.FAINT
            b.status.color = theme.TEXT if lv == level else (theme.MUTED if unlocked else theme.FAINT)
        fill = theme.ACCENT if level == ASSESSMENT else theme.SECONDARY
        self.assessment_button.color = fill
        self.assessment_button.highlight_color = fill.tint(0.1)
        self._show_cards()

    def scenarios(self) -> tuple[Scenario, ...]:
        state = self.levels.get(self.selected)
        return state.scenarios if state else ()

    def play(self, scenario: Scenario) -> None:
        state = self.levels.get(scenario.level)
        if state is None or not state.unlocked:
            return
        self.on_play(scenario)

    def assess(self, scenario: Scenario) -> None:
        state = self.levels.get(ASSESSMENT)
        if state is None or not state.unlocked or self.on_assess is None:
            return
        self.on_assess(scenario)

    def _show_cards(self) -> None:
        for card in self.cards:
            destroy(card)
        self.cards = []
        self.play_buttons = []
        state = self.levels.get(self.selected) or LevelState(self.selected, False, ())
        name = state.title or theme.LEVEL_NAMES.get(self.selected, "")
        self.level_title.text = f"Level {self.selected}  ·  {name}"
        if self.selected == ASSESSMENT:
            self.level_title.text = name or "Assessment"
        if self.selected == ASSESSMENT and state.unlocked:
            self.level_hint.text = state.hint
            self.level_hint.color = theme.GOOD if state.hint.startswith("Certified") else theme.MUTED
        elif not state.unlocked:
            self.level_hint.text = (
                state.hint or f"Locked: pass a level {self.selected - 1} scenario to unlock."
            )
            self.level_hint.color = theme.WARN
        elif not state.scenarios:
            self.level_hint.text = "No scenarios at this level yet."
            self.level_hint.color = theme.MUTED
        else:
            self.level_hint.text = "Choose a customer. Read the brief, then step up to the desk."
            self.level_hint.color = theme.MUTED
        pages = max(1, -(-len(state.scenarios) // CARDS_PER_PAGE))
        self.page = min(self.page, pages - 1)
        self.page_label.text = f"page {self.page + 1}/{pages}  (scroll)" if pages > 1 else ""
        shown = state.scenarios[self.page * CARDS_PER_PAGE : (self.page + 1) * CARDS_PER_PAGE]
        for index, scenario in enumerate(shown):
            self.cards.append(self._card(scenario, index, state))

    def _card(self, scenario: Scenario, index: int, state: LevelState) -> Entity:
        x, w, h = self.right_x, self.right_w, 0.172
        y = 0.3 - index * (h + 0.018)
        card = Entity(parent=self, position=(x, y, -0.01))
        focused = index == self.focus and state.unlocked
        rounded(card, 0, 0, w, h, theme.CARD_HOVER if focused else theme.CARD, z=0.01)
        if focused:
            rounded(card, -0.006, 0.0, 0.006, h, theme.ACCENT, radius=0.003, z=0.0)
        title_colour = theme.TEXT if state.unlocked else theme.FAINT
        label(card, scenario.title, 0.025, -0.02, theme.SIZE_HEADING * 0.9, title_colour)
        channel = "on the phone" if scenario.channel == "phone" else "in person"
        meta = f"{theme.setting_label(scenario.setting)}  ·  {channel}  ·  {scenario.customer.name}"
        label(card, meta, 0.025, -0.062, theme.SIZE_SMALL, theme.TRUST if state.unlocked else theme.FAINT)
        brief = wrap(scenario.brief, w - 0.26, theme.SIZE_SMALL)
        lines = brief.split("\n")
        if len(lines) > 3:
            brief = "\n".join(lines[:3])[:-1] + "…"
        label(card, brief, 0.025, -0.095, theme.SIZE_SMALL, theme.MUTED if state.unlocked else theme.FAINT)
        if scenario.id in state.passed:
            label(card, "PASSED", w - 0.025, -0.02, theme.SIZE_SMALL, theme.GOOD, origin=(0.5, 0.5))
        action = self.assess if self.selected == ASSESSMENT else self.play
        play = button(card, "Play", w - 0.2, -h + 0.085, 0.175, 0.062, partial(action, scenario))
        play.scenario = scenario
        if not state.unlocked:
            set_enabled(play, False)
            play.text = "Locked"
            play.text_entity.color = theme.FAINT
        self.play_buttons.append(play)
        return card

    def input(self, key: str) -> None:
        if self.name_field.active:
            if key in ("enter", "escape"):
                self.name_field.active = False
                if self.on_name_done is not None:
                    self.on_name_done()
            return
        state = self.levels.get(self.selected)
        count = len(state.scenarios) if state else 0
        if key in ("up arrow", "down arrow") and count:
            step = -1 if key == "up arrow" else 1
            index = max(0, min(count - 1, self.page * CARDS_PER_PAGE + self.focus + step))
            self.page, self.focus = divmod(index, CARDS_PER_PAGE)
            self._show_cards()
        elif key in ("left arrow", "right arrow"):
            step = -1 if key == "left arrow" else 1
            self.select_level(max(LEVELS[0], min(LEVELS[-1], self.selected + step)))
        elif key in ("scroll down", "page down", "scroll up", "page up") and count > CARDS_PER_PAGE:
            pages = -(-count // CARDS_PER_PAGE)
            step = 1 if key in ("scroll down", "page down") else -1
            self.page = max(0, min(pages - 1, self.page + step))
            self.focus = 0
            self._show_cards()
        elif key == "enter" and state and state.unlocked and count:
            chosen = state.scenarios[self.page * CARDS_PER_PAGE + self.focus]
            (self.assess if self.selected == ASSESSMENT else self.play)(chosen)
