"""The debrief screen: outcome, empathy and composure, the mood chart and every turn explained."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ursina import Entity, Mesh, Text, Vec3, camera

from game.model import COMPOSURE_TAGS, Mood
from game.runtime import SessionResult, Turn
from game.scoring import PASS_COMPOSURE, PASS_EMPATHY
from scenes.ui import theme
from scenes.ui.widgets import (
    CHARS_PER_UNIT,
    backdrop,
    button,
    label,
    plain,
    rounded,
    set_enabled,
    set_text,
    ui_width,
    wrap,
)

TAG_LABELS: dict[str, str] = {
    "acknowledge_emotion": "named the feeling",
    "apology": "apology",
    "validation": "validation",
    "paraphrase": "paraphrase",
    "ownership": "ownership",
    "next_step": "next step",
    "exploring_question": "exploring question",
    "blame": "blame",
    "dismissive": "dismissive",
    "sarcasm": "sarcasm",
    "defensive": "defensive",
    "rude": "rude",
}


def tag_colour(tag: str) -> Any:
    return theme.ANGER if tag in COMPOSURE_TAGS else theme.TRUST


def _colour_tag(colour: Any) -> str:
    return f"<rgb({colour[0]:.3f},{colour[1]:.3f},{colour[2]:.3f},1)>"


def highlight_spans(reply: str, turn: Turn) -> list[tuple[int, int, str]]:
    """(start, end, tag) of the words in ``reply`` that triggered each tag."""
    spans: list[tuple[int, int, str]] = []
    lowered = reply.lower()
    for evidence in turn.evidence:
        start, end = evidence.start, evidence.end
        if not (0 <= start < end <= len(reply)) or reply[start:end].lower() != evidence.quote.lower():
            found = lowered.find(evidence.quote.lower()) if evidence.quote else -1
            if found < 0:
                continue
            start, end = found, found + len(evidence.quote)
        spans.append((start, end, evidence.tag))
    return spans


def highlighted(text: str, spans: Sequence[tuple[int, int, str]], columns: int, base: Any) -> str:
    """``text`` wrapped at ``columns`` with the spans coloured by tag, as Ursina colour markup."""
    colours: list[Any] = [base] * len(text)
    for start, end, tag in spans:
        for i in range(start, min(end, len(text))):
            colours[i] = tag_colour(tag)
    # Greedy word wrap that keeps character positions.
    lines: list[tuple[int, int]] = []
    line_start = 0
    last_break = -1
    for i, ch in enumerate(text):
        if ch == " ":
            last_break = i
        if i - line_start >= columns and last_break > line_start:
            lines.append((line_start, last_break))
            line_start = last_break + 1
            last_break = -1
    lines.append((line_start, len(text)))
    out: list[str] = []
    for start, end in lines:
        current: Any = None
        parts: list[str] = []
        for i in range(start, end):
            if colours[i] is not current:
                current = colours[i]
                parts.append(_colour_tag(current))
            parts.append(plain(text[i]))
        out.append("".join(parts))
    return "\n".join(out)


def mood_words(before: Mood, after: Mood) -> tuple[str, Any]:
    parts = []
    if after.anger != before.anger:
        parts.append(f"anger {after.anger - before.anger:+d}")
    if after.trust != before.trust:
        parts.append(f"trust {after.trust - before.trust:+d}")
    calmer = after.anger <= before.anger and after.trust >= before.trust
    if not parts:
        return "no change", theme.MUTED
    return "  ·  ".join(parts), (theme.TRUST if calmer else theme.ANGER)


class DebriefScreen(Entity):  # type: ignore[misc]
    def __init__(
        self,
        result: SessionResult,
        customer: str,
        *,
        on_replay: Callable[[], None],
        on_next: Callable[[], None] | None,
        next_label: str,
        on_menu: Callable[[], None],
        note: str = "",
        on_history: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent=camera.ui, name="debrief")
        self.result = result
        self.on_next = on_next
        self.on_menu = on_menu
        half = ui_width() / 2
        self.half = half
        backdrop(self)

        # Banner.
        banner_text, banner_colour = theme.outcome_banner(result.outcome)
        left = -half + 0.04
        rounded(self, left, 0.475, 2 * half - 0.08, 0.13, theme.PANEL, z=0.1)
        rounded(self, left, 0.475, 0.012, 0.13, banner_colour, radius=0.006, z=0.09)
        self.banner = label(self, banner_text, left + 0.04, 0.455, theme.SIZE_TITLE * 1.1, banner_colour)
        label(
            self,
            f"{result.title}  ·  Level {result.level}  ·  {customer}",
            left + 0.04,
            0.385,
            theme.SIZE_SMALL,
            theme.MUTED,
        )
        verdict = "Passed" if result.passed else "Not passed yet"
        if not result.passed:
            missing = []
            if not result.success:
                missing.append("a resolved ending")
            if result.scores.empathy < PASS_EMPATHY:
                missing.append(f"empathy {PASS_EMPATHY}+")
            if result.scores.composure < PASS_COMPOSURE:
                missing.append(f"composure {PASS_COMPOSURE}+")
            needs = "To pass: " + ", ".join(missing) + "."
            note = f"{needs}   {note}" if note else needs
        self.verdict = label(
            self,
            verdict,
            half - 0.08,
            0.44,
            theme.SIZE_HEADING,
            theme.GOOD if result.passed else theme.WARN,
            origin=(0.5, 0.5),
        )
        self.note_label = label(
            self, note, half - 0.08, 0.392, theme.SIZE_SMALL, theme.MUTED, origin=(0.5, 0.5)
        )

        # Scores.
        col_w = 0.6
        scores = result.scores
        tile_w = (col_w - 0.02) / 2
        self.score_labels: dict[str, Text] = {}
        for index, (name, value, colour) in enumerate(
            (("Empathy", scores.empathy, theme.TRUST), ("Composure", scores.composure, theme.TRUST_DEEP))
        ):
            x = left + index * (tile_w + 0.02)
            rounded(self, x, 0.32, tile_w, 0.2, theme.PANEL, z=0.1)
            label(self, name.upper(), x + 0.025, 0.3, theme.SIZE_SMALL, theme.MUTED)
            self.score_labels[name.lower()] = label(
                self, str(value), x + 0.022, 0.27, theme.SIZE_HUGE * 1.25, colour
            )
        label(
            self,
            f"Overall {scores.overall}   ·   pass: empathy {PASS_EMPATHY}+, "
            f"composure {PASS_COMPOSURE}+, resolved",
            left,
            0.095,
            theme.SIZE_SMALL,
            theme.FAINT,
        )

        # Mood chart.
        self._chart(left, 0.055, col_w, 0.36, result.mood_history)

        # Turn cards.
        self.list_x = left + col_w + 0.05
        self.list_w = half - 0.04 - self.list_x
        self.list_top = 0.32
        self.list_bottom = -0.395
        label(self, "TURN BY TURN", self.list_x, 0.345, theme.SIZE_SMALL, theme.FAINT)
        right = self.list_x + self.list_w
        self.more_above = label(
            self, "", right - 0.3, 0.345, theme.SIZE_SMALL, theme.FAINT, origin=(0.5, 0.5)
        )
        self.more_below = label(self, "", right, 0.345, theme.SIZE_SMALL, theme.MUTED, origin=(0.5, 0.5))
        self.cards: list[tuple[Entity, float]] = [
            self._turn_card(i, t) for i, t in enumerate(result.turns, 1)
        ]
        if not self.cards:
            label(self, "No replies were given.", self.list_x, 0.3, theme.SIZE_BODY, theme.MUTED)
        self.first = 0
        self._layout()

        # Buttons.
        y = -0.415
        self.replay_button = button(self, "Replay", left, y, 0.29, 0.065, on_replay, "secondary")
        self.next_button = button(
            self, next_label, left + 0.31, y, 0.29, 0.065, on_next or (lambda: None), "primary"
        )
        if on_next is None:
            set_enabled(self.next_button, False)
        self.menu_button = button(self, "Menu", half - 0.04 - 0.29, y, 0.29, 0.065, on_menu, "secondary")
        # The trainee's history (every session, skills over time) opens as their report page.
        self.history_button = button(
            self, "My progress", half - 0.04 - 0.6, y, 0.29, 0.065, on_history or (lambda: None), "secondary"
        )
        if on_history is None:
            self.history_button.enabled = False

    def show_note(self, text: str) -> None:
        """Replace the note under the verdict (e.g. where the history page was written)."""
        set_text(self.note_label, text)

    # -- chart ------------------------------------------------------------------------------------

    def _chart(self, x: float, y: float, w: float, h: float, history: Sequence[Mood]) -> None:
        rounded(self, x, y, w, h, theme.PANEL, z=0.1)
        label(self, "MOOD BY TURN", x + 0.025, y - 0.02, theme.SIZE_SMALL, theme.MUTED)
        label(self, "anger", x + w - 0.2, y - 0.02, theme.SIZE_SMALL, theme.ANGER)
        label(self, "trust", x + w - 0.1, y - 0.02, theme.SIZE_SMALL, theme.TRUST)
        px, py, pw, ph = x + 0.06, y - h + 0.05, w - 0.09, h - 0.12
        self.plot = Entity(parent=self, position=(px, py, -0.02))
        for level in (0, 50, 100):
            gy = ph * level / 100
            Entity(
                parent=self.plot,
                model=Mesh(vertices=[Vec3(0, gy, 0), Vec3(pw, gy, 0)], mode="line", thickness=1),
                color=theme.FAINT.tint(-0.35),
                z=0.01,
            )
            label(self.plot, str(level), -0.012, gy, theme.SIZE_SMALL * 0.8, theme.FAINT, origin=(0.5, 0))
        count = len(history)
        if count == 0:
            return
        step = pw / max(1, count - 1)
        for index in range(count):
            name = "start" if index == 0 else str(index)
            label(self.plot, name, index * step, -0.012, theme.SIZE_SMALL * 0.8, theme.FAINT, origin=(0, 0.5))
        self.chart_lines: dict[str, Entity] = {}
        for key, colour in (("anger", theme.ANGER), ("trust", theme.TRUST)):
            points = [Vec3(i * step, ph * getattr(m, key) / 100, -0.005) for i, m in enumerate(history)]
            if count == 1:
                points = [points[0], points[0] + Vec3(0.001, 0, 0)]
            self.chart_lines[key] = Entity(
                parent=self.plot, model=Mesh(vertices=points, mode="line", thickness=4), color=colour
            )
            for point in points[:count]:
                Entity(
                    parent=self.plot,
                    model="circle",
                    position=point + Vec3(0, 0, -0.002),
                    scale=0.014,
                    color=colour,
                )

    # -- turn cards -------------------------------------------------------------------------------

    def _turn_card(self, index: int, turn: Turn) -> tuple[Entity, float]:
        card = Entity(parent=self, position=(self.list_x, 0, -0.01))
        w = self.list_w
        size = theme.SIZE_SMALL
        columns = max(20, int((w - 0.05) * CHARS_PER_UNIT / size))
        row = 0.0265
        y = -0.02
        branch = turn.branch.replace("_", " ") if turn.branch is not None else "nothing matched"
        label(card, f"Turn {index}", 0.025, y, theme.SIZE_BODY, theme.TEXT)
        label(card, f"understood as: {branch}  ({turn.confidence:.0%})", 0.14, y - 0.004, size, theme.FAINT)
        change, change_colour = mood_words(turn.mood_before, turn.mood)
        label(card, change, w - 0.025, y - 0.004, size, change_colour, origin=(0.5, 0.5))
        y -= 0.045
        customer = wrap(f"Customer ({turn.emotion}): {turn.customer}", w - 0.05, size)
        if customer.count("\n") >= 3:  # long speeches are cut to three lines: the reply is the point
            customer = "\n".join(customer.split("\n")[:3]).rstrip(" ,.") + "…"
        label(card, customer, 0.025, y, size, theme.MUTED)
        y -= row * (customer.count("\n") + 1) + 0.008
        reply = turn.reply or "(silence)"
        spans = highlight_spans(turn.reply, turn) if turn.reply else []
        you = highlighted("You: " + reply, [(s + 5, e + 5, t) for s, e, t in spans], columns, theme.TEXT)
        self.reply_text = label(card, you, 0.025, y, size, theme.TEXT, tags=True)
        y -= row * (you.count("\n") + 1) + 0.008
        scores = []
        if turn.empathy_delta:
            scores.append(f"{_colour_tag(theme.TRUST)}empathy {turn.empathy_delta:+d}")
        if turn.composure_delta:
            colour = theme.ANGER if turn.composure_delta < 0 else theme.TRUST_DEEP
            scores.append(f"{_colour_tag(colour)}composure {turn.composure_delta:+d}")
        if turn.tags or scores:
            chips = "   ".join(f"{_colour_tag(tag_colour(t))}{TAG_LABELS.get(t, t)}" for t in turn.tags)
            if chips:
                label(card, chips, 0.025, y, size, theme.TEXT, tags=True)
            if scores:
                self.score_text = label(
                    card, "   ".join(scores), w - 0.025, y, size, theme.TEXT, origin=(0.5, 0.5), tags=True
                )
            y -= row + 0.006
        for note in list(turn.feedback)[:3]:
            text = wrap("•  " + note, w - 0.07, size)
            label(card, text, 0.025, y, size, theme.TEXT.tint(-0.1))
            y -= row * (text.count("\n") + 1)
        for note in turn.delivery.evidence[:2]:
            text = wrap("•  " + note, w - 0.07, size)
            label(card, text, 0.025, y, size, theme.WARN)
            y -= row * (text.count("\n") + 1)
        if turn.better_reply:
            text = wrap(f"Try: “{turn.better_reply}”", w - 0.05, size)
            label(card, text, 0.025, y - 0.004, size, theme.COACH)
            y -= row * (text.count("\n") + 1) + 0.004
        height = -y + 0.018
        bg = rounded(card, 0, 0, w, height, theme.CARD, z=0.01)
        card.bg = bg
        return card, height

    def _layout(self) -> None:
        y = self.list_top
        shown = 0
        for index, (card, height) in enumerate(self.cards):
            visible = index >= self.first and y - height >= self.list_bottom
            if index >= self.first and not visible:
                y = self.list_bottom - 1  # everything after a card that does not fit stays hidden
            card.enabled = visible
            if visible:
                card.y = y
                y -= height + 0.015
                shown += 1
        above = self.first
        below = len(self.cards) - self.first - shown
        self.more_above.text = f"{above} earlier (scroll up)" if above else ""
        self.more_below.text = f"{below} more (scroll down)" if below > 0 else ""

    def scroll(self, step: int) -> None:
        self.first = max(0, min(len(self.cards) - 1, self.first + step))
        self._layout()

    @property
    def visible_turns(self) -> list[int]:
        return [i for i, (card, _) in enumerate(self.cards) if card.enabled]

    def input(self, key: str) -> None:
        if key in ("scroll down", "down arrow", "page down"):
            self.scroll(1)
        elif key in ("scroll up", "up arrow", "page up"):
            self.scroll(-1)
        elif key == "enter":
            (self.on_next or self.on_menu)()
        elif key == "escape":
            self.on_menu()
