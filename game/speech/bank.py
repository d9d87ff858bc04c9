"""``LineBank``: every customer line rendered to WAV once, cached on disk, ready before it is needed.

Cache: ``user_cache_dir()/voices/<hash>.wav``, the hash covering text, voice settings and engine
(``prosody.cache_key``). ``prepare(scenario)`` renders all lines of all nodes (``otherwise`` lines
included) on one worker thread, so the customer answers without synthesis delay. Files are written to
a temporary name and renamed into place only when complete and readable: a crash never leaves a
half-written WAV in the cache.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from game.model import Customer, Scenario
from game.paths import user_cache_dir
from game.speech.prosody import cache_key, choose_voice, settings_for
from game.speech.types import SpeechUnavailable, Voice, VoiceSettings
from game.speech.wav import WavError, read_wav


@dataclass(frozen=True)
class ScenarioLine:
    id: str
    text: str
    emotion: str


def scenario_lines(scenario: Scenario) -> Iterator[ScenarioLine]:
    """Every line the customer can say, with the emotion it is spoken in."""
    for node in scenario.nodes.values():
        for line in node.say:
            yield ScenarioLine(line.id, line.text, line.emotion or node.emotion)
        if node.otherwise is not None:
            for line in node.otherwise.say:
                yield ScenarioLine(line.id, line.text, line.emotion or node.otherwise.emotion or node.emotion)


def voices_dir() -> Path:
    return user_cache_dir() / "voices"


class LineBank:
    def __init__(self, voice: Voice, cache_dir: Path | None = None) -> None:
        self.voice = voice
        self.cache_dir = cache_dir if cache_dir is not None else voices_dir()
        self.synthesized = 0
        """How many lines this bank had to synthesise (cache misses)."""
        self._lock = threading.Lock()
        self._voice_ids: dict[str, str | None] = {}
        self._paths: dict[str, Path] = {}

    def voice_id_for(self, customer: Customer) -> str | None:
        key = customer.name
        if key not in self._voice_ids:
            try:
                voices = list(self.voice.voices()) if self.voice.available else []
            except SpeechUnavailable:
                voices = []
            self._voice_ids[key] = choose_voice(
                customer.voice, voices, customer.name, supports_variants=self.voice.supports_variants
            )
        return self._voice_ids[key]

    def settings_for(self, customer: Customer, emotion: str | None) -> VoiceSettings:
        return settings_for(customer.voice, emotion, self.voice_id_for(customer))

    def path(self, text: str, settings: VoiceSettings) -> Path:
        return self.cache_dir / f"{cache_key(text, settings, self.voice.engine)}.wav"

    def cached(self, text: str, settings: VoiceSettings) -> Path | None:
        path = self.path(text, settings)
        return path if path.is_file() else None

    def render(self, text: str, settings: VoiceSettings) -> Path:
        """The WAV for ``text`` in ``settings``, synthesising it only if it is not cached yet.

        Raises ``SpeechUnavailable`` when the voice cannot speak."""
        path = self.path(text, settings)
        with self._lock:
            if path.is_file():
                return path
            if not self.voice.available:
                raise SpeechUnavailable("no text-to-speech voice on this machine")
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp.wav")
            try:
                self.voice.synthesize(text, settings, tmp)
                samples, _rate = read_wav(tmp)
                if len(samples) == 0:
                    raise SpeechUnavailable(f"the voice produced no audio for {text[:40]!r}")
                os.replace(tmp, path)
            except WavError as error:
                raise SpeechUnavailable(f"the voice wrote an unreadable file: {error}") from None
            finally:
                if tmp.exists():
                    tmp.unlink()
            self.synthesized += 1
            return path

    def line_path(self, line_id: str) -> Path | None:
        """The prepared WAV of a scenario line (None if not prepared or the voice failed)."""
        return self._paths.get(line_id)

    def render_line(self, customer: Customer, line: ScenarioLine) -> Path:
        path = self.render(line.text, self.settings_for(customer, line.emotion))
        self._paths[line.id] = path
        return path

    def prepare(
        self,
        scenario: Scenario,
        on_ready: Callable[[str, Path], None] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> threading.Thread:
        """Render every line of ``scenario`` on a worker thread (started and returned)."""

        def work() -> None:
            for line in scenario_lines(scenario):
                try:
                    path = self.render_line(scenario.customer, line)
                except SpeechUnavailable as error:
                    if on_error is not None:
                        on_error(str(error))
                    return
                if on_ready is not None:
                    on_ready(line.id, path)

        thread = threading.Thread(target=work, name="voice-prepare", daemon=True)
        thread.start()
        return thread
