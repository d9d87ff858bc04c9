"""A listener fed from recorded or synthesised audio instead of a microphone (tests, benchmark, demos).

``feed(pcm16)`` appends speech and ``feed_silence(seconds)`` a quiet gap to a continuous timeline
that starts at ``t0``; each piece becomes ~30 ms ``AudioFrame``s stamped with their timeline time.
With ``realtime=True`` frames are paced like a microphone's (on a worker thread).
"""

from __future__ import annotations

import queue
import time

import numpy as np

from game.speech.types import AudioFrame
from game.speech.wav import add_noise_floor


class ScriptedListener:
    def __init__(
        self, sample_rate: int = 16000, frame_s: float = 0.03, t0: float = 0.0, noise_dbfs: float = -61.0,
    ) -> None:
        self.sample_rate = sample_rate
        self.description = "scripted audio"
        self.frame = max(1, round(sample_rate * frame_s))
        self.t = t0
        self.noise_dbfs = noise_dbfs
        self._frames: queue.Queue[AudioFrame] | None = None
        self._seed = 0

    def start(self, frames: queue.Queue[AudioFrame]) -> None:
        self._frames = frames

    def stop(self) -> None:
        self._frames = None

    def _frames_of(self, pcm16: bytes) -> list[AudioFrame]:
        out: list[AudioFrame] = []
        step = self.frame * 2
        for offset in range(0, len(pcm16), step):
            chunk = pcm16[offset : offset + step]
            out.append(AudioFrame(self.t, chunk))
            self.t += len(chunk) / 2 / self.sample_rate
        return out

    def feed(self, pcm16: bytes, realtime: bool = False) -> float:
        """Queue speech (with the room's noise floor added, as a real microphone would hear it);
        returns the timeline time at which it ends."""
        self._seed += 1
        samples = np.frombuffer(pcm16[: len(pcm16) // 2 * 2], dtype="<i2")
        frames = self._frames_of(add_noise_floor(samples, self.noise_dbfs, seed=self._seed).tobytes())
        self._put(frames, realtime)
        return self.t

    def feed_silence(self, seconds: float, realtime: bool = False) -> float:
        self._seed += 1
        silent = np.zeros(round(seconds * self.sample_rate), dtype=np.int16)
        noisy = add_noise_floor(silent, self.noise_dbfs, seed=self._seed)
        self._put(self._frames_of(noisy.tobytes()), realtime)
        return self.t

    def _put(self, frames: list[AudioFrame], realtime: bool) -> None:
        target = self._frames
        if target is None:
            raise RuntimeError("the listener is not started")
        if not realtime:
            for frame in frames:
                target.put(frame)
            return
        start = time.perf_counter()
        base = frames[0].t if frames else 0.0
        for frame in frames:
            delay = (frame.t - base) - (time.perf_counter() - start)
            if delay > 0:
                time.sleep(delay)
            target.put(frame)
