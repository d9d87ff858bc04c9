"""Playing a WAV through the default sound output (sounddevice, imported lazily).

Used outside the 3D game (which plays through Ursina's audio), e.g. by ``campaign watch --play``.
"""

from __future__ import annotations

from pathlib import Path


def play_wav(path: Path) -> str | None:
    """Play ``path`` to the end; None when it played, else a one-line notice saying why not."""
    from game.speech.wav import read_wav

    try:
        import sounddevice
    except (ImportError, OSError) as error:  # OSError: the PortAudio library itself is missing
        return f"no audio output ({error}); the conversation is in {path}"
    samples, rate = read_wav(path)
    try:
        sounddevice.play(samples, rate)
        sounddevice.wait()
    except sounddevice.PortAudioError as error:
        return f"no sound output device ({error}); the conversation is in {path}"
    return None
