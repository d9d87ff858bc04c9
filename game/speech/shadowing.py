"""Hearing what good sounds like: the expert's path through a scenario rendered as one conversation.

The customer speaks in their own voice (the scenario's hints, prosody from each node's emotion);
the expert answers in a steady, calm agent voice. Pure apart from the ``Voice`` it is given, so
tests can use the real text-to-speech and a real WAV comes out.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from game.model import Scenario, VoiceHints
from game.shadowing import ExpertPath
from game.speech.prosody import choose_voice, settings_for
from game.speech.types import Voice
from game.speech.wav import read_wav, resample, write_wav

PAUSE_S = 0.45
"""The breath between turns: a short, human gap."""
EXPERT_HINTS = VoiceHints(gender="female", age="adult", rate=0.95, pitch=1.0)
EXPERT_SEED = "expert-agent"


@dataclass(frozen=True)
class SpokenTurn:
    speaker: str
    """"customer" or "expert"."""
    text: str
    start_s: float
    end_s: float


def expert_script(scenario: Scenario, path: ExpertPath) -> list[tuple[str, str, str]]:
    """``(speaker, text, emotion)`` in order: each customer line, then the expert's reply."""
    script: list[tuple[str, str, str]] = []
    for step in path.steps:
        if step.customer:
            script.append(("customer", step.customer, scenario.nodes[step.node].emotion))
        script.append(("expert", step.reply, "calm"))
    if path.closing:
        ends = [n for n in scenario.nodes.values() if n.end == path.outcome and n.say]
        emotion = ends[0].emotion if ends else "relieved"
        script.append(("customer", path.closing, emotion))
    return script


def render_expert_conversation(
    scenario: Scenario, path: ExpertPath, voice: Voice, out: Path
) -> list[SpokenTurn]:
    """Speak the whole expert conversation into one WAV at ``out`` (written atomically)."""
    available = voice.voices()
    customer_voice = choose_voice(
        scenario.customer.voice,
        available,
        scenario.customer.name or scenario.id,
        supports_variants=voice.supports_variants,
    )
    expert_voice = choose_voice(
        EXPERT_HINTS, available, EXPERT_SEED, supports_variants=voice.supports_variants
    )
    pieces: list[np.ndarray] = []
    turns: list[SpokenTurn] = []
    rate = 0
    cursor = 0.0
    with tempfile.TemporaryDirectory(prefix="expert-") as folder:
        for index, (speaker, text, emotion) in enumerate(expert_script(scenario, path)):
            if speaker == "customer":
                settings = settings_for(scenario.customer.voice, emotion, customer_voice)
            else:
                settings = settings_for(EXPERT_HINTS, emotion, expert_voice)
            line = Path(folder) / f"{index}.wav"
            voice.synthesize(text, settings, line)
            samples, line_rate = read_wav(line)
            rate = rate or line_rate
            samples = resample(samples, line_rate, rate)
            duration = len(samples) / rate
            turns.append(SpokenTurn(speaker, text, cursor, cursor + duration))
            pieces.append(samples)
            pieces.append(np.zeros(round(PAUSE_S * rate), dtype=np.int16))
            cursor += duration + PAUSE_S
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        write_wav(partial, np.concatenate(pieces) if pieces else np.zeros(0, np.int16), rate or 22050)
        os.replace(partial, out)
    finally:
        if partial.exists():
            partial.unlink()
    return turns
