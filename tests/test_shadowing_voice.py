"""Watching an expert with voices: the expert path spoken as one conversation, with real text-to-speech."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from game.cli import main
from game.loader import load_or_raise
from game.shadowing import expert_path
from game.speech.shadowing import expert_script, render_expert_conversation
from game.speech.wav import frame_rms, read_wav

SCENARIO = "hotel-late-checkout"


@pytest.fixture(scope="module")
def voice():  # type: ignore[no-untyped-def]
    from game.adapters.tts_pyttsx3 import open_voice

    opened = open_voice()
    if not opened.available:
        pytest.skip("no text-to-speech voice on this machine (Debian: espeak-ng libespeak-ng1)")
    yield opened
    opened.close()


def test_the_script_alternates_customer_and_expert_and_ends_with_the_customer() -> None:
    scenario = load_or_raise(SCENARIO)
    path = expert_path(scenario)
    script = expert_script(scenario, path)
    speakers = [speaker for speaker, _, _ in script]
    assert speakers[0] == "customer" and speakers[-1] == "customer"
    assert speakers.count("expert") == len(path.steps)
    assert all(emotion == "calm" for speaker, _, emotion in script if speaker == "expert")


def test_the_conversation_is_spoken_with_real_voices_and_pauses(voice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    scenario = load_or_raise(SCENARIO)
    out = tmp_path / "expert.wav"
    turns = render_expert_conversation(scenario, expert_path(scenario), voice, out)
    samples, rate = read_wav(out)
    assert abs(len(samples) / rate - (turns[-1].end_s + 0.45)) < 0.05
    levels = frame_rms(samples, rate)  # RMS per ~30 ms frame, 0..1 of full scale
    frame_s = round(rate * 0.03) / rate  # the frames' exact length: 0.03 s rounded to whole samples
    for turn in turns:  # every line really has speech in it
        span = levels[int(turn.start_s / frame_s) : int(turn.end_s / frame_s)]
        assert span.max() > 0.03, turn.text  # louder than -30 dBFS somewhere
    for before, after in itertools.pairwise(turns):  # and the breath between lines is silent
        gap = levels[int(before.end_s / frame_s) + 1 : int(after.start_s / frame_s) - 1]
        assert gap.size and np.max(gap) < 0.001


def test_campaign_watch_writes_the_spoken_conversation(
    voice, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "watch.wav"
    assert main(["campaign", "watch", SCENARIO, "--wav", str(out)]) == 0
    captured = capsys.readouterr()
    assert "Outcome: resolved" in captured.out
    samples, rate = read_wav(out)
    assert len(samples) / rate > 10
