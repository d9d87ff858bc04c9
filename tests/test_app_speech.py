"""The game with real speech plugged into its ports: the real voice renders the customer's line
(played through Ursina's ``Audio``), a scripted "microphone" plays a synthesised reply into the
real endpointer and recogniser, and the game answers the conversation with the spoken words and
their measured delivery. A fake clock, advanced with each frame, keeps the customer's side exact.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from game.clock import FakeClock
from game.model import (
    Customer,
    Effects,
    Example,
    Goto,
    Line,
    Mood,
    MoodDelta,
    Node,
    Otherwise,
    Reply,
    Scenario,
    VoiceHints,
)
from game.settings import Settings

pytest.importorskip("ursina")
pytest.importorskip("pocketsphinx")

FRAME_DT = 1 / 8
LINE = "The party is tomorrow and this arrived smashed!"
REFUND = "Let me give you your money back today"


def scenario() -> Scenario:
    nodes = {
        "opening": Node(
            "opening",
            say=(Line("opening.1", LINE),),
            emotion="angry",
            replies=(
                Reply(
                    "acknowledge",
                    (
                        Example("Oh no, I'm so sorry, with the party tomorrow that must be really upsetting"),
                        Example("That's awful, I can see why you're upset"),
                    ),
                    tags=("apology",),
                    effects=Effects(MoodDelta(-20, 15), next=(Goto("done"),)),
                ),
                Reply(
                    "refund_now",
                    (Example("I'll refund you in full right now"), Example(REFUND)),
                    tags=("next_step",),
                    effects=Effects(MoodDelta(-10, 10), next=(Goto("done"),)),
                ),
            ),
            otherwise=Otherwise(say=(Line("opening.again", "Are you listening?"),)),
        ),
        "done": Node("done", say=(Line("done.1", "Thank you."),), emotion="relieved", end="resolved"),
    }
    return Scenario(
        id="spoken",
        title="The broken gift",
        level=3,
        setting="retail_counter",
        channel="in_person",
        brief="Dana's gift arrived smashed.",
        customer=Customer("Dana Reyes", Mood(60, 30), voice=VoiceHints(gender="female")),
        start="opening",
        nodes=nodes,
    )


@pytest.fixture(scope="module")
def app(ursina_app: Any) -> Iterator[Any]:
    """The session's offscreen app (tests/ursina_fixture.py) with this module's longer frames."""
    from scenes.engine import use_fixed_time

    use_fixed_time(FRAME_DT)
    yield ursina_app
    use_fixed_time()


@pytest.fixture(scope="module")
def tts(voice: Any) -> Any:
    """The real voice (tests/speech_fixture.py), under the name this module's tests use."""
    return voice


@dataclass
class VoiceRig:
    """A game wired to a real speech session: real voice, real recogniser, a scripted microphone."""

    game: Any
    session: Any
    voice: Any
    clock: FakeClock
    mic: Any
    reply_pcm: Any


def voice_rig(tts: Any, tmp_path: Path, settings: Settings, mode: str, play_audio: bool = True) -> VoiceRig:
    """The spoken REFUND reply (synthesised in one of the real voices) and a game with ``settings``
    listening through a SpeechSession in ``mode`` on a fake clock."""
    from game.adapters.asr_pocketsphinx import PocketsphinxRecognizer
    from game.adapters.audio_scripted import ScriptedListener
    from game.speech.session import SpeechSession
    from game.speech.types import VoiceSettings
    from game.speech.wav import read_wav, resample, to_pcm16
    from game.understanding.default import default_analyzer
    from scenes.app import GameApp, Progression
    from scenes.ports import SessionListener, SessionVoice

    reply_wav = tmp_path / "reply.wav"
    tts.synthesize(REFUND, VoiceSettings("gmw/en+m3", 165, 45, 0.8), reply_wav)
    samples, rate = read_wav(reply_wav)
    reply_pcm = to_pcm16(resample(samples, rate, 16000))

    clock = FakeClock(100.0)
    mic = ScriptedListener(t0=clock.now())
    session = SpeechSession(
        tts,
        mic,
        recognizer=PocketsphinxRecognizer(lm_dir=tmp_path / "lm"),
        clock=clock,
        mode=mode,
        cache_dir=tmp_path / "voice",
        silence_timeout_s=30.0,
    )
    session.start(wait=True)
    assert session.voice_input
    voice = SessionVoice(session, volume=1.0, play_audio=play_audio)
    game = GameApp(
        [scenario()],
        settings,
        default_analyzer(),
        voice=voice,
        listener=SessionListener(session),
        progression=Progression(),
        save=False,
        record=False,
    )
    return VoiceRig(game, session, voice, clock, mic, reply_pcm)


