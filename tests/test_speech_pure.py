"""Pure speech logic: VAD on synthetic audio, turn-taking with a fake clock, delivery measures,
prosody and voice choice, cache keys, LM text, WAV helpers and the loudness envelope."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from game.clock import FakeClock
from game.model import VoiceHints
from game.speech.lm import jsgf_grammar, lm_corpus, lm_words, number_words, phrase_list
from game.speech.measures import LoudnessBaseline, measure_delivery, words_per_minute
from game.speech.playback import LinePlayer
from game.speech.prosody import cache_key, choose_voice, settings_for
from game.speech.turns import TurnController
from game.speech.types import VoiceInfo, Word
from game.speech.vad import Endpointer, SpeechEnded, SpeechStarted, VadConfig
from game.speech.wav import WavError, add_noise_floor, frame_rms, read_wav, resample, rms_dbfs, write_wav

RATE = 16000


def tone(seconds: float, dbfs: float, freq: float = 220.0) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    amplitude = 32768 * 10 ** (dbfs / 20) * np.sqrt(2)
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.int16)


def silence(seconds: float) -> np.ndarray:
    return add_noise_floor(np.zeros(round(seconds * RATE), dtype=np.int16), -61.0, seed=round(seconds * 1000))


def run_vad(samples: np.ndarray, config: VadConfig | None = None) -> list[object]:
    vad = Endpointer(config)
    size = round(RATE * vad.config.frame_s)
    events: list[object] = []
    for i in range(0, len(samples) - size + 1, size):
        events += vad.push(i / RATE, rms_dbfs(samples[i : i + size]))
    return events


# -- VAD ---------------------------------------------------------------------------------------------
def test_vad_finds_start_and_end_of_speech_with_hangover() -> None:
    audio = np.concatenate([silence(1.0), tone(1.5, -20), silence(1.0)])
    events = run_vad(audio, VadConfig(hangover_s=0.2))
    assert [type(e) for e in events] == [SpeechStarted, SpeechEnded]
    start, end = events
    assert isinstance(start, SpeechStarted) and isinstance(end, SpeechEnded)
    assert start.t == pytest.approx(1.0, abs=0.035)
    assert end.t == pytest.approx(2.5, abs=0.035)
    assert end.detected_at - end.t == pytest.approx(0.2, abs=0.035)  # the hangover


def test_vad_bridges_short_pauses_but_not_long_ones() -> None:
    words = np.concatenate([silence(0.5), tone(0.4, -20), silence(0.45), tone(0.4, -20), silence(0.8),
                            tone(0.4, -20), silence(0.7)])
    events = run_vad(words)  # default hangover: a sentence pause (0.45 s) does not end the turn
    names = [type(e).__name__ for e in events]
    assert names == ["SpeechStarted", "SpeechEnded", "SpeechStarted", "SpeechEnded"]


def test_vad_ignores_clicks_and_follows_a_noisy_room() -> None:
    click = np.concatenate([silence(0.5), tone(0.03, -10), silence(0.5)])
    assert run_vad(click) == []
    rng = np.random.default_rng(1)
    hum = (rng.normal(0, 32768 * 10 ** (-40 / 20), RATE * 2)).astype(np.int16)  # a -40 dBFS room
    speech = tone(1.0, -18)
    audio = np.concatenate([hum, hum[: RATE // 2] + speech[: RATE // 2], hum])
    events = run_vad(audio)
    assert [type(e) for e in events] == [SpeechStarted, SpeechEnded]
    assert run_vad(hum) == []


# -- turn-taking -----------------------------------------------------------------------------------
def test_turns_listening_speaking_thinking_with_latency_facts() -> None:
    clock = FakeClock(10.0)
    turns = TurnController(clock, silence_timeout_s=5.0)
    turns.customer_started()
    assert turns.state == "customer_speaking"
    clock.advance(2.0)
    turns.customer_finished()
    assert turns.state == "listening"
    clock.advance(0.7)
    turns.speech_started()
    assert turns.state == "trainee_speaking"
    clock.advance(1.5)
    turns.speech_ended()
    assert turns.state == "thinking"
    facts = turns.reply_done()
    assert turns.state == "idle"
    assert facts.customer_end == 12.0 and facts.speech_start == pytest.approx(12.7)
    assert facts.speech_end == pytest.approx(14.2)
    assert not facts.interrupted and not facts.silent


def test_turns_speaking_over_the_customer_is_an_interruption() -> None:
    clock = FakeClock()
    turns = TurnController(clock)
    turns.customer_started()
    clock.advance(0.5)
    turns.speech_started()
    assert turns.state == "trainee_speaking"
    turns.customer_finished()  # the customer's audio ends while the trainee talks
    assert turns.state == "trainee_speaking"
    turns.speech_ended()
    assert turns.reply_done().interrupted


def test_turns_silence_times_out_only_while_listening() -> None:
    clock = FakeClock()
    turns = TurnController(clock, silence_timeout_s=4.0)
    turns.customer_started()
    clock.advance(10.0)
    assert not turns.tick()  # the customer is still talking: no timeout
    turns.customer_finished()
    clock.advance(3.9)
    assert not turns.tick()
    clock.advance(0.2)
    assert turns.tick()
    assert turns.state == "thinking" and turns.reply_done().silent
    assert not turns.tick()


def test_push_to_talk_press_and_release() -> None:
    clock = FakeClock()
    turns = TurnController(clock)
    turns.customer_started()
    turns.customer_finished()
    clock.advance(1.0)
    turns.ptt_pressed()
    assert turns.ptt_held and turns.state == "trainee_speaking"
    clock.advance(2.0)
    turns.ptt_released()
    assert not turns.ptt_held and turns.state == "thinking"
    facts = turns.reply_done()
    assert facts.speech_start == 1.0 and facts.speech_end == 3.0 and not facts.interrupted


# -- delivery measures -------------------------------------------------------------------------------
def words_at(rate_wpm: float, n: int, start: float = 0.0) -> list[Word]:
    step = 60.0 / rate_wpm
    return [Word(f"w{i}", start + i * step, start + (i + 1) * step) for i in range(n)]


def test_wpm_from_word_timings() -> None:
    assert words_per_minute(words_at(150, 10)) == pytest.approx(150, abs=1)
    assert words_per_minute(words_at(150, 2)) is None  # too few words to judge


def test_delivery_flags_rushed_raised_slow_and_interrupting() -> None:
    baseline = LoudnessBaseline()
    calm = measure_delivery(words=words_at(140, 10, start=0.5), audio_start=100.0, speech_start=100.4,
                            customer_end=99.0, interrupted=False, level_db=-30.0, baseline=baseline)
    assert calm.mode == "voice" and calm.latency_s == pytest.approx(1.5)
    assert calm.evidence == () and calm.loudness_rise_db is None
    measure_delivery(words=words_at(140, 10), audio_start=0, speech_start=0, customer_end=None,
                     interrupted=False, level_db=-29.0, baseline=baseline)
    loud = measure_delivery(words=words_at(220, 12, start=0.2), audio_start=50.0, speech_start=50.1,
                            customer_end=40.0, interrupted=False, level_db=-20.0, baseline=baseline)
    assert loud.words_per_minute is not None and loud.words_per_minute > 190
    assert loud.loudness_rise_db == pytest.approx(9.5)
    assert loud.latency_s == pytest.approx(10.2)
    joined = " | ".join(loud.evidence)
    assert "rushed" in joined and "louder" in joined and "to start answering" in joined
    cut_in = measure_delivery(words=words_at(150, 5), audio_start=5.0, speech_start=5.0, customer_end=6.0,
                              interrupted=True, level_db=None, baseline=baseline)
    assert cut_in.interrupted and cut_in.latency_s is None
    assert any("still talking" in e for e in cut_in.evidence)


def test_baseline_is_a_running_median_of_earlier_replies() -> None:
    baseline = LoudnessBaseline(keep=3)
    for level in (-30.0, -31.0, -10.0, -29.0):
        baseline.add(level)
    assert baseline.median == -29.0  # the shout does not move the median much, and old ones drop out


# -- prosody, voices, cache keys ------------------------------------------------------------------------
VOICES = [VoiceInfo("gmw/en-us", "English (America)", ("en-us",), "male"),
          VoiceInfo("gmw/en", "English (Great Britain)", ("en-gb",), "male"),
          VoiceInfo("ko", "Korean", ("ko",), "male")]


def test_emotions_change_rate_pitch_and_volume_in_the_right_direction() -> None:
    hints = VoiceHints()
    neutral = settings_for(hints, "neutral", "v")
    angry, anxious, sad = (settings_for(hints, e, "v") for e in ("angry", "anxious", "sad"))
    assert angry.rate_wpm > neutral.rate_wpm and angry.volume > neutral.volume
    assert anxious.pitch > angry.pitch > neutral.pitch
    assert sad.rate_wpm < neutral.rate_wpm and sad.pitch < neutral.pitch and sad.volume < neutral.volume
    faster = settings_for(VoiceHints(rate=1.2, pitch=1.1), "neutral", "v")
    assert faster.rate_wpm == round(neutral.rate_wpm * 1.2) and faster.pitch > neutral.pitch
    old = settings_for(VoiceHints(age="elderly"), "neutral", "v")
    assert old.rate_wpm < neutral.rate_wpm


def test_voice_choice_is_consistent_and_follows_the_hints() -> None:
    female = choose_voice(VoiceHints(gender="female"), VOICES, "Dana Reyes", supports_variants=True)
    assert female == choose_voice(VoiceHints(gender="female"), VOICES, "Dana Reyes", supports_variants=True)
    assert female is not None and female.startswith("gmw/en-us+f")
    male = choose_voice(VoiceHints(gender="male"), VOICES, "Dana Reyes", supports_variants=True)
    assert male is not None and "+m" in male
    assert choose_voice(VoiceHints(name="english (great britain)"), VOICES, "x") == "gmw/en"
    sapi = [VoiceInfo("david", "David", ("en-US",), "male"), VoiceInfo("zira", "Zira", ("en-US",), "female")]
    assert choose_voice(VoiceHints(gender="female"), sapi, "anyone") == "zira"
    assert choose_voice(VoiceHints(), [], "x") is None


def test_cache_key_changes_with_text_settings_and_engine() -> None:
    s = settings_for(VoiceHints(), "angry", "gmw/en-us+f3")
    key = cache_key("Hello", s, "pyttsx3/espeak")
    assert key == cache_key("Hello", s, "pyttsx3/espeak")
    assert key != cache_key("Hello!", s, "pyttsx3/espeak")
    assert key != cache_key("Hello", settings_for(VoiceHints(), "sad", "gmw/en-us+f3"), "pyttsx3/espeak")
    assert key != cache_key("Hello", s, "pyttsx3/sapi5")


# -- LM text --------------------------------------------------------------------------------------------
def test_lm_text_from_examples() -> None:
    assert lm_words("I'm SO sorry - it’s 24 hours, 100% sure!") == [
        "i'm", "so", "sorry", "it's", "twenty", "four", "hours", "one", "hundred", "percent", "sure"]
    assert number_words(64) == "sixty four"
    corpus = lm_corpus(["Sorry, Dana!", "Let me help"], general=["thank you"], example_weight=2,
                       known=lambda w: w != "dana")
    assert corpus == ["sorry", "sorry", "let me help", "let me help", "thank you"]
    assert phrase_list(["Hi there", "hi, there!", "Bye"]) == ["hi there", "bye"]
    assert "public <reply> = ( hi there ) | ( bye );" in jsgf_grammar(["hi there", "bye"])


# -- WAV helpers and the loudness envelope -------------------------------------------------------------------
def test_wav_round_trip_resample_and_errors(tmp_path: Path) -> None:
    samples = tone(0.5, -12)
    path = tmp_path / "a.wav"
    write_wav(path, samples, RATE)
    back, rate = read_wav(path)
    assert rate == RATE and np.array_equal(back, samples)
    down = resample(np.zeros(22050, dtype=np.int16), 22050, 16000)
    assert len(down) == 16000
    stereo = tmp_path / "stereo.wav"
    with wave.open(str(stereo), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(np.repeat(samples[:800], 2).astype("<i2").tobytes())
    mono, rate = read_wav(stereo)
    assert rate == 8000 and len(mono) == 800
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"this is not a wav file at all")
    with pytest.raises(WavError, match="not a PCM WAV"):
        read_wav(bad)
    with pytest.raises(WavError, match="no such file"):
        read_wav(tmp_path / "missing.wav")


def test_line_player_envelope_follows_loudness(tmp_path: Path) -> None:
    audio = np.concatenate([silence(0.3), tone(0.3, -6), silence(0.3), tone(0.3, -26)])
    path = tmp_path / "line.wav"
    write_wav(path, audio, RATE)
    player = LinePlayer(path)
    assert player.duration == pytest.approx(1.2)
    assert player.loudness_at(0.1) < 0.01
    assert player.loudness_at(0.45) == pytest.approx(1.0, abs=0.05)
    assert 0.05 < player.loudness_at(1.05) < 0.2  # 20 dB quieter -> a tenth
    assert player.loudness_at(-1) == 0.0 and player.loudness_at(5) == 0.0
    assert len(frame_rms(audio, RATE)) == len(player.envelope) == 40


def test_a_pause_after_a_whole_expected_reply_ends_the_turn_early() -> None:
    audio = np.concatenate([silence(0.5), tone(1.0, -20), silence(1.0)])
    asked: list[bool] = []

    def complete(answer: bool) -> bool:
        asked.append(answer)
        return answer

    vad = Endpointer()
    size = round(RATE * vad.config.frame_s)
    for answer, expected_wait in ((True, 0.3), (False, 0.6)):
        vad, asked = Endpointer(), []
        ends = []
        for i in range(0, len(audio) - size + 1, size):
            ends += [e for e in vad.push(i / RATE, rms_dbfs(audio[i : i + size]), None,
                                         lambda a=answer: complete(a)) if isinstance(e, SpeechEnded)]
        assert len(ends) == 1 and asked == [answer]  # asked once per pause
        assert ends[0].detected_at - ends[0].t == pytest.approx(expected_wait, abs=0.035)


def test_ends_like_expected() -> None:
    from game.speech.lm import ends_like_expected

    expected = ["That's awful, I can see why you're upset", "Yes", "I'll refund you in full right now"]
    assert ends_like_expected("oh that's terrible i can see why you're upset", expected)
    assert ends_like_expected("okay i'll do it right now", expected)
    assert ends_like_expected("yes", expected) and ends_like_expected("oh yes", expected)
    assert not ends_like_expected("i can see why", expected)
    assert not ends_like_expected("yes but first i need to", expected)
    assert not ends_like_expected("", expected)
