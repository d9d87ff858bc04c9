"""Real parts end to end: replies synthesised with the real TTS (espeak-ng) in different voices, a quiet
noise floor added, recognised by the real default recogniser (pocketsphinx + per-node language model)
and matched to the node's branches by the real analyser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.adapters.asr_pocketsphinx import PocketsphinxRecognizer
from game.cli import main
from game.speech.types import Voice, VoiceSettings
from game.speech.wav import add_noise_floor, read_wav, resample, to_pcm16, write_wav
from game.understanding.base import BranchOption
from game.understanding.default import default_analyzer

BRANCHES = {
    "acknowledge": [
        "Oh no, I'm so sorry, with the party tomorrow that must be really upsetting",
        "That's awful, I can see why you're upset",
        "I'm really sorry, that must be so stressful for you",
    ],
    "refund_now": [
        "I'll refund you in full right now",
        "Let me give you your money back today",
        "I can put the full refund through straight away",
    ],
    "security": [
        "Can I take your order number and postcode please",
        "First I need to confirm your name and address",
        "What is the email address on the account",
    ],
}
HINTS = [text for examples in BRANCHES.values() for text in examples]
OPTIONS = [BranchOption(branch, tuple(examples)) for branch, examples in BRANCHES.items()]
# Paraphrases: not the authored wording, spoken in three voices.
REPLIES = [
    ("I'm so sorry, that sounds really upsetting", "acknowledge", "gmw/en-us+f3"),
    ("I will give you a full refund right now", "refund_now", "gmw/en+m3"),
    ("Could I take your order number please", "security", "gmw/en-us+f1"),
    ("That's awful, I'm really sorry", "acknowledge", "gmw/en+m1"),
]


@pytest.fixture(scope="module")
def recognizer(tmp_path_factory: pytest.TempPathFactory) -> PocketsphinxRecognizer:
    return PocketsphinxRecognizer(lm_dir=tmp_path_factory.mktemp("lm"))


def speech(voice: Voice, text: str, voice_id: str, out: Path) -> bytes:
    voice.synthesize(text, VoiceSettings(voice_id, 160, 50, 0.9), out)
    samples, rate = read_wav(out)
    return to_pcm16(add_noise_floor(resample(samples, rate, 16000)))


def test_synthesized_replies_are_recognised_and_matched_to_their_branch(
    voice: Voice, recognizer: PocketsphinxRecognizer, tmp_path: Path
) -> None:
    analyzer = default_analyzer()
    for text, branch, voice_id in REPLIES:
        pcm = speech(voice, text, voice_id, tmp_path / "reply.wav")
        recognition = recognizer.recognize(pcm, 16000, HINTS)
        assert recognition.engine.startswith("pocketsphinx")
        match = analyzer.match(recognition.text, OPTIONS, "The party is tomorrow and this arrived smashed!")
        assert match.branch == branch, (text, recognition.text, match.ranking)
        duration = len(pcm) / 32000
        assert recognition.words and all(0 <= w.start < w.end <= duration + 0.05 for w in recognition.words)


def test_the_node_language_model_is_built_once_and_cached_on_disk(
    recognizer: PocketsphinxRecognizer, tmp_path: Path
) -> None:
    recognizer.prepare(HINTS)
    files = sorted(p.suffix for p in recognizer.lm_dir.iterdir())
    assert files == [".arpa", ".dict"]
    recognizer.prepare(list(HINTS))
    assert len(list(recognizer.lm_dir.iterdir())) == 2
    again = PocketsphinxRecognizer(lm_dir=recognizer.lm_dir)  # a new process finds the files
    again.prepare(HINTS)
    assert len(list(recognizer.lm_dir.iterdir())) == 2


def test_silence_gives_no_words(recognizer: PocketsphinxRecognizer) -> None:
    import numpy as np

    quiet = to_pcm16(add_noise_floor(np.zeros(16000, dtype=np.int16)))
    assert recognizer.recognize(quiet, 16000, HINTS).words == ()


SCENARIO = """\
format: 1
id: speech-test
title: Speech test
level: 1
setting: retail_counter
channel: in_person
brief: A test.
customer:
  name: Dana Reyes
  mood: {anger: 60, trust: 30}
start: opening
nodes:
  opening:
    say: The party is tomorrow and this arrived smashed!
    emotion: angry
    replies:
      - id: acknowledge
        examples:
          - Oh no, I'm so sorry, that must be really upsetting
          - That's awful, I can see why you're upset
        next: done
      - id: refund_now
        examples: ["I'll refund you in full right now", "Let me give you your money back today"]
        next: done
  done:
    say: Thank you.
    end: resolved
"""


def test_transcribe_command_with_a_node_resamples_and_matches(
    voice: Voice, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMPATHY_TRAINER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("VOSK_MODEL_PATH", str(tmp_path / "no-model"))
    monkeypatch.setenv("EMPATHY_TRAINER_ASR", "pocketsphinx")  # auto picks Whisper when installed
    (tmp_path / "speech-test.yaml").write_text(SCENARIO, encoding="utf-8")
    wav = tmp_path / "reply.wav"
    settings = VoiceSettings("gmw/en-us+f2", 160, 50, 0.9)
    voice.synthesize("Let me give you all your money back today", settings, wav)
    samples, rate = read_wav(wav)
    assert rate != 16000  # the command resamples
    write_wav(wav, add_noise_floor(samples), rate)
    scenario = str(tmp_path / "speech-test.yaml")
    code = main(["transcribe", str(wav), "--scenario", scenario, "--node", "opening", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["branch"] == "refund_now" and out["engine"].startswith("pocketsphinx")
    assert "money back today" in out["text"]
    assert set(out) == {"text", "engine", "words", "branch", "confidence"}
    assert out["words"][0].keys() == {"word", "start", "end"}


def test_transcribe_bad_input_is_one_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF....WAVEjunk")
    assert main(["transcribe", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "not a PCM WAV" in err and "Traceback" not in err
    assert main(["transcribe", str(tmp_path / "none.wav")]) == 1
    assert main(["transcribe", str(bad), "--node", "opening"]) == 2
