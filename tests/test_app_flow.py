"""The 3D game flow, rendered offscreen and driven by simulated keys and clicks.

Menu -> brief -> conversation -> debrief -> menu, the HUD (subtitles, knowledge panel, suggestions,
"Did you mean ...?", turn timer, microphone), the debrief and the settings screen. The conversation
rules are the real runtime's; a small scripted analyser makes the branch matching exact, so the
tests check the game's handling, not the analyser's thresholds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from game.delivery import Delivery
from game.model import (
    Customer,
    Effects,
    Example,
    Goto,
    KnowledgeEntry,
    Line,
    Mood,
    MoodDelta,
    Node,
    Otherwise,
    Reply,
    Scenario,
)
from game.runtime import Conversation
from game.settings import Settings, load_settings
from game.understanding.base import BranchOption, Evidence, MatchResult

ursina = pytest.importorskip("ursina")

FAST_DT = 1 / 8
"""Frame time for these tests: animations are time-based, so fewer, longer frames keep them quick."""

OPENING = "My order never arrived and I needed it today."
SORRY = "I'm so sorry, that must be really frustrating"


# --- a scenario and an exact analyser ------------------------------------------------------------


def make_scenario(sid: str, level: int, title: str, setting: str = "retail_counter") -> Scenario:
    nodes = {
        "opening": Node(
            "opening",
            say=(Line("opening.1", OPENING),),
            emotion="frustrated",
            coach="Name the feeling before you fix anything.",
            replies=(
                Reply(
                    "acknowledge",
                    (Example(SORRY), Example("That sounds stressful")),
                    tags=("apology", "acknowledge_emotion"),
                    effects=Effects(MoodDelta(-25, 20), next=(Goto("done"),)),
                    feedback="You named her feeling first.",
                ),
                Reply(
                    "policy",
                    (Example("That is our policy, nothing I can do"), Example("Not my problem")),
                    tags=("dismissive",),
                    effects=Effects(MoodDelta(45, -20), next=(Goto("out"),)),
                    feedback="Policy first sounds like a wall.",
                ),
            ),
            otherwise=Otherwise(
                say=(Line("opening.again", "Are you even listening to me?"),),
                effects=Effects(MoodDelta(5, -2)),
            ),
        ),
        "done": Node(
            "done",
            say=(Line("done.1", "Thank you. You actually listened."),),
            emotion="relieved",
            end="resolved",
        ),
        "out": Node(
            "out", say=(Line("out.1", "Forget it. I'm leaving."),), emotion="angry", end="walked_out"
        ),
    }
    return Scenario(
        id=sid,
        title=title,
        level=level,
        setting=setting,
        channel="in_person",
        brief="Dana's parcel never came; she needed it for a party tonight.",
        customer=Customer("Dana Reyes", Mood(55, 30)),
        start="opening",
        nodes=nodes,
        knowledge=(
            KnowledgeEntry("late", "Late parcels", "Refund the delivery fee and re-ship by express today."),
        ),
    )


class ScriptedAnalyzer:
    """Exact, deterministic matching: the reply is matched by its first word."""

    name = "scripted"

    def match(self, reply: str, options: Sequence[BranchOption], context: str | None = None) -> MatchResult:
        ids = [o.id for o in options]
        text = reply.lower()
        if text.startswith("i'm so sorry") and "acknowledge" in ids:
            return MatchResult("acknowledge", 0.9, "accept", (("acknowledge", 0.9), ("policy", 0.1)))
        if text.startswith("that is our policy") and "policy" in ids:
            return MatchResult("policy", 0.9, "accept", (("policy", 0.9), ("acknowledge", 0.1)))
        if text.startswith("maybe") and "acknowledge" in ids:
            return MatchResult("acknowledge", 0.5, "confirm", (("acknowledge", 0.5), ("policy", 0.45)))
        return MatchResult(None, 0.1, "reject", tuple((i, 0.1) for i in ids))

    def tags(self, reply: str, context: str | None = None) -> list[Evidence]:
        found = []
        start = reply.lower().find("sorry")
        if start >= 0:
            found.append(Evidence("apology", "sorry", "an apology", start, start + 5))
        start = reply.lower().find("policy")
        if start >= 0:
            found.append(Evidence("dismissive", "policy", "hides behind policy", start, start + 6))
        return found


SCENARIOS = [
    make_scenario("parcel", 1, "Where is my parcel?"),
    make_scenario("hours", 1, "Opening hours", "hotel_front_desk"),
    make_scenario("double", 2, "Double charged", "call_center"),
    make_scenario("gate", 4, "Missed connection", "airline_gate"),
]


# --- fixtures and helpers -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app(ursina_app: Any) -> Iterator[Any]:
    """The session's offscreen app (tests/ursina_fixture.py) with this module's longer frames."""
    from scenes.engine import use_fixed_time

    use_fixed_time(FAST_DT)
    yield ursina_app
    use_fixed_time()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EMPATHY_TRAINER_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def make_game(app: Any, home: Path, clean_scene: Any) -> Iterator[Callable[..., Any]]:
    from scenes.app import GameApp, Progression

    made: list[Any] = []

    def build(**kwargs: Any) -> Any:
        settings = kwargs.pop("settings", Settings(trainee="Sam"))
        kwargs.setdefault("settings_dir", home)
        kwargs.setdefault("progression", Progression())  # the simple rule; the campaign has its own test
        game = GameApp(SCENARIOS, settings, ScriptedAnalyzer(), **kwargs)
        made.append(game)
        return game

    yield build
    for game in made:
        game._clear()


def step_until(app: Any, condition: Callable[[], bool], frames: int = 300) -> None:
    for _ in range(frames):
        if condition():
            return
        app.step()
    assert condition(), "the game did not get there in time"


def type_text(app: Any, text: str) -> None:
    """Type like a keyboard: a raw key event for letters and digits, then the character itself."""
    from ursina.main import keyboard_keys

    for char in text:
        key = char.lower()
        if key in keyboard_keys:
            app.input(key, is_raw=True)
        app.text_input(char)
        if key in keyboard_keys:
            app.input_up(key, is_raw=True)


def press_number(app: Any, number: int) -> None:
    type_text(app, str(number))


def play_until_reply(app: Any, game: Any, scenario: Scenario) -> Any:
    game.open_scenario(scenario)
    assert game.screen == "brief"
    app.input("enter")
    assert game.screen == "play"
    session = game.session
    step_until(app, lambda: session.state == "awaiting")
    return session


# --- tests -----------------------------------------------------------------------------------------


def test_menu_shows_levels_with_locks_and_the_scenarios_of_a_level(app: Any, make_game: Any) -> None:
    game = make_game()
    game.show_menu()
    app.step()
    menu = game.menu
    assert menu.selected == 1
    assert [s.title for s in menu.scenarios()] == ["Where is my parcel?", "Opening hours"]
    assert {lv: state.unlocked for lv, state in menu.levels.items()} == {
        1: True,
        2: False,
        3: False,
        4: False,
        5: False,
    }
    menu.level_buttons[2].on_click()
    assert [s.id for s in menu.scenarios()] == ["double"]
    assert menu.play_buttons[0].text == "Locked"
    menu.play_buttons[0].on_click()  # a locked scenario does not start
    assert game.screen == "menu"
    assert "pass a level 1 scenario" in menu.level_hint.text
    # The adaptive "next up" pick is an unlocked scenario, one click away.
    recommended = menu.recommended.scenario
    assert recommended.level == 1
    menu.recommend_button.on_click()
    assert game.screen == "brief" and game.scenario is recommended


def test_full_flow_typed_reply_reaches_a_resolved_debrief_and_unlocks_level_2(
    app: Any, make_game: Any, home: Path
) -> None:
    game = make_game()
    game.show_menu()
    game.menu.select_level(1)
    parcel = next(b for b in game.menu.play_buttons if b.scenario.id == "parcel")
    parcel.on_click()
    assert game.screen == "brief"
    game.brief.begin_button.on_click()
    session = game.session
    step_until(app, lambda: session.state == "awaiting")

    hud = session.hud
    assert hud.subtitle.text.replace("\n", " ").strip() == OPENING
    assert hud.coach_card.enabled and "Name the feeling" in hud.coach_text.text.replace("\n", " ")
    assert len(hud.suggestion_buttons) == 2
    assert hud.reply_field.active

    type_text(app, SORRY)
    assert hud.reply_field.text == SORRY
    app.input("enter")
    assert len(session.turns) == 1 and session.turns[0].branch == "acknowledge"
    assert session.turns[0].delivery.mode == "typed"
    assert "apology" in hud.tags_label.text and hud.feedback_bg.enabled  # what the reply showed
    step_until(app, lambda: game.screen == "debrief")

    debrief = game.debrief
    assert debrief.banner.text == "Resolved"
    assert debrief.verdict.text == "Passed"
    assert game.last_result.outcome == "resolved"
    assert debrief.score_labels["empathy"].text == str(game.last_result.scores.empathy)
    assert "Saved to Sam's progress" in json.dumps([t.text for t in debrief.children if hasattr(t, "text")])

    from game.progress import ProgressStore

    with ProgressStore(home / "progress.sqlite3" if (home / "progress.sqlite3").exists() else None) as store:
        assert [s.scenario for s in store.sessions("Sam")] == ["parcel"]

    opened: list[str] = []
    game.open_page = lambda uri: opened.append(uri) or True
    assert debrief.history_button.enabled
    debrief.history_button.on_click()  # the debrief links to the trainee's history
    assert len(opened) == 1 and opened[0].startswith("file://")
    page = Path(opened[0].removeprefix("file://"))
    assert page.is_file() and "Sam" in page.read_text(encoding="utf-8")
    assert str(page) in debrief.note_label.text.replace("\n", "")

    debrief.menu_button.on_click()
    assert game.screen == "menu"
    assert game.menu.levels[2].unlocked
    assert "parcel" in game.menu.levels[1].passed


def test_number_key_picks_a_suggestion_and_a_walk_out_ends_badly(app: Any, make_game: Any) -> None:
    game = make_game(settings=Settings(trainee=""))
    session = play_until_reply(app, game, SCENARIOS[0])
    texts = session.hud.suggestion_texts
    index = next(i for i, s in enumerate(session.suggestions) if s.branch == "policy")
    assert texts[index] == "That is our policy, nothing I can do"
    press_number(app, index + 1)
    assert session.turns[-1].branch == "policy"
    step_until(app, lambda: game.screen == "debrief")
    assert game.last_result.outcome == "walked_out"
    assert game.debrief.banner.text == "Walked out"
    assert game.debrief.verdict.text == "Not passed yet"
    shown = " ".join(t.text for t in game.debrief.children if isinstance(getattr(t, "text", None), str))
    assert "To pass: a resolved ending" in shown
    assert game.debrief.next_button.disabled
    assert not game.progression.unlocked(2)


def test_the_typed_digit_of_a_picked_suggestion_does_not_stay_in_the_reply_field(
    app: Any, make_game: Any
) -> None:
    game = make_game(settings=Settings(trainee=""))
    session = play_until_reply(app, game, SCENARIOS[0])
    # A reply nothing matches: the customer repeats herself and waits again.
    type_text(app, "The weather is nice")
    app.input("enter")
    assert session.turns[-1].branch is None
    step_until(app, lambda: session.state == "awaiting")
    assert session.hud.subtitle.text.strip() == "Are you even listening to me?"
    assert session.hud.reply_field.text == ""
    index = next(i for i, s in enumerate(session.suggestions) if s.branch == "acknowledge")
    press_number(app, index + 1)
    assert session.turns[-1].branch == "acknowledge"
    for _ in range(4):
        app.step()
    assert session.hud.reply_field.text == ""


def test_a_reply_typed_while_the_customer_talks_is_sent_when_they_finish(app: Any, make_game: Any) -> None:
    game = make_game(settings=Settings(trainee=""))
    game.open_scenario(SCENARIOS[0])
    game.begin()
    session = game.session
    app.step()
    assert session.state == "speaking" and session.hud.reply_field.active
    type_text(app, SORRY)
    app.input("enter")
    assert session.turns == [] and session.hud.reply_field.text == SORRY
    assert session.hud.line_shown or session.hud.revealed == len(session.hud.subtitle_wrapped)
    assert "Sent when Dana Reyes finishes" in session.hud.status.text
    step_until(app, lambda: len(session.turns) == 1)
    assert session.turns[0].branch == "acknowledge" and session.turns[0].reply == SORRY


def test_knowledge_panel_toggles_with_f1_and_closes_with_escape(app: Any, make_game: Any) -> None:
    game = make_game()
    session = play_until_reply(app, game, SCENARIOS[0])
    panel = session.hud.knowledge
    assert not panel.enabled
    app.input("f1")
    assert panel.enabled
    shown = " ".join(c.text for c in panel.children if hasattr(c, "text") and isinstance(c.text, str))
    assert "Late parcels" in shown and "express" in shown.replace("\n", " ")
    app.input("f1")
    assert not panel.enabled
    session.hud.facts_button.on_click()
    assert panel.enabled
    app.input("escape")
    assert not panel.enabled
    assert not session.hud.paused


def test_the_conversation_so_far_opens_with_f2(app: Any, make_game: Any) -> None:
    game = make_game(settings=Settings(trainee=""))
    session = play_until_reply(app, game, SCENARIOS[0])
    type_text(app, "The weather is nice")
    app.input("enter")
    step_until(app, lambda: session.state == "awaiting")
    hud = session.hud
    app.input("f2")
    assert hud.history_open
    shown = [
        c.text.replace("\n", " ")
        for c in hud.history_panel.children
        if isinstance(getattr(c, "text", None), str)
    ]
    assert shown[1:] == [
        f"Dana Reyes: {OPENING}",
        "You: The weather is nice",
        "Dana Reyes: Are you even listening to me?",
    ]
    app.input("f1")  # one panel at a time
    assert hud.knowledge.enabled and not hud.history_open
    hud.history_button.on_click()
    assert hud.history_open and not hud.knowledge.enabled
    app.input("escape")
    assert not hud.history_open and not hud.paused


def test_did_you_mean_prompt_neither_then_confirm(app: Any, make_game: Any) -> None:
    game = make_game()
    session = play_until_reply(app, game, SCENARIOS[0])
    hud = session.hud
    type_text(app, "maybe I can help")
    app.input("enter")
    assert hud.confirming and len(hud.confirm_buttons) == 3
    assert session.turns == []
    press_number(app, 3)  # neither: say it another way
    assert not hud.confirming and session.state == "awaiting"
    assert hud.reply_field.text == "maybe I can help"
    app.input("enter")
    assert hud.confirming
    hud.confirm_buttons[0].on_click()  # "I'm so sorry, ..." = acknowledge
    assert session.turns[-1].branch == "acknowledge"
    assert session.turns[-1].reply == "maybe I can help"
    step_until(app, lambda: game.screen == "debrief")
    assert game.last_result.outcome == "resolved"


def test_level_4_turn_timer_turns_silence_into_the_otherwise_path(app: Any, make_game: Any) -> None:
    game = make_game()
    session = play_until_reply(app, game, SCENARIOS[3])
    assert session.limit is not None
    app.step()
    assert session.hud.timer.enabled and session.hud.timer_bar.enabled
    session.limit = 0.5  # a short limit keeps the test quick; the rule is the same
    step_until(app, lambda: len(session.turns) == 1, frames=30)
    turn = session.turns[0]
    assert turn.reply == "" and turn.branch is None
    assert turn.delivery.evidence and "no reply within" in turn.delivery.evidence[0]
    step_until(app, lambda: session.state == "awaiting")
    assert session.hud.subtitle.text.strip() == "Are you even listening to me?"


def test_levels_below_4_have_no_time_limit(app: Any, make_game: Any) -> None:
    game = make_game()
    session = play_until_reply(app, game, SCENARIOS[0])
    session.elapsed = 600.0  # ten minutes of thinking
    for _ in range(3):
        app.step()
    assert session.limit is None and session.turns == []
    assert not session.hud.timer_bar.enabled


class HeldHandle:
    def __init__(self) -> None:
        self.finished = False

    @property
    def done(self) -> bool:
        return self.finished

    def loudness(self) -> float:
        return 0.0 if self.finished else 0.6

    def stop(self) -> None:
        self.finished = True


class RecordingVoice:
    available = True

    def __init__(self) -> None:
        self.handles: list[HeldHandle] = []
        self.lines: list[tuple[str, str]] = []
        self.volume = -1.0

    def speak(self, line_id: str, text: str, emotion: str, hints: Any) -> HeldHandle:
        self.lines.append((line_id, emotion))
        self.handles.append(HeldHandle())
        return self.handles[-1]

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def stop(self) -> None:
        for handle in self.handles:
            handle.finished = True


def test_subtitles_keep_pace_with_the_voice_and_a_spoken_reply_is_answered(app: Any, make_game: Any) -> None:
    from scenes.ports import ListenEvent, QueueListener

    voice = RecordingVoice()
    listener = QueueListener()
    settings = Settings(trainee="", input_mode="voice", volume=0.4)
    game = make_game(settings=settings, voice=voice, listener=listener)
    game.open_scenario(SCENARIOS[0])
    game.begin()
    session = game.session
    for _ in range(30):
        app.step()
    # The voice is still speaking: the subtitle has not run ahead to the end, nobody is asked yet.
    assert voice.lines == [("opening.1", "frustrated")] and voice.volume == 0.4
    assert session.state == "speaking"
    assert not session.hud.line_shown
    assert len(session.hud.subtitle.text) < len(OPENING)
    voice.handles[0].finished = True
    step_until(app, lambda: session.state == "awaiting")
    assert session.hud.subtitle.text.replace("\n", " ").strip() == OPENING
    assert listener.listening and SORRY in listener.expected
    assert session.hud.mic.enabled and session.hud.mic_label.text == "Listening"

    listener.push(ListenEvent("level", level=0.7))
    listener.push(ListenEvent("final", SORRY, delivery=Delivery(mode="voice", latency_s=0.8)))
    app.step()
    assert session.turns[-1].branch == "acknowledge"
    assert session.turns[-1].delivery.mode == "voice"
    assert not listener.listening


def brief_texts(game: Any) -> str:
    return " ".join(getattr(e, "text", "") or "" for e in game.brief.children if hasattr(e, "text"))


def test_hold_tab_to_talk_opens_and_closes_the_reply_and_typing_keeps_its_focus(
    app: Any, make_game: Any
) -> None:
    from scenes.ports import ListenEvent, QueueListener

    listener = QueueListener(mode="push_to_talk")
    game = make_game(settings=Settings(trainee="", input_mode="voice"), listener=listener)
    game.open_scenario(SCENARIOS[0])
    assert "Hold Tab to talk" in brief_texts(game)
    app.input("enter")
    session = game.session
    assert session.hold_to_talk
    step_until(app, lambda: session.state == "awaiting")
    hud = session.hud
    assert hud.mic_label.text == "Hold Tab to talk" and "hold Tab and speak" in hud.status.text
    type_text(app, "I am")
    app.input("tab")
    app.input("tab hold")  # key repeat while held changes nothing
    assert listener.presses == [True]
    assert hud.mic_label.text == "Listening…"
    # Tab is not the reply field's: it keeps the focus and the words typed so far.
    assert hud.reply_field.active and hud.reply_field.text == "I am"
    type_text(app, " here")
    assert hud.reply_field.text == "I am here"
    listener.push(ListenEvent("speaking"))
    app.step()
    assert hud.mic_label.text == "Listening…"
    app.input("tab up")
    assert listener.presses == [True, False] and not listener.talking
    assert hud.mic_label.text == "Hold Tab to talk"
    listener.push(ListenEvent("final", SORRY, delivery=Delivery(mode="voice", latency_s=0.4)))
    app.step()
    assert session.turns[-1].branch == "acknowledge" and session.turns[-1].delivery.mode == "voice"
    assert not listener.listening


def test_tab_held_while_pausing_is_released(app: Any, make_game: Any) -> None:
    from scenes.ports import QueueListener

    listener = QueueListener(mode="push_to_talk")
    game = make_game(settings=Settings(trainee="", input_mode="voice"), listener=listener)
    session = play_until_reply(app, game, SCENARIOS[0])
    app.input("tab")
    app.input("escape")
    assert session.hud.paused and listener.presses == [True, False]
    app.input("tab")  # paused: the key does not open the microphone
    app.input("tab up")
    assert listener.presses == [True, False]


def test_in_hands_free_mode_tab_does_nothing(app: Any, make_game: Any) -> None:
    from scenes.ports import ListenEvent, QueueListener

    listener = QueueListener(mode="hands_free")
    game = make_game(settings=Settings(trainee="", input_mode="voice"), listener=listener)
    game.open_scenario(SCENARIOS[0])
    assert "Hold Tab" not in brief_texts(game)
    app.input("enter")
    session = game.session
    assert not session.hold_to_talk
    step_until(app, lambda: session.state == "awaiting")
    hud = session.hud
    assert hud.mic_label.text == "Listening" and "Tab" not in hud.status.text
    type_text(app, "Not my")
    app.input("tab")
    app.step()
    app.input("tab up")
    app.step()
    assert listener.presses == [] and hud.mic_label.text == "Listening"
    assert hud.reply_field.active and hud.reply_field.text == "Not my"
    assert session.state == "awaiting" and not session.turns
    listener.push(ListenEvent("speaking"))
    app.step()
    assert hud.mic_label.text == "Hearing you"


def test_typed_replies_show_no_talk_key(app: Any, make_game: Any) -> None:
    from scenes.ports import QueueListener

    listener = QueueListener(mode="push_to_talk")
    game = make_game(settings=Settings(trainee=""), listener=listener)
    game.open_scenario(SCENARIOS[0])
    assert "Tab" not in brief_texts(game)
    session = play_until_reply(app, game, SCENARIOS[0])
    assert not session.hold_to_talk and not session.hud.mic.enabled
    app.input("tab")
    app.input("tab up")
    assert listener.presses == []


def test_pause_leaves_to_the_menu(app: Any, make_game: Any) -> None:
    game = make_game()
    session = play_until_reply(app, game, SCENARIOS[0])
    app.input("escape")
    assert session.hud.paused
    elapsed = session.elapsed
    for _ in range(5):
        app.step()
    assert session.elapsed == elapsed  # the turn timer waits while paused
    session.hud.leave_button.on_click()
    assert game.screen == "menu" and game.session is None


def test_save_and_leave_then_resume_exactly_where_it_was(app: Any, make_game: Any, home: Path) -> None:
    game = make_game(settings=Settings(trainee=""))
    session = play_until_reply(app, game, SCENARIOS[0])
    type_text(app, "The weather is nice")
    app.input("enter")
    step_until(app, lambda: session.state == "awaiting")
    mood = session.conversation.mood
    app.input("escape")
    session.hud.save_button.on_click()
    assert game.screen == "menu" and (home / "saved-conversation.json").is_file()
    assert game.menu.recommend_button is None  # the resume card takes its place

    game.menu.resume_button.on_click()
    resumed = game.session
    assert game.screen == "play" and resumed is not session
    assert resumed.conversation.state.turn == 1 and resumed.conversation.mood == mood
    assert resumed.hud.subtitle.text.strip() == "Are you even listening to me?"
    assert [who for who, _ in resumed.hud.history] == ["Dana Reyes", "You", "Dana Reyes"]
    step_until(app, lambda: resumed.state == "awaiting")
    type_text(app, SORRY)
    app.input("enter")
    step_until(app, lambda: game.screen == "debrief")
    assert game.last_result.outcome == "resolved" and len(game.last_result.turns) == 2
    assert not (home / "saved-conversation.json").exists()  # finished: nothing left to resume


def test_debrief_highlights_the_triggering_words_and_scrolls(app: Any, make_game: Any) -> None:
    from scenes.ui.debrief import DebriefScreen, highlight_spans, highlighted, tag_colour
    from scenes.ui.widgets import strip_tags

    conversation = Conversation(SCENARIOS[0], ScriptedAnalyzer())
    for reply in ["hello", "hmm", "the weather", "ok then", "really?", "That is our policy, sorry"]:
        while conversation.next_event().__class__.__name__ == "CustomerLine":
            pass
        conversation.answer(reply)
    while conversation.next_event().__class__.__name__ != "Ended":
        pass
    result = conversation.result()
    assert len(result.turns) == 6

    last = result.turns[-1]
    spans = highlight_spans(last.reply, last)
    assert sorted(t for _, _, t in spans) == ["apology", "dismissive"]
    marked = highlighted(last.reply, spans, 80, ursina.color.white)
    assert strip_tags(marked) == last.reply
    colour = tag_colour("dismissive")
    assert f"<rgb({colour[0]:.3f},{colour[1]:.3f},{colour[2]:.3f},1)>policy" in marked

    game = make_game()
    pressed: list[str] = []
    screen = DebriefScreen(
        result,
        "Dana Reyes",
        on_replay=lambda: pressed.append("replay"),
        on_next=None,
        next_label="Next level",
        on_menu=lambda: pressed.append("menu"),
    )
    try:
        app.step()
        first_view = screen.visible_turns
        assert first_view[0] == 0 and len(first_view) < 6
        assert "more" in screen.more_below.text
        app.input("scroll down")
        assert screen.visible_turns[0] == 1
        assert "1 earlier" in screen.more_above.text
        app.input("up arrow")
        assert screen.visible_turns == first_view
        assert screen.banner.text == "Walked out"
        screen.replay_button.on_click()
        app.input("escape")
        assert pressed == ["replay", "menu"]
    finally:
        ursina.destroy(screen)
    del game


def test_settings_screen_changes_are_saved_on_back(app: Any, make_game: Any, home: Path) -> None:
    game = make_game(settings=Settings(trainee="Kim"))
    game.show_menu()
    game.menu.settings_button.on_click()
    assert game.screen == "settings"
    screen = game.settings_screen
    screen.value_buttons["coaching"].on_click()
    screen.value_buttons["input_mode"].on_click()
    screen.value_buttons["volume"].on_click()
    assert screen.value_buttons["coaching"].text == "Off (assessment)"
    # The keyboard works too: down to "Subtitles" (row 4), Enter turns them off.
    app.input("up arrow")  # from "Volume" (the last row changed) up to "Customer's voice"
    app.input("down arrow")
    app.input("down arrow")
    app.input("enter")
    assert screen.value_buttons["subtitles"].text == "Off"
    screen.back_button.on_click()
    assert game.screen == "menu"
    saved = load_settings(home)
    assert saved.coaching is False and saved.input_mode == "voice"
    assert saved.volume == pytest.approx(0.9)
    assert saved.subtitles is False
    assert saved.trainee == "Kim"


def test_settings_screen_shows_how_to_talk_only_for_voice_replies(
    app: Any, make_game: Any, home: Path
) -> None:
    from scenes.ports import QueueListener

    listener = QueueListener(mode="push_to_talk")
    game = make_game(settings=Settings(trainee="Kim"), listener=listener)
    game.show_settings()
    screen = game.settings_screen
    assert "listen_mode" not in screen.value_buttons  # typed replies: nothing to hold
    screen.value_buttons["input_mode"].on_click()
    talk = screen.value_buttons["listen_mode"]
    assert talk.text == "Hold Tab to talk" and "Tab" in screen.note_labels["listen_mode"].text
    # The keyboard reaches the new row: it sits right under "Reply by".
    app.input("down arrow")
    app.input("enter")
    assert screen.value_buttons["listen_mode"].text == "Hands-free"
    assert screen.value_buttons["speech_engine"].text.startswith("Auto: ")  # what listens, by name
    app.input("down arrow")  # "Recogniser"
    app.input("down arrow")
    app.input("enter")
    assert screen.value_buttons["voice"].text == "Off"  # then "Customer's voice"
    screen.back_button.on_click()
    saved = load_settings(home)
    assert saved.input_mode == "voice" and saved.listen_mode == "hands_free" and saved.voice is False
    assert listener.mode == "hands_free"  # the listener is told, no new session needed
    game.show_settings()
    game.settings_screen.value_buttons["input_mode"].on_click()  # back to typing: the row goes
    assert "listen_mode" not in game.settings_screen.value_buttons
    assert "speech_engine" not in game.settings_screen.value_buttons


def test_assessment_mode_shows_no_coaching_and_no_suggestions(app: Any, make_game: Any) -> None:
    game = make_game(settings=Settings(trainee="", coaching=False))
    session = play_until_reply(app, game, SCENARIOS[0])
    assert not session.hud.coach_card.enabled
    assert session.hud.suggestion_buttons == []
    press_number(app, 1)
    assert session.turns == []
    for _ in range(3):
        app.step()
    session.hud.reply_field.text = ""
    type_text(app, "hmm, sorry")
    app.input("enter")
    assert session.turns[-1].tags == ("apology",)
    assert session.hud.tags_label.text == ""  # no feedback during an assessment
    step_until(app, lambda: session.state == "awaiting")
    assert not session.hud.coach_card.enabled


def test_hud_renders_the_mood_meter_in_anger_and_trust_colours(app: Any, make_game: Any) -> None:
    from panda3d.core import PNMImage

    from scenes.engine import window_size
    from scenes.ui import theme

    game = make_game()
    session = play_until_reply(app, game, SCENARIOS[0])
    app.step()
    image = PNMImage()
    assert app.win.getScreenshot(image)
    width, height = window_size(app)
    half = width / height / 2

    def pixel(x: float, y: float) -> tuple[float, float, float]:
        px = int((x + half) / (2 * half) * width)
        py = int((0.5 - y) * height)
        return image.getRed(px, py), image.getGreen(px, py), image.getBlue(px, py)

    bar_x = half - 0.43 + 0.02 + 0.01
    anger = pixel(bar_x, 0.47 - 0.065 - 0.032 - 0.008)
    trust = pixel(bar_x, 0.47 - 0.125 - 0.032 - 0.008)
    assert anger[0] > 0.8 and anger[2] < 0.45, anger  # red/orange
    assert trust[1] > 0.6 and trust[0] < 0.4, trust  # teal
    expected = theme.anger_colour(session.hud.anger.shown)
    assert abs(anger[0] - expected[0]) < 0.12 and abs(anger[1] - expected[1]) < 0.12


CAMPAIGN = """\
campaign_format: 1
title: Test campaign
levels:
  - level: 1
    title: First steps
    scenarios: {all_of_level: 1}
    pass: {empathy: 0, composure: 0, outcome: resolved, scenarios: 1}
  - level: 2
    title: Second steps
    scenarios: [double]
    pass: {empathy: 0, composure: 0, outcome: resolved, scenarios: 1}
    unlock: {after_levels: [1]}
