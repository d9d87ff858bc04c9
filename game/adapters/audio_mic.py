"""The trainee's microphone through sounddevice: an ``InputStream`` whose callback (PortAudio's own
worker thread) puts 16 kHz mono 16-bit ``AudioFrame``s into a queue. No device, no PortAudio, or no
sounddevice: ``start`` raises ``SpeechUnavailable`` with one clear message (the game falls back to typing).
"""

from __future__ import annotations

import queue
from typing import Any

from game.clock import Clock, SystemClock
from game.speech.types import AudioFrame, SpeechUnavailable

NO_MIC = "No microphone found: type your replies instead"


class MicrophoneListener:
    def __init__(
        self, clock: Clock | None = None, device: int | str | None = None, sample_rate: int = 16000,
        block_s: float = 0.03,
    ) -> None:
        self.clock = clock or SystemClock()
        self.device = device
        self.sample_rate = sample_rate
        self.block = max(1, round(sample_rate * block_s))
        self.description = "microphone"
        self._stream: Any = None

    def start(self, frames: queue.Queue[AudioFrame]) -> None:
        if self._stream is not None:
            return
        try:
            import sounddevice as sd
        except (ImportError, OSError) as error:  # OSError: PortAudio library missing
            raise SpeechUnavailable(f"{NO_MIC} (audio input library unavailable: {error})") from None
        block_s = self.block / self.sample_rate

        def callback(indata: Any, _frames: int, _time: Any, _status: Any) -> None:
            frames.put(AudioFrame(self.clock.now() - block_s, bytes(indata)))

        try:
            stream = sd.InputStream(
                samplerate=self.sample_rate, channels=1, dtype="int16", blocksize=self.block,
                device=self.device, callback=callback,
            )
            stream.start()
        except Exception as error:  # sd.PortAudioError and ValueError (no such device) alike
            raise SpeechUnavailable(f"{NO_MIC} ({error})") from None
        self._stream = stream
        try:
            info = sd.query_devices(self.device, "input")
            self.description = f"microphone {info.get('name', '')}".strip()
        except Exception:
            pass

    def stop(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.stop()
                stream.close()
            except Exception:
                pass
