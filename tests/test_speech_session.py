"""``SpeechSession`` end to end with real parts: the real voice renders the customer's line and the
trainee's reply, a scripted "microphone" plays the reply into the real endpointer and the real
recogniser; a fake clock drives the customer's side. Hands-free, interruptions, push-to-talk,
silence timeout, and a missing microphone."""

from __future__ import annotations

import queue
import time
from pathlib import Path

import pytest

from game.adapters.asr_pocketsphinx import PocketsphinxRecognizer
from game.adapters.audio_scripted import ScriptedListener
from game.clock import FakeClock
from game.model import Customer, Mood, VoiceHints
from game.speech.session import (
    HeardFinal,
    LineFinished,
    LineStarted,
    MicLevel,
    Mode,
    Notice,
    SpeechDetected,
    SpeechEvent,
    SpeechSession,
)
from game.speech.types import AudioFrame, SpeechUnavailable, Voice, VoiceSettings
from game.speech.wav import read_wav, resample, to_pcm16

CUSTOMER = Customer("Dana Reyes", Mood(60, 30), voice=VoiceHints(gender="female"))
LINE = "The party is tomorrow and this arrived smashed!"
HINTS = [
    "Oh no, I'm so sorry, with the party tomorrow that must be really upsetting",
    "That's awful, I can see why you're upset",
    "I'll refund you in full right now",
    "Let me give you your money back today",
]


@pytest.fixture(scope="module")
def recognizer(tmp_path_factory: pytest.TempPathFactory) -> PocketsphinxRecognizer:
    return PocketsphinxRecognizer(lm_dir=tmp_path_factory.mktemp("lm"))