def first_turn(play: Any, frame: Callable[[], None]) -> Any:
    """Frames until the spoken reply has answered the conversation (40 s at most): its turn."""
    deadline = time.monotonic() + 40
    while not play.turns and time.monotonic() < deadline:
        frame()
        time.sleep(0.02)
    assert play.turns, "the spoken reply never reached the conversation"
    return play.turns[0]


def test_a_spoken_reply_is_heard_matched_and_answered_with_its_delivery(
    app: Any, tts: Any, tmp_path: Path
) -> None:
    rig = voice_rig(tts, tmp_path, Settings(trainee="", input_mode="voice", volume=0.3), "hands_free")
    game, session, voice, clock, mic, reply_pcm = (rig.game, rig.session, rig.voice, rig.clock, rig.mic,
                                                   rig.reply_pcm)

    def frame() -> None:
        app.step()
        clock.advance(FRAME_DT)

    try:
        game.open_scenario(scenario())
        game.begin()
        play = game.session
        frame()
        spoken = voice.current
        assert spoken is not None and spoken.handle.path is not None and spoken.handle.path.is_file()
        assert spoken.audio is not None and spoken.audio.volume == pytest.approx(0.3)
        assert play.state == "speaking" and play.hud.mic_label.text == "Listening"
        for _ in range(200):
            if play.state == "awaiting":
                break
            frame()
        assert play.state == "awaiting" and spoken.done
        assert play.hud.subtitle.text.replace("\n", " ").strip() == LINE

        # Hands-free: Tab means nothing (the session's talk switch stays off, typing keeps its focus).
        app.input("tab")
        frame()
        assert not play.talking and not session._ptt and play.hud.reply_field.active
        app.input("tab up")
        assert play.hud.mic_label.text == "Listening"

        # The trainee answers aloud 0.8 s after the line ended.
        mic.feed_silence(clock.now() - mic.t + 0.8)
        mic.feed(reply_pcm)
        mic.feed_silence(0.8)
        turn = first_turn(play, frame)
        assert turn.branch == "refund_now", turn.reply
        assert turn.delivery.mode == "voice" and not turn.delivery.interrupted
        assert turn.delivery.words_per_minute is not None
    finally:
        game._clear()
        session.close()


def test_hold_tab_to_talk_a_spoken_reply_is_heard_when_the_key_is_released(
    app: Any, tts: Any, tmp_path: Path
) -> None:
    """The default: push-to-talk. Speech with no key held is not a reply; holding Tab opens it,
    releasing Tab ends it at once, and the words answer the conversation."""
    settings = Settings(trainee="", input_mode="voice", volume=0.3)
    assert settings.listen_mode == "push_to_talk"
    rig = voice_rig(tts, tmp_path, settings, settings.listen_mode, play_audio=False)
    game, session, clock, mic, reply_pcm = rig.game, rig.session, rig.clock, rig.mic, rig.reply_pcm

    def frame() -> None:
        app.step()
        clock.advance(FRAME_DT)

    def drained() -> None:
        """Wait until the session's audio worker has taken every frame fed so far."""
        deadline = time.monotonic() + 20
        while not session._frames.empty() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.15)  # the last frame taken is being processed

    try:
        game.open_scenario(scenario())
        game.begin()
        play = game.session
        assert play.hold_to_talk
        for _ in range(200):
            if play.state == "awaiting":
                break
            frame()
        assert play.state == "awaiting"
        assert play.hud.mic_label.text == "Hold Tab to talk"

        # Speaking without the key is not a reply (e.g. the customer's voice from loudspeakers).
        mic.feed_silence(clock.now() - mic.t + 0.5)
        mic.feed(reply_pcm)
        mic.feed_silence(1.0)
        drained()
        for _ in range(4):
            frame()
        assert not play.turns and play.state == "awaiting"

        app.input("tab")
        assert play.talking and play.hud.mic_label.text == "Listening…"
        mic.feed_silence(0.2)
        mic.feed(reply_pcm)
        drained()
        frame()
        assert not play.turns, "the reply ended while the key was still held"
        app.input("tab up")
        assert not play.talking and play.hud.mic_label.text == "Hold Tab to talk"
        mic.feed_silence(0.1)  # the next microphone frame closes the reply
        turn = first_turn(play, frame)
        assert turn.branch == "refund_now", turn.reply
        assert turn.delivery.mode == "voice" and not turn.delivery.interrupted
    finally:
        game._clear()
        session.close()


def test_the_game_builds_its_speech_session_with_the_chosen_listen_mode() -> None:
    from game.commands.start import speech_ports
    from scenes.ports import NullListener

    for mode in ("push_to_talk", "hands_free"):
        voice, listener = speech_ports(Settings(input_mode="voice", listen_mode=mode))
        try:
            if isinstance(listener, NullListener):
                pytest.skip("speech libraries are not installed")
            assert listener.mode == mode and listener.session.mode == mode
            assert voice.session is listener.session
        finally:
            close = getattr(listener, "close", None)
            if close is not None:
                close()
