"""The 3D game: menu -> brief -> conversation (HUD) -> debrief -> menu, and the per-frame loop.

Every game rule lives in ``game.runtime.Conversation``; this module pulls its events, shows them
(3D set, customer, HUD), forwards the trainee's replies and measures nothing but time. Speech
plugs in through ``scenes.ports`` (``Voice``, ``Listener``); without them the customer is read
as subtitles and the trainee types. Worker threads never touch Ursina objects: listener results
are drained from a queue in ``update()`` on the main thread.
"""

from __future__ import annotations

import contextlib
import math
import sys
import threading
import time as time_module
import webbrowser
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, cast

from ursina import Entity, Vec3, camera, destroy, time

from game.delivery import Delivery
from game.model import Scenario
from game.runtime import (
    AwaitingReply,
    Conversation,
    ConversationState,
    CustomerLine,
    Ended,
    SessionResult,
    Suggestion,
    Turn,
)
from game.settings import TALK_KEY, ListenMode, Settings, save_settings
from game.understanding.base import ReplyAnalyzer
from scenes.ports import Listener, ListenEvent, NullListener, NullVoice, SpeechHandle, TalkKey, Voice
from scenes.ui import theme
from scenes.ui.brief import TIME_LIMITS, BriefCard
from scenes.ui.debrief import DebriefScreen
from scenes.ui.hud import Hud
from scenes.ui.menu import ASSESSMENT, LEVELS, LevelState, MainMenu
from scenes.ui.settings_screen import SettingsScreen

SAVED_CONVERSATION = "saved-conversation.json"
"""A conversation left with "Save and leave", in the user data folder."""
PAUSE_AFTER_LINE = 0.6
"""A short beat after each customer line, like a person taking a breath."""
END_HOLD = 2.2
"""Seconds the last moment stays on screen before the debrief."""


# --- scenarios and progress ----------------------------------------------------------------------


def discover_scenarios(
    folder: Path | None = None, report: Callable[[str], None] | None = None
) -> list[Scenario]:
    """Every valid scenario under ``folder`` (default ``dialogue/``), by level then title."""
    from game.loader import load_scenario
    from game.paths import DIALOGUE_DIR

    folder = folder if folder is not None else DIALOGUE_DIR
    found: list[Scenario] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        if path.name.startswith(("_", ".")) or path.stem == "campaign":
            continue
        try:
            loaded = load_scenario(path)
        except Exception as error:  # a broken file must not stop the game; it is listed instead
            if report:
                report(f"{path.name}: {error}")
            continue
        if loaded.scenario is None:
            if report:
                report(f"{path.name}: has errors (python main.py validate {path})")
            continue
        found.append(loaded.scenario)
    return sorted(found, key=lambda s: (s.level, s.title.lower()))


def load_campaign(scenarios: Sequence[Scenario], path: Path | None = None) -> Any | None:
    """The campaign (levels, unlock rules, pass thresholds) from ``dialogue/campaign.yaml``, or None."""
    try:
        from game.campaign import load_campaign as load
        from game.paths import DIALOGUE_DIR
    except ImportError:
        return None
    path = path if path is not None else DIALOGUE_DIR / "campaign.yaml"
    if not path.is_file():
        return None
    try:
        loaded = load(path, {s.id: s.level for s in scenarios})
    except Exception as error:  # a broken campaign must not stop the game: the simple rule applies
        print(f"warning: campaign not used: {error}", file=sys.stderr)
        return None
    if loaded.campaign is None or loaded.errors:
        print("warning: campaign not used (python main.py campaign check)", file=sys.stderr)
        return None
    return loaded.campaign


@dataclass(frozen=True)
class Recommended:
    scenario: Scenario
    reason: str
    rest: str = ""
    """A suggestion to take a break, when the trainee has been at it a while."""


@dataclass(frozen=True)
class LevelProgress:
    unlocked: bool
    passed_scenarios: frozenset[str]
    title: str = ""
    hint: str = ""


