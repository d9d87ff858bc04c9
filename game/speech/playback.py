"""``LinePlayer``: what the 3D avatar needs to move its mouth with a line's audio.

The game plays the WAV itself (Ursina ``Audio``); this only reads the file once and exposes its
loudness envelope (RMS per ~30 ms frame, normalised to the line's loudest frame).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from game.speech.wav import frame_rms, read_wav

FRAME_S = 0.03


class LinePlayer:
    def __init__(self, path: str | Path, frame_s: float = FRAME_S) -> None:
        self.path = Path(path)
        samples, rate = read_wav(self.path)
        self.frame_s = frame_s
        self.duration = len(samples) / rate
        rms = frame_rms(samples, rate, frame_s)
        peak = float(rms.max()) if len(rms) else 0.0
        self._envelope = rms / peak if peak > 0 else rms

    @property
    def envelope(self) -> tuple[float, ...]:
        return tuple(float(x) for x in self._envelope)

    def loudness_at(self, t: float) -> float:
        """0..1 loudness at ``t`` seconds into the line (0 before the start and after the end)."""
        if t < 0 or t >= self.duration or len(self._envelope) == 0:
            return 0.0
        index = min(len(self._envelope) - 1, int(t / self.frame_s))
        return float(np.clip(self._envelope[index], 0.0, 1.0))
