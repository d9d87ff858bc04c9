"""The customer's voice with the real engine (pyttsx3 + espeak-ng): prosody is audible in the files,
every line of a scenario is rendered once and cached, and no voice means subtitles with one notice."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from game.adapters.tts_null import NullVoice
from game.cli import main
from game.clock import FakeClock
from game.model import Customer, Example, Line, Mood, Node, Otherwise, Reply, Scenario, VoiceHints
from game.speech.bank import LineBank, scenario_lines
from game.speech.session import Notice, SpeechSession
from game.speech.types import Voice, VoiceInfo, VoiceSettings
from game.speech.wav import read_wav, rms_dbfs


def scenario() -> Scenario:
    customer = Customer("Dana Reyes", Mood(60, 30), voice=VoiceHints(gender="female", rate=1.0))
    opening = Node(
        "opening",
        say=(Line("opening.1", "The party is tomorrow and this arrived smashed!", "angry"),
             Line("opening.2", "I don't know what to do.", "anxious")),
        emotion="angry",
        replies=(Reply("sorry", (Example("I'm so sorry"), Example("That's awful"))),),
        otherwise=Otherwise(say=(Line("opening.otherwise.1", "Are you even listening to me?"),)),
    )
    done = Node("done", say=(Line("done.1", "Thank you.", "relieved"),), emotion="relieved", end="resolved")
    return Scenario("gift", "Gift", 1, "retail_counter", "in_person", "brief", customer, "opening",
                    {"opening": opening, "done": done})


class CountingVoice:
    """Wraps a real voice and counts synthesis calls."""

    def __init__(self, inner: Voice) -> None:
        self.inner = inner
        self.engine = inner.engine
        self.available = inner.available
        self.supports_variants = inner.supports_variants
        self.calls = 0

    def voices(self) -> Sequence[VoiceInfo]:
        return self.inner.voices()

    def synthesize(self, text: str, settings: VoiceSettings, out: Path) -> None:
        self.calls += 1
        self.inner.synthesize(text, settings, out)

    def close(self) -> None:
        return None


def test_prosody_is_audible_angry_is_faster_and_louder_than_sad(voice: Voice, tmp_path: Path) -> None:
    bank = LineBank(voice, tmp_path)
    customer = scenario().customer
    text = "I have been waiting for an hour and nobody has called me back."
    angry, _ = read_wav(bank.render(text, bank.settings_for(customer, "angry")))
    sad, rate = read_wav(bank.render(text, bank.settings_for(customer, "sad")))
    assert rate == 22050 or rate > 8000
    assert len(angry) < 0.85 * len(sad)  # faster
    assert rms_dbfs(angry) > rms_dbfs(sad) + 2  # louder
    assert bank.settings_for(customer, "angry").voice_id == bank.settings_for(customer, "sad").voice_id


def test_prepare_renders_every_line_once_and_the_second_prepare_synthesizes_nothing(
    voice: Voice, tmp_path: Path
) -> None:
    story = scenario()
    ids = [line.id for line in scenario_lines(story)]
    assert ids == ["opening.1", "opening.2", "opening.otherwise.1", "done.1"]
    first = CountingVoice(voice)
    ready: list[str] = []
    LineBank(first, tmp_path).prepare(story, lambda line_id, _path: ready.append(line_id)).join(30)
    assert first.calls == 4 and ready == ids
    files = sorted(tmp_path.glob("*.wav"))
    assert len(files) == 4 and all(read_wav(f)[0].size > 1000 for f in files)
    assert not list(tmp_path.glob(".*"))  # no temporary files left
    second = CountingVoice(voice)
    bank = LineBank(second, tmp_path)
    bank.prepare(story).join(30)
    assert second.calls == 0
    assert bank.line_path("opening.1") in files


def test_no_voice_means_subtitles_with_one_clear_notice(tmp_path: Path) -> None:
    clock = FakeClock()
    session = SpeechSession(NullVoice("pyttsx3 is not installed"), None, clock=clock, cache_dir=tmp_path)
    story = scenario()
    session.prepare(story).join(5)
    line = "The party is tomorrow and this arrived smashed!"
    handle = session.speak("opening.1", line, "angry", story.customer)
    assert handle.path is None and handle.loudness() == 0.0
    assert handle.duration >= 1.5
    events = session.poll()
    notices = [e for e in events if isinstance(e, Notice)]
    assert len(notices) == 1 and "Subtitles only" in notices[0].message and "pyttsx3" in notices[0].message
    session.speak("opening.2", "I don't know what to do.", "anxious", story.customer)
    assert not [e for e in session.poll() if isinstance(e, Notice)]  # said once, not every line


def test_say_command_writes_a_wav(tmp_path: Path, capsys: pytest.CaptureFixture[str], voice: Voice) -> None:
    out = tmp_path / "line.wav"
    assert main(["say", "Where is my refund?", "--emotion", "angry", "--gender", "male", "-o", str(out)]) == 0
    samples, _rate = read_wav(out)
    assert samples.size > 5000
    printed = capsys.readouterr().out
    assert "Audio saved" not in printed and "wpm" in printed
    assert main(["say", "  ", "-o", str(out)]) == 1
    assert main(["say", "hi", "-o", str(tmp_path / "missing" / "x.wav")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_a_line_id_reused_by_another_scenario_plays_its_own_words(voice: Voice, tmp_path: Path) -> None:
    session = SpeechSession(voice, None, clock=FakeClock(), cache_dir=tmp_path)
    story = scenario()
    session.prepare(story).join(30)
    first = session.speak("opening.1", "The party is tomorrow and this arrived smashed!", "angry",
                          story.customer)
    other = session.speak("opening.1", "My flight was cancelled.", "angry", story.customer)
    assert first.path is not None and other.path is not None and first.path != other.path
    assert other.duration < first.duration
    session.close()


def test_without_pyttsx3_the_voice_is_null_and_the_help_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from game.adapters import tts_pyttsx3
    from game.speech import engines

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "pyttsx3" else real(name, *a))
    fallback = tts_pyttsx3.open_voice()
    assert isinstance(fallback, NullVoice) and not fallback.available
    assert "pyttsx3 is not installed" in fallback.notice
    assert "voice = none (subtitles only" in engines.describe_speech_engines()