class Progression:
    """Which levels are open and which scenarios are passed.

    With a campaign (``dialogue/campaign.yaml``) its unlock rules and pass thresholds decide, over
    the trainee's recorded sessions plus this run's unrecorded ones. Without one: level 1 is open
    and level N opens once any scenario of level N-1 is passed.
    """

    def __init__(self, campaign: Any | None = None, library: dict[str, int] | None = None) -> None:
        self.campaign = campaign
        self.library = dict(library or {})
        self.stored: list[Any] = []
        """The trainee's sessions from the progress store."""
        self.unrecorded: list[Any] = []
        """This run's sessions that are not in the store (no trainee name, or saving failed)."""
        self._status: Any = None

    # -- reading ----------------------------------------------------------------------------------

    @property
    def sessions(self) -> list[Any]:
        return self.stored + self.unrecorded

    @property
    def passed(self) -> set[str]:
        return {s.scenario for s in self.sessions if s.passed}

    @property
    def passed_levels(self) -> set[int]:
        return {s.level for s in self.sessions if s.passed and s.level is not None}

    def level(self, level: int) -> LevelProgress:
        status = self._campaign_status()
        if status is not None:
            for entry in status.levels:
                if entry.level == level:
                    hint = f"Locked: {entry.locked_reason}." if entry.locked_reason else ""
                    return LevelProgress(entry.unlocked, frozenset(entry.passed_scenarios), entry.title, hint)
            return LevelProgress(False, frozenset(), "", "Not part of the campaign.")
        unlocked = level <= 1 or (level - 1) in self.passed_levels
        hint = "" if unlocked else f"Locked: pass a level {level - 1} scenario to unlock."
        passed = frozenset(s.scenario for s in self.sessions if s.passed and s.level == level)
        return LevelProgress(unlocked, passed, "", hint)

    def unlocked(self, level: int) -> bool:
        return self.level(level).unlocked

    def recommend(self, scenarios: Sequence[Scenario], now: float | None = None) -> Recommended | None:
        """The adaptive next scenario among the unlocked ones, with why (and a break hint)."""
        try:
            from game.progress.adaptive import recommend
            from game.progress.catalog import ScenarioInfo, relevance_from
        except ImportError:
            return None
        open_levels = {s.level for s in scenarios if self.unlocked(s.level)}
        unlocked = {s.id for s in scenarios if s.level in open_levels}
        if not unlocked:
            return None
        catalog = [ScenarioInfo.from_scenario(s) for s in scenarios]
        passed = self.passed_levels
        current = min((lv for lv in sorted(open_levels) if lv not in passed), default=max(open_levels))
        try:
            choice = recommend(
                self.sessions,
                catalog,
                unlocked=unlocked,
                current_level=current,
                now=time_module.time() if now is None else now,
                relevance=relevance_from(catalog),
            )
        except Exception as error:  # advice is a bonus: never let it stop the menu
            print(f"warning: no recommendation: {error}", file=sys.stderr)
            return None
        if choice.scenario is None:
            return None
        scenario = next((s for s in scenarios if s.id == choice.scenario.id), None)
        if scenario is None:
            return None
        reason = next((r for r in choice.reasons if r.startswith("Practise")), "")
        reason = reason.split(":")[0] if reason else (choice.reasons[-1] if choice.reasons else "")
        rest = choice.wellbeing.message if choice.wellbeing.suggested else ""
        return Recommended(scenario, reason, rest)

    def _campaign_status(self) -> Any:
        if self.campaign is None:
            return None
        if self._status is None:
            from game.campaign import status

            self._status = status(self.campaign, self.sessions, self.library)
        return self._status

    # -- writing ----------------------------------------------------------------------------------

    def record(self, result: SessionResult, mode: str = "practice", recorded: bool = False) -> None:
        """Count a finished session (``recorded``: it is in the store and comes back on reload)."""
        from game.progress import SessionRecord

        data = result.to_json()
        record = SessionRecord(
            id=-1 - len(self.unrecorded),
            trainee="",
            scenario=result.scenario,
            title=result.title,
            level=result.level,
            outcome=result.outcome,
            success=result.success,
            passed=result.passed,
            empathy=result.scores.empathy,
            composure=result.scores.composure,
            overall=result.scores.overall,
            start_anger=result.mood_history[0].anger if result.mood_history else None,
            mode=mode,
            recorded_at=0.0,
            result=data,
        )
        (self.stored if recorded else self.unrecorded).append(record)
        self._status = None

    def assessment(self) -> Any | None:
        """The campaign's assessment standing (``game.campaign.AssessmentStatus``), or None."""
        status = self._campaign_status()
        return status.assessment if status is not None else None

    def load_trainee(self, trainee: str) -> None:
        """Replace the stored sessions with what the progress store holds for ``trainee``."""
        self.stored = []
        self._status = None
        if not trainee.strip():
            return
        try:
            from game.progress import ProgressStore, default_store_path

            if not default_store_path().exists():
                return
            with ProgressStore() as store:
                self.stored = store.sessions(trainee) if store.has_trainee(trainee) else []
        except Exception as error:  # an unreadable store must not stop the game
            print(f"warning: could not read progress for {trainee}: {error}", file=sys.stderr)


# --- the 3D stage: part A's set and customer, or a plain stand-in --------------------------------


class _StandInCustomer:
    """A very plain customer used only when ``scenes.avatar`` is not available."""

    def __init__(self, parent: Any, scenario: Scenario) -> None:
        self.root = Entity(parent=parent)
        self.body = Entity(
            parent=self.root, model="cube", scale=(0.55, 0.9, 0.3), y=1.05, color=theme.SECONDARY
        )
        self.head = Entity(parent=self.root, model="sphere", scale=0.32, y=1.72, color=theme.MUTED)
        self.mouth = Entity(
            parent=self.head,
            model="cube",
            scale=(0.35, 0.06, 0.1),
            position=(0, -0.18, -0.45),
            color=theme.BACKDROP,
        )
        self.talk = 0.0

    def set_emotion(self, emotion: str) -> None:
        return None

    def set_mood(self, anger: int, trust: int) -> None:
        self.head.color = theme.mix(theme.MUTED, theme.ANGER, anger / 140)

    def set_talking(self, level: float) -> None:
        self.talk = level

    def gesture(self, name: str) -> None:
        return None

    def update(self, dt: float) -> None:
        self.mouth.scale_y = 0.04 + 0.12 * max(0.0, min(1.0, self.talk))

    def destroy(self) -> None:
        destroy(self.root)


