"""The real text-to-speech voice, opened once for the tests that synthesise speech.

On a machine without a voice (no espeak-ng, SAPI5 or NSSpeechSynthesizer) those tests are skipped
with the reason; the rest of the suite still runs.
"""

from __future__ import annotations

import pytest

from game.speech.types import Voice


@pytest.fixture(scope="session")
def voice() -> Voice:
    from game.adapters.tts_pyttsx3 import open_voice

    opened = open_voice()
    if not opened.available:
        pytest.skip("no text-to-speech on this machine (install espeak-ng)")
    return opened
