"""WAV reading and writing, resampling, loudness: small numpy helpers with clear errors."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import numpy.typing as npt

Samples = npt.NDArray[np.int16]
RECOGNIZER_RATE = 16000


class WavError(Exception):
    """The file is not a WAV we can read; the message says what is wrong."""


def read_wav(path: str | Path) -> tuple[Samples, int]:
    """Mono 16-bit samples and the sample rate. Stereo is mixed down; 8/24/32-bit PCM converted."""
    try:
        with wave.open(str(path), "rb") as wav:
            channels = wav.getnchannels()
            width = wav.getsampwidth()
            rate = wav.getframerate()
            raw = wav.readframes(wav.getnframes())
    except FileNotFoundError:
        raise WavError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise WavError(f"{path}: is a folder, not a WAV file") from None
    except (wave.Error, EOFError) as error:
        raise WavError(f"{path}: not a PCM WAV file ({error})") from None
    except OSError as error:
        raise WavError(f"{path}: cannot read ({error.strerror or error})") from None
    if rate <= 0 or channels <= 0:
        raise WavError(f"{path}: invalid WAV header (rate {rate}, channels {channels})")
    usable = len(raw) - len(raw) % (width * channels)
    raw = raw[:usable]
    if width == 1:
        data = (np.frombuffer(raw, dtype=np.uint8).astype(np.int32) - 128) << 8
    elif width == 2:
        data = np.frombuffer(raw, dtype="<i2").astype(np.int32)
    elif width == 3:
        b = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        data = (b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)) << 8 >> 16
    elif width == 4:
        data = (np.frombuffer(raw, dtype="<i4") >> 16).astype(np.int32)
    else:
        raise WavError(f"{path}: unsupported sample width {width * 8} bit")
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1).astype(np.int32)
    return np.clip(data, -32768, 32767).astype(np.int16), rate


def write_wav(path: str | Path, samples: Samples, rate: int) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(np.asarray(samples, dtype="<i2").tobytes())


def resample(samples: Samples, rate_from: int, rate_to: int = RECOGNIZER_RATE) -> Samples:
    """Linear-interpolation resampling with a light moving-average low-pass when downsampling."""
    if rate_from == rate_to or len(samples) == 0:
        return samples
    x = samples.astype(np.float64)
    if rate_to < rate_from:
        taps = max(1, round(rate_from / rate_to))
        if taps > 1:
            x = np.convolve(x, np.ones(taps) / taps, mode="same")
    n = int(len(x) * rate_to / rate_from)
    positions = np.arange(n) * (rate_from / rate_to)
    out = np.interp(positions, np.arange(len(x)), x)
    result: Samples = np.clip(np.round(out), -32768, 32767).astype(np.int16)
    return result


def add_noise_floor(samples: Samples, dbfs: float = -61.0, seed: int = 0) -> Samples:
    """Add quiet Gaussian noise: perfectly silent synthetic audio confuses recognisers."""
    rng = np.random.default_rng(seed)
    noise = rng.normal(0.0, 32768.0 * 10 ** (dbfs / 20.0), len(samples))
    return np.clip(np.round(samples.astype(np.float64) + noise), -32768, 32767).astype(np.int16)


def rms_dbfs(samples: Samples | bytes) -> float:
    """Root-mean-square level in dB relative to full scale (-120 for silence)."""
    arr = np.frombuffer(samples, dtype="<i2") if isinstance(samples, bytes) else samples
    if len(arr) == 0:
        return -120.0
    rms = float(np.sqrt(np.mean(np.square(arr.astype(np.float64)))))
    return max(-120.0, 20.0 * float(np.log10(max(rms, 1e-9) / 32768.0)))


def frame_rms(samples: Samples, rate: int, frame_s: float = 0.03) -> npt.NDArray[np.float64]:
    """RMS (0..1 of full scale) of consecutive ``frame_s`` frames; the last partial frame counts."""
    size = max(1, round(rate * frame_s))
    if len(samples) == 0:
        return np.zeros(0, dtype=np.float64)
    pad = (-len(samples)) % size
    x = np.pad(samples.astype(np.float64), (0, pad)).reshape(-1, size) / 32768.0
    return np.asarray(np.sqrt(np.mean(np.square(x), axis=1)), dtype=np.float64)


def to_pcm16(samples: Samples) -> bytes:
    return np.asarray(samples, dtype="<i2").tobytes()


def load_for_recognizer(path: str | Path, rate: int = RECOGNIZER_RATE) -> bytes:
    """A WAV file as mono 16-bit PCM at the recogniser's rate."""
    samples, source_rate = read_wav(path)
    return to_pcm16(resample(samples, source_rate, rate))