class Stage:
    """The set and the customer for one scenario, built with part A's modules when present."""

    def __init__(self, scenario: Scenario) -> None:
        self.root = Entity(name="stage")
        self.set_handle: Any = None
        self.customer: Any = None
        try:
            from scenes.sets import build_set

            self.set_handle = build_set(scenario.setting, self.root)
        except ImportError:
            self.set_handle = None
        self._camera = (Vec3(camera.position), Vec3(camera.rotation), camera.fov)
        anchor = self.root
        if self.set_handle is not None:
            anchor = Entity(
                parent=self.root, name="customer_anchor", position=self.set_handle.customer_anchor
            )
            self.set_handle.apply_camera()
        else:
            Entity(parent=self.root, model="plane", scale=12, color=theme.BACKDROP.tint(0.12))
            Entity(
                parent=self.root, model="cube", scale=(12, 5, 0.2), position=(0, 2.5, 2.5), color=theme.CARD
            )
            Entity(
                parent=self.root,
                model="cube",
                scale=(3.2, 1.0, 0.6),
                position=(0, 0.5, -0.8),
                color=theme.SECONDARY,
            )
            camera.position = Vec3(0, 1.7, -5.5)
            camera.look_at(Vec3(0, 1.4, 0))
        try:
            from scenes.avatar import make_customer_view

            self.customer = make_customer_view(anchor, scenario)
        except ImportError:
            self.customer = _StandInCustomer(anchor, scenario)

    def update(self, dt: float) -> None:
        if self.customer is not None:
            self.customer.update(dt)

    def destroy(self) -> None:
        if self.customer is not None:
            self.customer.destroy()
            self.customer = None
        if self.set_handle is not None:
            self.set_handle.destroy()
            self.set_handle = None
        destroy(self.root)
        camera.position, camera.rotation, camera.fov = self._camera


# --- one conversation ----------------------------------------------------------------------------


def listen_mode(listener: Listener, settings: Settings) -> ListenMode:
    """How spoken replies are taken: the listener's own mode when it has one (it is what really
    happens), else the settings'. A listener without ``push_to_talk`` cannot be held to talk."""
    if not callable(getattr(listener, "push_to_talk", None)):
        return "hands_free"
    mode = getattr(listener, "mode", settings.listen_mode)
    return "push_to_talk" if mode == "push_to_talk" else "hands_free"