@pytest.fixture(scope="module")
def reply_pcm(voice: Voice, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("reply") / "reply.wav"
    voice.synthesize("Let me give you your money back today", VoiceSettings("gmw/en+m3", 165, 45, 0.8), out)
    samples, rate = read_wav(out)
    return to_pcm16(resample(samples, rate, 16000))


def matched(text: str) -> str | None:
    from game.understanding.base import BranchOption
    from game.understanding.default import default_analyzer

    options = [BranchOption("acknowledge", tuple(HINTS[:2])), BranchOption("refund_now", tuple(HINTS[2:]))]
    return default_analyzer().match(text, options, LINE).branch


def make_session(voice: Voice, recognizer: PocketsphinxRecognizer, tmp_path: Path, mode: Mode,
                 clock: FakeClock) -> tuple[SpeechSession, ScriptedListener]:
    listener = ScriptedListener(t0=clock.now())
    session = SpeechSession(voice, listener, recognizer=recognizer, clock=clock, mode=mode,
                            cache_dir=tmp_path, silence_timeout_s=8.0)
    session.start(wait=True)
    assert session.voice_input
    return session, listener


def wait_for_final(session: SpeechSession, seen: list[SpeechEvent], timeout: float = 30.0) -> HeardFinal:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for event in session.poll():
            seen.append(event)
            if isinstance(event, HeardFinal):
                return event
        time.sleep(0.01)
    raise AssertionError(f"no HeardFinal; events: {[type(e).__name__ for e in seen]}")


def test_hands_free_reply_after_the_line_is_heard_with_its_latency(
    voice: Voice, recognizer: PocketsphinxRecognizer, reply_pcm: bytes, tmp_path: Path
) -> None:
    clock = FakeClock(100.0)
    session, mic = make_session(voice, recognizer, tmp_path, "hands_free", clock)
    try:
        handle = session.speak("opening.1", LINE, "angry", CUSTOMER)
        assert handle.path is not None and handle.path.is_file() and handle.duration > 1.0
        session.listen(HINTS)
        seen: list[SpeechEvent] = []
        mic.feed_silence(handle.duration)
        clock.advance(handle.duration)
        seen += session.poll()
        assert [type(e) for e in seen if not isinstance(e, MicLevel)] == [LineStarted, LineFinished]
        assert session.state == "listening"
        mic.feed_silence(0.8)
        mic.feed(reply_pcm)
        mic.feed_silence(0.6)
        final = wait_for_final(session, seen)
        assert matched(final.text) == "refund_now", final.text
        assert final.delivery.mode == "voice" and not final.delivery.interrupted
        assert final.delivery.latency_s is not None and 0.7 <= final.delivery.latency_s <= 1.2
        assert final.delivery.words_per_minute is not None and 100 < final.delivery.words_per_minute < 260
        assert any(isinstance(e, SpeechDetected) and not e.interrupting for e in seen)
        assert any(isinstance(e, MicLevel) for e in seen)
        assert session.state == "idle"
    finally:
        session.close()


def test_speaking_over_the_customer_is_an_interruption(
    voice: Voice, recognizer: PocketsphinxRecognizer, reply_pcm: bytes, tmp_path: Path
) -> None:
    clock = FakeClock(0.0)
    session, mic = make_session(voice, recognizer, tmp_path, "hands_free", clock)
    try:
        session.speak("opening.1", LINE, "angry", CUSTOMER)
        session.listen(HINTS)
        mic.feed_silence(0.5)  # the line is still playing: the clock does not move
        mic.feed(reply_pcm)
        mic.feed_silence(0.6)
        seen: list[SpeechEvent] = []
        final = wait_for_final(session, seen)
        assert final.delivery.interrupted and final.delivery.latency_s is None
        assert any("still talking" in e for e in final.delivery.evidence)
        assert any(isinstance(e, SpeechDetected) and e.interrupting for e in seen)
    finally:
        session.close()


def test_push_to_talk_opens_and_closes_the_reply(
    voice: Voice, recognizer: PocketsphinxRecognizer, reply_pcm: bytes, tmp_path: Path
) -> None:
    clock = FakeClock(0.0)
    session, mic = make_session(voice, recognizer, tmp_path, "push_to_talk", clock)
    try:
        handle = session.speak("opening.1", LINE, "angry", CUSTOMER)
        session.listen(HINTS)
        mic.feed_silence(handle.duration)
        clock.advance(handle.duration)
        session.poll()
        mic.feed_silence(1.0)  # no key held: nothing is heard
        time.sleep(0.2)
        assert not [e for e in session.poll() if isinstance(e, SpeechDetected | HeardFinal)]
        session.push_to_talk(True)
        time.sleep(0.1)
        mic.feed(reply_pcm)
        time.sleep(0.3)
        session.push_to_talk(False)
        mic.feed_silence(0.3)
        final = wait_for_final(session, [])
        assert matched(final.text) == "refund_now", final.text
        assert not final.delivery.interrupted
        assert final.delivery.latency_s is not None and 0.9 <= final.delivery.latency_s <= 1.6
    finally:
        session.close()


def test_silence_times_out_as_an_empty_reply(
    voice: Voice, recognizer: PocketsphinxRecognizer, tmp_path: Path
) -> None:
    clock = FakeClock(0.0)
    session, _mic = make_session(voice, recognizer, tmp_path, "hands_free", clock)
    try:
        handle = session.speak("opening.1", LINE, "angry", CUSTOMER)
        session.listen(HINTS)
        clock.advance(handle.duration)
        session.poll()
        clock.advance(7.9)
        assert not [e for e in session.poll() if isinstance(e, HeardFinal)]
        clock.advance(0.2)
        finals = [e for e in session.poll() if isinstance(e, HeardFinal)]
        assert len(finals) == 1 and finals[0].text == ""
        assert finals[0].delivery.evidence == ("no reply for 8 s",)
    finally:
        session.close()


class NoMicrophone:
    sample_rate = 16000
    description = "none"

    def start(self, frames: queue.Queue[AudioFrame]) -> None:
        raise SpeechUnavailable("No microphone found: type your replies instead")

    def stop(self) -> None:
        return None


def test_a_missing_microphone_falls_back_to_typing_with_one_notice(
    voice: Voice, recognizer: PocketsphinxRecognizer, tmp_path: Path
) -> None:
    session = SpeechSession(voice, NoMicrophone(), recognizer=recognizer, clock=FakeClock(),
                            cache_dir=tmp_path)
    session.start(wait=True)
    notices = [e for e in session.poll() if isinstance(e, Notice)]
    assert not session.voice_input
    assert [n.message for n in notices] == ["No microphone found: type your replies instead"]
    session.close()


def test_the_real_microphone_adapter_either_opens_or_says_why() -> None:
    from game.adapters.audio_mic import MicrophoneListener

    mic = MicrophoneListener()
    try:
        mic.start(queue.Queue())
    except SpeechUnavailable as error:
        assert "No microphone found" in str(error)
    finally:
        mic.stop()


def test_a_raised_voice_is_heard_against_the_trainees_own_baseline(
    voice: Voice, recognizer: PocketsphinxRecognizer, reply_pcm: bytes, tmp_path: Path
) -> None:
    import numpy as np

    quiet = (np.frombuffer(reply_pcm, dtype="<i2") * 10 ** (-12 / 20)).astype("<i2").tobytes()
    clock = FakeClock(0.0)
    session, mic = make_session(voice, recognizer, tmp_path, "hands_free", clock)
    try:
        deliveries = []
        for pcm in (quiet, quiet, reply_pcm):  # calm, calm, then 12 dB louder
            handle = session.speak("opening.1", LINE, "angry", CUSTOMER)
            session.listen(HINTS)
            mic.feed_silence(handle.duration)
            clock.advance(handle.duration + 0.01)
            session.poll()
            mic.feed_silence(0.5)
            mic.feed(pcm)
            mic.feed_silence(0.8)
            deliveries.append(wait_for_final(session, []).delivery)
            clock.advance(mic.t - clock.now())  # keep the customer's clock with the microphone's
        first, second, loud = deliveries
        assert first.loudness_rise_db is None  # no baseline yet: no judgement
        assert second.loudness_rise_db is not None and abs(second.loudness_rise_db) < 1.5
        assert loud.loudness_rise_db is not None and 10 <= loud.loudness_rise_db <= 14
        assert any("louder than your earlier replies" in e for e in loud.evidence)
    finally:
        session.close()


def test_a_recogniser_that_cannot_start_means_typing_with_one_notice(voice: Voice, tmp_path: Path) -> None:
    def broken() -> PocketsphinxRecognizer:
        raise SpeechUnavailable("pocketsphinx is not installed")

    session = SpeechSession(voice, NoMicrophone(), recognizer=broken, clock=FakeClock(), cache_dir=tmp_path)
    session.start(wait=True)
    notices = [e.message for e in session.poll() if isinstance(e, Notice)]
    assert not session.voice_input
    assert len(notices) == 1 and "pocketsphinx is not installed" in notices[0] and "type" in notices[0]
    session.close()