"""


def test_the_campaign_decides_locks_and_level_titles(app: Any, make_game: Any, home: Path) -> None:
    from scenes.app import Progression, load_campaign

    path = home / "campaign.yaml"
    path.write_text(CAMPAIGN, encoding="utf-8")
    campaign = load_campaign(SCENARIOS, path)
    assert campaign is not None
    progression = Progression(campaign, {s.id: s.level for s in SCENARIOS})
    game = make_game(settings=Settings(trainee=""), progression=progression)
    game.show_menu()
    menu = game.menu
    assert menu.levels[1].title == "First steps" and menu.levels[1].unlocked
    assert not menu.levels[2].unlocked
    assert menu.levels[2].hint == "Locked: pass level 1 first."
    assert not menu.levels[4].unlocked  # not in the campaign at all

    session = play_until_reply(app, game, SCENARIOS[0])
    type_text(app, SORRY)
    app.input("enter")
    step_until(app, lambda: game.screen == "debrief")
    assert game.debrief.next_button.text_entity.text == "Next level"
    game.debrief.next_button.on_click()  # straight to the level-2 scenario's brief
    assert game.screen == "brief" and game.scenario.id == "double"
    game.show_menu()
    assert game.menu.levels[2].unlocked and game.menu.levels[2].title == "Second steps"
    assert game.menu.levels[1].passed == frozenset({"parcel"})
    del session


ASSESSED_CAMPAIGN = (
    CAMPAIGN
    + """\