class PlaySession(Entity):  # type: ignore[misc]
    """Drives one conversation: pulls events, speaks lines, collects replies, hands over the result."""

    def __init__(
        self,
        scenario: Scenario,
        conversation: Conversation,
        stage: Stage,
        settings: Settings,
        voice: Voice,
        listener: Listener,
        on_finished: Callable[[SessionResult], None],
        on_leave: Callable[[], None],
        on_save: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(name="play_session")
        self.scenario = scenario
        self.conversation = conversation
        self.stage = stage
        self.settings = settings
        self.voice = voice
        self.listener = listener
        self.on_finished = on_finished
        self.on_leave = on_leave
        self.on_save = on_save
        self.speaking = settings.voice and voice.available
        self.voice_input = settings.input_mode == "voice"
        self.hold_to_talk = self.voice_input and listen_mode(listener, settings) == "push_to_talk"
        """Spoken replies are given by holding the talk key (Tab), else hands-free."""
        self.talking = False
        """The talk key is held down (push-to-talk)."""
        self.hud = Hud(
            scenario,
            coaching=settings.coaching,
            subtitles=settings.subtitles or not self.speaking,
            voice_input=self.voice_input,
            on_send=self.send,
            on_pick=self.pick,
            on_confirm=self.confirm,
            on_menu=self.pause,
        )
        if self.voice_input:
            self.hud.set_mic("idle" if listener.available else "unavailable")
        self.state = "pull"
        self.wait = 0.0
        self.elapsed = 0.0
        self.limit = TIME_LIMITS.get(scenario.level)
        self.awaiting: AwaitingReply | None = None
        self.suggestions: list[Suggestion] = []
        self.confirm_text = ""
        self.confirm_delivery: Delivery | None = None
        self.confirm_branches: list[str] = []
        self.pending_voice: ListenEvent | None = None
        self.send_when_ready = False
        """Enter was pressed on a typed reply while the customer was still talking."""
        self.handle: SpeechHandle | None = None
        self.refocus = 0
        self.refocus_clear = False
        self.turns: list[Turn] = []
        self.result: SessionResult | None = None
        self.talk_phase = 0.0
        self.hud.anger.set(conversation.mood.anger, instant=True)  # a resumed conversation starts
        self.hud.trust.set(conversation.mood.trust, instant=True)  # where it was, not animated
        if self.speaking:
            voice.set_volume(settings.volume)

    # -- per frame --------------------------------------------------------------------------------

    def update(self) -> None:
        dt = time.dt
        self._poll_listener()
        self._animate_customer(dt)
        if self.hud.paused:
            return
        if self.refocus > 0:
            self.refocus -= 1
            if self.refocus == 0:
                if self.refocus_clear:
                    self.hud.reply_field.text = ""
                self.hud.reply_field.active = self._typing_allowed()
        if self.state in ("pull", "speaking", "awaiting") and not (
            self.hud.reply_field.active or self.refocus or self.hud.confirming
        ):
            self.hud.reply_field.active = True  # always ready to type, even before the customer ends
        if self.state == "pull":
            self._pull()
        elif self.state == "speaking":
            if self.hud.line_shown:
                self.wait -= dt
                if self.wait <= 0:
                    self.state = "pull"
        elif self.state == "awaiting":
            self.elapsed += dt
            self.hud.set_timer(self.elapsed, self.limit)
            if self.limit is not None and self.elapsed >= self.limit:
                self._answer("", None, self._delivery(evidence=(f"no reply within {int(self.limit)} s",)))
        elif self.state == "ending":
            self.wait -= dt
            if self.wait <= 0 and self.hud.line_shown:
                self.state = "done"
                assert self.result is not None
                self.on_finished(self.result)

    def _pull(self) -> None:
        for _ in range(50):
            event = self.conversation.next_event()
            if isinstance(event, CustomerLine):
                self._say(event)
                return
            if isinstance(event, AwaitingReply):
                self._await(event)
                return
            if isinstance(event, Ended):
                self._end(event)
                return
        raise RuntimeError("the conversation produced no event to wait on")

    def _say(self, line: CustomerLine) -> None:
        self.hud.add_history(self.scenario.customer.name, line.text)
        self.handle = None
        if self.speaking:
            self.handle = self.voice.speak(
                line.line_id, line.text, line.emotion, self.scenario.customer.voice
            )
        self.hud.show_line(line.text, line.emotion, self.handle)
        self.hud.set_mood(line.mood)
        self._listen()  # ears open while the customer talks: speaking over them is noticed
        customer = self.stage.customer
        if customer is not None:
            customer.set_emotion(line.emotion)
            customer.set_mood(line.mood.anger, line.mood.trust)
        self.state = "speaking"
        self.wait = PAUSE_AFTER_LINE

    def _await(self, event: AwaitingReply) -> None:
        self.awaiting = event
        self.state = "awaiting"
        self.elapsed = 0.0
        # Assessment mode (no coaching) asks for the trainee's own words: no suggestions.
        self.suggestions = self.conversation.suggestions() if self.settings.coaching else []
        self.hud.show_suggestions([s.text for s in self.suggestions])
        self.hud.set_reply_enabled(True)
        self.hud.show_coach(event.coach if event.coach else self._last_tip())
        keys = f", or press 1-{min(4, len(self.suggestions))}" if self.suggestions else ""
        hint = f"Your turn: type a reply and press Enter{keys}"
        if self.voice_input and self.listener.available:
            way = "hold Tab and speak" if self.hold_to_talk else "speak"
            hint = f"Your turn: {way}, or type{keys}"
        self._listen()
        self.hud.set_status(hint, theme.TEXT)
        self.hud.reply_field.active = True
        if self.pending_voice is not None:
            spoken, self.pending_voice = self.pending_voice, None
            self.send(spoken.text, spoken.delivery)
        elif self.send_when_ready:
            self.send_when_ready = False
            self.send(self.hud.reply_field.text)

    def _listen(self) -> None:
        """Listen for a reply to the current node's branches (voice input only)."""
        if not (self.voice_input and self.listener.available):
            return
        if not self.conversation.options():
            return
        # Closed branches' words too: a reply that means one must be heard as it is, to be told
        # apart from the open branches (the customer then reacts as "otherwise").
        replies = self.conversation.node.replies
        self.listener.start([text for reply in replies for text in reply.example_texts])
        self.hud.set_mic(self._ears())

    def _ears(self) -> str:
        """The microphone indicator while the game listens for a reply."""
        if not self.hold_to_talk:
            return "listening"
        return "talking" if self.talking else "ready"

    def _talk(self, pressed: bool) -> None:
        """The talk key went down (True) or up (False): open or close the trainee's reply."""
        if pressed == self.talking:
            return
        if pressed and not (
            self.hold_to_talk
            and self.listener.available
            and self.state in ("pull", "speaking", "awaiting")
            and not self.hud.confirming
        ):
            return
        self.talking = pressed
        cast(TalkKey, self.listener).push_to_talk(pressed)
        if self.listener.available and self.state in ("pull", "speaking", "awaiting"):
            self.hud.set_mic(self._ears(), self.hud.mic_level)

    def _last_tip(self) -> str | None:
        if not self.turns:
            return None
        tips = self.turns[-1].tips
        return f"Tip: {tips[0]}" if tips else None

    def _end(self, event: Ended) -> None:
        self.state = "ending"
        self.wait = END_HOLD
        self.result = self.conversation.result()
        self.suggestions = []
        self.hud.clear_suggestions()
        self.hud.hide_timer()
        self.hud.show_coach(None)
        self.hud.set_reply_enabled(False)
        self.hud.reply_field.active = False
        self._talk(False)
        self.listener.stop()
        if self.voice_input:
            self.hud.set_mic("idle")
        words = theme.outcome_banner(event.outcome)
        self.hud.set_status(f"Conversation over: {words[0].lower()}", words[1])
        customer = self.stage.customer
        if customer is not None:
            customer.gesture(
                "throw_up_hands" if event.outcome == "walked_out" else ("nod" if event.success else "sigh")
            )

    def _animate_customer(self, dt: float) -> None:
        customer = self.stage.customer
        if customer is None:
            return
        level = 0.0
        if self.handle is not None and not self.handle.done:
            level = self.handle.loudness()
        elif self.state == "speaking" and self.hud.revealed < len(self.hud.subtitle_wrapped):
            self.talk_phase += dt * 11
            level = 0.35 + 0.35 * math.sin(self.talk_phase)
        customer.set_talking(level)
        self.stage.update(dt)

    # -- replies ----------------------------------------------------------------------------------

    def _delivery(self, evidence: tuple[str, ...] = ()) -> Delivery:
        return Delivery(mode="typed", latency_s=round(self.elapsed, 2), evidence=evidence)

    def send(self, text: str, delivery: Delivery | None = None) -> None:
        """A typed (or recognised) reply. In the confirm zone, ask "Did you mean ...?" first."""
        if self.state != "awaiting" or self.hud.confirming:
            return
        text = " ".join(text.split())
        if not text:
            self.hud.set_status("Type something first, or pick a suggestion with 1-4.", theme.WARN)
            return
        delivery = delivery or self._delivery()
        match = self.conversation.preview(text)
        if match.zone == "confirm":
            enabled = {r.id: r for r in self.conversation.enabled_replies()}
            branches = [
                branch for branch, _ in match.ranking[:2] if branch in enabled and enabled[branch].examples
            ]
            if branches:
                self.confirm_text = text
                self.confirm_delivery = delivery
                self.confirm_branches = branches
                self.hud.reply_field.active = False
                self.hud.show_confirm(text, [enabled[b].examples[0].text for b in branches])
                return
        self._answer(text, None, delivery)

    def pick(self, index: int) -> None:
        """A numbered suggestion (key 1-4 or a click)."""
        if self.state != "awaiting" or self.hud.confirming or not 0 <= index < len(self.suggestions):
            return
        suggestion = self.suggestions[index]
        self._answer(suggestion.text, suggestion.branch, self._delivery())

    def confirm(self, index: int | None) -> None:
        """The answer to "Did you mean ...?": a branch, or None to say it another way."""
        if not self.hud.confirming:
            return
        self.hud.hide_confirm()
        if index is None or not 0 <= index < len(self.confirm_branches):
            self.hud.set_status("Say it another way: edit your reply and press Enter.", theme.TEXT)
            self._focus_later(clear=False)  # not now: the key that chose "neither" is still arriving
            return
        delivery = self.confirm_delivery or self._delivery()
        self._answer(self.confirm_text, self.confirm_branches[index], delivery)

    def _focus_later(self, clear: bool) -> None:
        """Give the reply field back in two frames: the keystroke of a number key is swallowed."""
        self.hud.reply_field.active = False
        self.refocus = 2
        self.refocus_clear = clear

    def _answer(self, text: str, branch: str | None, delivery: Delivery) -> None:
        if self.state != "awaiting":
            return
        self.hud.hide_confirm()
        self._talk(False)
        self.listener.stop()
        if self.voice_input:
            self.hud.set_mic("idle" if self.listener.available else "unavailable")
        mood_before = self.conversation.mood
        turn = self.conversation.answer(text, delivery, branch=branch)
        self.turns.append(turn)
        self.hud.add_history("You", text or "(silence)")
        self.awaiting = None
        self.hud.clear_suggestions()
        self.hud.hide_timer()
        self.hud.reply_field.active = False
        self.hud.reply_field.text = ""
        self._focus_later(clear=True)
        self.hud.set_mood(turn.mood, mood_before)
        self.hud.show_coach(f"Tip: {turn.tips[0]}" if turn.tips else None)
        if self.settings.coaching:
            self.hud.show_tags(turn.tags)
        customer = self.stage.customer
        if customer is not None:
            customer.set_mood(turn.mood.anger, turn.mood.trust)
            change = turn.mood.anger - mood_before.anger
            if change <= -10:
                customer.gesture("nod")
            elif change >= 10:
                customer.gesture("shake_head")
        self.state = "pull"

    # -- listener ---------------------------------------------------------------------------------

    def _poll_listener(self) -> None:
        for event in self.listener.poll():
            if event.kind == "level":
                self.hud.mic_level = event.level
            elif event.kind == "speaking" and not self.hold_to_talk:
                self.hud.set_mic("hearing", self.hud.mic_level)
            elif event.kind == "partial":
                self.hud.set_status(f"Hearing: {event.text}", theme.TRUST)
            elif event.kind == "notice":
                self.hud.set_status(event.text, theme.WARN)
                if self.voice_input and not self.listener.available:
                    self.hud.set_mic("unavailable")
            elif event.kind == "error":
                self.hud.set_mic("unavailable")
                self.hud.set_status(f"Microphone stopped ({event.text}): type your reply.", theme.WARN)
            elif event.kind == "final" and not event.text.strip():
                if self.state == "awaiting" and not self.hud.confirming:
                    self.hud.set_status("Nothing heard: say it again, or type it.", theme.WARN)
                    self._listen()
            elif event.kind == "final":
                delivery = event.delivery or Delivery(mode="voice")
                if self.state == "awaiting" and not self.hud.confirming:
                    self.send(event.text, delivery)
                elif self.state in ("speaking", "pull"):
                    self.pending_voice = event  # said before the customer finished: answered next

    # -- keys -------------------------------------------------------------------------------------

    def input(self, key: str) -> None:
        hud = self.hud
        if key == f"{TALK_KEY} up":
            self._talk(False)  # whatever else is on screen: a released key always closes the reply
            return
        if hud.paused:
            if key == "escape":
                self.resume()
            return
        if key == "f1":
            hud.toggle_knowledge()
            return
        if key == "f2":
            hud.toggle_history()
            return
        if key == "escape":
            if hud.confirming:
                self.confirm(None)
            elif hud.knowledge.enabled:
                hud.toggle_knowledge()
            elif hud.history_open:
                hud.toggle_history()
            else:
                self.pause()
            return
        if key == TALK_KEY:
            self._talk(True)  # push-to-talk only; hands-free (or typing) ignores the key
            return
        if hud.confirming:
            if key.isdigit():
                number = int(key)
                self.confirm(number - 1 if number <= len(self.confirm_branches) else None)
            return
        if key == "enter":
            if self.state == "awaiting":
                self.send(hud.reply_field.text)
            elif self.state in ("speaking", "pull"):
                hud.finish_line()  # Enter skips the typewriter; a typed reply goes once they finish
                if hud.reply_field.text.strip():
                    self.send_when_ready = True
                    hud.set_status(f"Sent when {self.scenario.customer.name} finishes.", theme.TEXT)
            return
        if key in ("1", "2", "3", "4") and self.state == "awaiting":
            typed = hud.reply_field.text.strip()
            if typed in ("", key):
                hud.reply_field.active = False
                self.pick(int(key) - 1)

    # -- pause ------------------------------------------------------------------------------------

    def pause(self) -> None:
        self._talk(False)
        self.hud.reply_field.active = False
        save = self.save_and_leave if self.on_save is not None and self.state != "ending" else None
        self.hud.show_pause(self.resume, self.leave, save)

    def resume(self) -> None:
        self.hud.hide_pause()
        self.hud.reply_field.active = self._typing_allowed()

    def _typing_allowed(self) -> bool:
        return self.state in ("pull", "speaking", "awaiting") and not self.hud.confirming

    def leave(self) -> None:
        self.hud.hide_pause()
        self.on_leave()

    def save_and_leave(self) -> None:
        self.hud.hide_pause()
        if self.on_save is not None:
            self.on_save()

    def show_earlier(self) -> None:
        """A resumed conversation: what was said before, and the customer's last words on screen."""
        state = self.conversation.state
        name = self.scenario.customer.name
        for turn in state.turns:
            if turn.customer:
                self.hud.add_history(name, turn.customer)
            self.hud.add_history("You", turn.reply or "(silence)")
        if state.said:
            said = " ".join(state.said)
            self.hud.add_history(name, said)
            self.hud.show_line(said, state.emotion, None)
            self.hud.finish_line()

    def close(self) -> None:
        self._talk(False)
        self.listener.stop()
        if self.handle is not None and not self.handle.done:
            self.handle.stop()
        self.voice.stop()
        destroy(self.hud)
        destroy(self)


def _resize_window(size: tuple[int, int]) -> None:
    """Apply a new window size at once (a real window only; every offered size is 16:9)."""
    from scenes.engine import is_offscreen

    if is_offscreen():
        return
    from ursina import Vec2, window

    window.size = Vec2(*size)


# --- the whole game ------------------------------------------------------------------------------


class GameApp:
    """The screens and what leads from one to the next. Created once the Ursina app exists."""

    def __init__(
        self,
        scenarios: Sequence[Scenario],
        settings: Settings,
        analyzer: ReplyAnalyzer | Callable[[], ReplyAnalyzer],
        *,
        voice: Voice | None = None,
        listener: Listener | None = None,
        progression: Progression | None = None,
        settings_dir: Path | None = None,
        save: bool = True,
        record: bool = True,
        on_quit: Callable[[], None] | None = None,
        seed: int = 0,
        ports: Callable[[Settings], tuple[Voice, Listener]] | None = None,
    ) -> None:
        self.scenarios = list(scenarios)
        self.settings = settings
        self._analyzer_source = analyzer
        """The analyser, or a function that returns it (loaded while the menu is already up)."""
        self._analyzer: ReplyAnalyzer | None = None
        self.voice: Voice = voice if voice is not None else NullVoice()
        self.listener: Listener = listener if listener is not None else NullListener()
        if progression is None:
            progression = Progression(load_campaign(self.scenarios), {s.id: s.level for s in self.scenarios})
        self.progression = progression
        self.settings_dir = settings_dir
        self.save = save
        self.record = record
        self.on_quit = on_quit
        self.open_page: Callable[[str], bool] = webbrowser.open
        """Opens a page in the trainee's browser (replaced in tests)."""
        self.seed = seed
        self.ports = ports
        """Builds the voice and listener for given settings (rebuilt when speech settings change)."""
        self.ports_built_for = (settings.voice, settings.input_mode, settings.speech_engine)
        self.screen = ""
        self.menu: MainMenu | None = None
        self.settings_screen: SettingsScreen | None = None
        self.brief: BriefCard | None = None
        self.session: PlaySession | None = None
        self.debrief: DebriefScreen | None = None
        self.stage: Stage | None = None
        self.scenario: Scenario | None = None
        self.last_result: SessionResult | None = None
        self.results: list[SessionResult] = []
        self.selected_level: int | None = None
        self.assessing = False
        """The scenario being played is an attempt at the campaign's assessment."""
        self.progression.load_trainee(settings.trainee)

    # -- screens ----------------------------------------------------------------------------------

    def _clear(self) -> None:
        for name in ("menu", "settings_screen", "brief", "debrief"):
            entity = getattr(self, name)
            if entity is not None:
                destroy(entity)
                setattr(self, name, None)
        if self.session is not None:
            self.session.close()
            self.session = None
        if self.stage is not None:
            self.stage.destroy()
            self.stage = None

    def level_states(self) -> list[LevelState]:
        states = []
        for level in LEVELS:
            scenarios = tuple(s for s in self.scenarios if s.level == level)
            progress = self.progression.level(level)
            passed = frozenset(s.id for s in scenarios if s.id in progress.passed_scenarios)
            states.append(
                LevelState(level, progress.unlocked, scenarios, passed, progress.hint, progress.title)
            )
        assessment = self.progression.assessment()
        if assessment is not None:
            by_id = {s.id: s for s in self.scenarios}
            items = tuple(by_id[i.scenario] for i in assessment.items if i.scenario in by_id)
            passed = frozenset(i.scenario for i in assessment.items if i.passed)
            if not assessment.unlocked:
                hint = f"Locked: {assessment.locked_reason}."
            elif assessment.certified:
                hint = f"Certified: {assessment.certificate.title}."
            else:
                hint = (
                    f"No coaching, no suggestions. Pass {assessment.required} of {len(items)}: "
                    f"{assessment.threshold.describe()}."
                )
            states.append(LevelState(ASSESSMENT, assessment.unlocked, items, passed, hint, assessment.title))
        return states

    def show_menu(self) -> None:
        self._clear()
        self.screen = "menu"
        self.menu = MainMenu(
            self.level_states(),
            self.settings.trainee,
            on_play=self.open_scenario,
            on_settings=self.show_settings,
            on_quit=self.on_quit,
            on_name=self._set_name,
            selected_level=self.selected_level,
            on_name_done=self._name_done,
            recommended=self.progression.recommend(self.scenarios),
            resumable=self._resumable(),
            on_resume=self.resume,
            on_assess=partial(self.open_scenario, assessment=True),
        )

    def _set_name(self, name: str) -> None:
        if name.strip() == self.settings.trainee:
            return
        self.settings = self.settings.with_changes(trainee=name)

    def _resumable(self) -> tuple[str, int] | None:
        saved = self.saved_conversation()
        return (saved[0].title, saved[1].turn) if saved is not None else None

    def _name_done(self) -> None:
        """Enter in the name field: save the name and show that trainee's progress."""
        self._save_settings()
        self.progression.load_trainee(self.settings.trainee)
        self.show_menu()

    def show_settings(self) -> None:
        self._clear()
        self.screen = "settings"
        notes: dict[str, str] = {}
        if not self.voice.available:
            notes["voice"] = "No audio output found on this machine: subtitles are shown."
        if not self.listener.available:
            notes["input_mode"] = "No microphone or recogniser found: replies are typed."
        self.settings_screen = SettingsScreen(
            self.settings, self._settings_changed, self._settings_done, notes
        )

    def _settings_changed(self, settings: Settings) -> None:
        resized = settings.window_size != self.settings.window_size
        self.settings = settings
        self.voice.set_volume(settings.volume)
        if resized:
            _resize_window(settings.window_size)

    def _settings_done(self) -> None:
        self._save_settings()
        self._rebuild_ports()
        self.show_menu()

    def _rebuild_ports(self) -> None:
        """Turning the voice on or off, switching how replies are given or which recogniser listens
        needs new speech ports; switching between hold-to-talk and hands-free only tells the listener."""
        set_mode = getattr(self.listener, "set_mode", None)
        if callable(set_mode) and getattr(self.listener, "mode", None) != self.settings.listen_mode:
            set_mode(self.settings.listen_mode)
        wanted = (self.settings.voice, self.settings.input_mode, self.settings.speech_engine)
        if self.ports is None or wanted == self.ports_built_for:
            return
        closed: set[int] = set()
        for port in (self.listener, self.voice):
            session = getattr(port, "session", None)
            if session is not None and id(session) not in closed:
                closed.add(id(session))
                session.close()
        self.voice, self.listener = self.ports(self.settings)
        self.ports_built_for = wanted

    def _save_settings(self) -> None:
        if not self.save:
            return
        try:
            save_settings(self.settings, self.settings_dir)
        except OSError as error:
            print(f"warning: settings not saved: {error}", file=sys.stderr)

    def open_scenario(self, scenario: Scenario, assessment: bool = False) -> None:
        """The brief card, over the scenario's set (``assessment``: an attempt at the campaign's
        assessment, played with no coaching and no suggestions whatever the settings)."""
        if self.screen == "menu":
            self._save_settings()
            self.progression.load_trainee(self.settings.trainee)
        self._clear()
        self.screen = "brief"
        self.scenario = scenario
        self.assessing = assessment
        self.selected_level = ASSESSMENT if assessment else scenario.level
        self.stage = Stage(scenario)
        prepare = getattr(self.voice, "prepare", None)
        if prepare is not None:
            prepare(scenario)  # lines render while the trainee reads the brief
        threading.Thread(target=self._prepare_analyzer, args=(scenario,), name="analyzer-prepare",
                         daemon=True).start()
        hold_to_talk = (
            self.settings.input_mode == "voice"
            and listen_mode(self.listener, self.settings) == "push_to_talk"
        )
        self.brief = BriefCard(
            scenario, self.begin, self.show_menu, self.play_settings.coaching, hold_to_talk=hold_to_talk
        )

    def begin(self, state: ConversationState | None = None) -> None:
        """Start the conversation (``state``: continue a saved one exactly where it was left)."""
        scenario = self.scenario
        if scenario is None or self.stage is None:
            return
        if self.brief is not None:
            destroy(self.brief)
            self.brief = None
        self.screen = "play"
        conversation = Conversation(scenario, self.analyzer(), state=state, seed=self.seed)
        self.session = PlaySession(
            scenario,
            conversation,
            self.stage,
            self.play_settings,
            self.voice,
            self.listener,
            on_finished=self.finish,
            on_leave=self.show_menu,
            on_save=self.save_conversation if self.save else None,
        )
        if state is not None:
            self.session.show_earlier()

    # -- a conversation saved for later -----------------------------------------------------------

    def saved_path(self) -> Path:
        from game.paths import user_data_dir

        return (self.settings_dir if self.settings_dir is not None else user_data_dir()) / SAVED_CONVERSATION

    def save_conversation(self) -> None:
        """Pause -> "Save and leave": the whole conversation state, written atomically."""
        from game.settings import write_json_atomic

        session, scenario = self.session, self.scenario
        if session is None or scenario is None:
            return
        data = {
            "version": 1,
            "scenario": scenario.id,
            "title": scenario.title,
            "assessment": self.assessing,
            "state": session.conversation.state.to_json(),
        }
        try:
            write_json_atomic(self.saved_path(), data)
        except OSError as error:
            print(f"warning: the conversation was not saved: {error}", file=sys.stderr)
        self.show_menu()

    def saved_conversation(self) -> tuple[Scenario, ConversationState, bool] | None:
        """The conversation saved for later, if there is one this game can continue."""
        import json

        try:
            data = json.loads(self.saved_path().read_text(encoding="utf-8"))
            scenario = next(s for s in self.scenarios if s.id == data["scenario"])
            state = ConversationState.from_json(data["state"])
            if state.node not in scenario.nodes or state.phase == "ended":
                return None
            return scenario, state, bool(data.get("assessment", False))
        except (OSError, ValueError, KeyError, TypeError, StopIteration):
            return None  # nothing saved, or a save this version cannot continue

    def resume(self) -> None:
        saved = self.saved_conversation()
        if saved is None:
            return
        scenario, state, assessing = saved
        self.open_scenario(scenario, assessment=assessing)
        self.begin(state)

    def _forget_saved(self, scenario_id: str) -> None:
        saved = self.saved_conversation()
        if saved is not None and saved[0].id == scenario_id:
            with contextlib.suppress(OSError):
                self.saved_path().unlink()

    def finish(self, result: SessionResult) -> None:
        self.last_result = result
        self.results.append(result)
        mode = "practice" if self.play_settings.coaching else "assessment"
        self._forget_saved(result.scenario)
        note, recorded = self._record(result, mode)
        self.progression.record(result, mode, recorded)
        standing = self.progression.assessment() if self.assessing else None
        if standing is not None:
            done = sum(1 for item in standing.items if item.passed)
            progress = (
                f"{standing.certificate.title} earned!"
                if standing.certified
                else f"Assessment: {done} of {standing.required} passed."
            )
            note = f"{progress}  {note}".strip()
        scenario = self.scenario
        self._clear()
        self.screen = "debrief"
        nxt = self.next_assessment() if self.assessing else self.next_scenario(result)
        label_text = (
            "Next level" if nxt is not None and scenario and nxt.level > scenario.level else "Next scenario"
        )
        if self.assessing:
            label_text = "Next assessment"
        self.debrief = DebriefScreen(
            result,
            scenario.customer.name if scenario else "",
            on_replay=self.replay,
            on_next=partial(self.open_scenario, nxt, self.assessing) if nxt is not None else None,
            next_label=label_text,
            on_menu=self.show_menu,
            note=note,
            on_history=self.open_history if recorded else None,
        )

    def open_history(self) -> None:
        """Write the trainee's history page (their report: every session, skills over time) and open it."""
        from game.progress import ProgressError
        from game.reports.history import write_trainee_history

        trainee = self.settings.trainee.strip()
        try:
            page = write_trainee_history(trainee)
        except (ProgressError, OSError) as error:
            message = f"Your history could not be written: {error}"
        else:
            opened = self.open_page(page.as_uri())
            message = f"Your history: {page}" if opened else f"Your history is in {page}"
        if self.debrief is not None:
            self.debrief.show_note(message)

    def _record(self, result: SessionResult, mode: str) -> tuple[str, bool]:
        """Save the session in the trainee's progress: (a note for the debrief, whether it was saved)."""
        trainee = self.settings.trainee.strip()
        if not self.record or not trainee:
            return ("Enter your name in the menu to keep your progress." if not trainee else "", False)
        try:
            from game.progress import record_session

            record_session(trainee, result.to_json(), mode=mode)
        except Exception as error:  # the debrief still shows; say why it was not saved
            print(f"warning: the session was not saved to {trainee}'s progress: {error}", file=sys.stderr)
            return "Progress could not be saved this time.", False
        return f"Saved to {trainee}'s progress.", True

    def next_scenario(self, result: SessionResult) -> Scenario | None:
        """After a pass: the first unpassed scenario of the next open level, else of this level."""
        if not result.passed:
            return None
        for level in (result.level + 1, result.level):
            if level != result.level and not self.progression.unlocked(level):
                continue
            candidates = [s for s in self.scenarios if s.level == level and s.id != result.scenario]
            fresh = [s for s in candidates if s.id not in self.progression.passed]
            if fresh or candidates:
                return (fresh or candidates)[0]
        return None

    def replay(self) -> None:
        if self.scenario is not None:
            self.open_scenario(self.scenario, self.assessing)

    def _prepare_analyzer(self, scenario: Scenario) -> None:
        """Worker thread: the branch examples are encoded while the brief is read (no Ursina here)."""
        prepare = getattr(self.analyzer(), "prepare", None)
        if prepare is not None:
            prepare([text for node in scenario.nodes.values() for reply in node.replies
                     for text in reply.example_texts])

    def analyzer(self) -> ReplyAnalyzer:
        if self._analyzer is None:
            source = self._analyzer_source
            if callable(source) and not hasattr(source, "match"):
                self._analyzer = source()
            else:
                self._analyzer = cast(ReplyAnalyzer, source)
        return self._analyzer

    @property
    def play_settings(self) -> Settings:
        """The settings a conversation runs with: an assessment attempt never coaches."""
        return self.settings.with_changes(coaching=False) if self.assessing else self.settings

    def next_assessment(self) -> Scenario | None:
        """The next assessment scenario without a passing attempt yet (None when all are passed)."""
        assessment = self.progression.assessment()
        if assessment is None:
            return None
        by_id = {s.id: s for s in self.scenarios}
        current = self.scenario.id if self.scenario else None
        for item in assessment.items:
            if not item.passed and item.scenario != current and item.scenario in by_id:
                return by_id[item.scenario]
        return None