assessment:
  title: Test assessment
  scenarios: [hours, parcel]
  pass: {empathy: 0, composure: 0, outcome: resolved, scenarios: all}
  coaching: false
  unlock: {after_levels: [1]}
  certificate:
    title: Test certificate
"""
)


def test_the_assessment_opens_after_level_1_and_is_played_without_coaching(
    app: Any, make_game: Any, home: Path
) -> None:
    from scenes.app import Progression, load_campaign
    from scenes.ui.menu import ASSESSMENT

    path = home / "campaign.yaml"
    path.write_text(ASSESSED_CAMPAIGN, encoding="utf-8")
    campaign = load_campaign(SCENARIOS, path)
    assert campaign is not None and campaign.assessment is not None
    game = make_game(
        settings=Settings(trainee=""), progression=Progression(campaign, {s.id: s.level for s in SCENARIOS})
    )
    game.show_menu()
    game.menu.assessment_button.on_click()
    assert game.menu.selected == ASSESSMENT and game.menu.level_title.text == "Test assessment"
    assert game.menu.level_hint.text == "Locked: pass level 1 first."
    game.menu.play_buttons[0].on_click()
    assert game.screen == "menu"

    session = play_until_reply(app, game, SCENARIOS[0])  # practise level 1 (with coaching)
    assert session.hud.suggestion_buttons
    type_text(app, SORRY)
    app.input("enter")
    step_until(app, lambda: game.screen == "debrief")
    game.debrief.menu_button.on_click()
    game.menu.assessment_button.on_click()
    assert game.menu.levels[ASSESSMENT].unlocked
    assert [b.scenario.id for b in game.menu.play_buttons] == ["hours", "parcel"]
    game.menu.play_buttons[0].on_click()
    assert game.screen == "brief" and game.assessing
    app.input("enter")
    session = game.session
    step_until(app, lambda: session.state == "awaiting")
    assert session.suggestions == [] and not session.hud.coach_card.enabled
    type_text(app, SORRY)
    app.input("enter")
    step_until(app, lambda: game.screen == "debrief")
    assert game.progression.unrecorded[-1].mode == "assessment"
    shown = " ".join(t.text for t in game.debrief.children if isinstance(getattr(t, "text", None), str))
    assert "Assessment: 1 of 2 passed." in shown
    assert game.debrief.next_button.text_entity.text == "Next assessment"
    game.debrief.next_button.on_click()
    assert game.scenario.id == "parcel" and game.assessing
    game.show_menu()
    assert game.menu.selected == ASSESSMENT
    assert game.menu.levels[ASSESSMENT].passed == frozenset({"hours"})


def test_a_conversation_that_ends_at_once_still_reaches_a_debrief(app: Any, make_game: Any) -> None:
    long_line = " ".join(["This took far too long and I want it sorted out today."] * 6)
    short = Scenario(
        id="short",
        title="Just passing by",
        level=1,
        setting="hotel_front_desk",
        channel="phone",
        brief="A caller says one thing and hangs up.",
        customer=Customer("Ola Berg", Mood(40, 40)),
        start="only",
        nodes={"only": Node("only", say=(Line("only.1", long_line),), emotion="frustrated", end="hung_up")},
    )
    game = make_game(settings=Settings(trainee=""))
    game.open_scenario(short)
    game.begin()
    session = game.session
    step_until(app, lambda: session.state == "ending")
    assert session.hud.subtitle_bg.scale_y > 0.2  # six lines of subtitle, all inside the card
    step_until(app, lambda: game.screen == "debrief")
    assert game.last_result.outcome == "hung_up" and game.last_result.turns == ()
    assert game.debrief.banner.text == "Hung up"
    assert game.debrief.cards == []


def test_settings_screen_names_the_recogniser_and_a_new_one_gets_new_speech_ports(
    app: Any, make_game: Any, home: Path
) -> None:
    from scenes.ports import NullListener, NullVoice
    from scenes.ui.settings_screen import describe_engine

    built: list[str] = []

    def ports(settings: Settings) -> tuple[Any, Any]:
        built.append(settings.speech_engine)
        return NullVoice(), NullListener()

    game = make_game(settings=Settings(trainee="Kim", input_mode="voice"))
    game.ports = ports
    game.show_settings()
    engine = game.settings_screen.value_buttons["speech_engine"]
    assert engine.text == describe_engine("auto")
    engine.on_click()  # auto -> vosk: no Vosk model here, so it says what will run instead
    assert engine.text == "Vosk (missing)"
    game.settings_screen.back_button.on_click()
    assert load_settings(home).speech_engine == "vosk"
    assert built == ["vosk"]  # the recogniser is opened anew, not at the next start
