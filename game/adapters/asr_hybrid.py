"""Hybrid recogniser: pocketsphinx streaming as before, Whisper only when pocketsphinx is not to be trusted.

pocketsphinx with the per-node language model hears the trainer's own wording almost perfectly and is
ready ~at once when the turn ends, but new wording comes out as fragments of the examples. So both
run on every reply: pocketsphinx streams (its running guess feeds the hands-free early end and the
HUD's partial text) and Whisper decodes speculatively in the background. At the end, when
pocketsphinx heard one whole authored example (``lm.close_to_example``), its result is used at once;
otherwise Whisper's. The recogniser does not see the branches, so this is a text test, not the
matcher's confidence: the benchmark checks how often it trusts a wrong pocketsphinx result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from game.adapters.asr_pocketsphinx import PocketsphinxRecognizer
from game.adapters.asr_whisper import WhisperRecognizer, WhisperStream
from game.speech.lm import close_to_example
from game.speech.types import Recognition, RecognitionStream


class HybridRecognizer:
    def __init__(self, first: PocketsphinxRecognizer, second: WhisperRecognizer) -> None:
        self.first = first
        self.second = second
        self.engine = f"hybrid:{first.engine}+{second.engine}"
        self.trusted_first = 0
        """Replies answered by pocketsphinx alone (for the benchmark)."""
        self.used_second = 0
        self.last_source = ""
        """"first" or "second": which engine gave the last result."""

    def close(self) -> None:
        self.second.close()

    def set_background(self, texts: Sequence[str]) -> None:
        self.first.set_background(texts)

    def prepare(self, hints: Sequence[str] | None) -> None:
        self.first.prepare(hints)
        self.second.prepare(hints)

    def stream(self, sample_rate: int, hints: Sequence[str] | None = None) -> HybridStream:
        return HybridStream(self, self.first.stream(sample_rate, hints),
                            self.second.stream(sample_rate, hints), tuple(hints or ()))

    def recognize(self, pcm16: bytes, sample_rate: int, hints: Sequence[str] | None = None) -> Recognition:
        stream = self.stream(sample_rate, hints)
        stream.accept(pcm16)
        return stream.finish()


class HybridStream:
    def __init__(self, owner: HybridRecognizer, first: RecognitionStream, second: WhisperStream,
                 hints: tuple[str, ...]) -> None:
        self._owner = owner
        self._first = first
        self._second = second
        self._hints = hints

    @property
    def stats(self) -> Any:
        return self._second.stats

    def accept(self, pcm16: bytes) -> None:
        self._first.accept(pcm16)
        self._second.accept(pcm16)

    def partial(self) -> str:
        return self._first.partial()

    def speech_paused(self) -> None:
        self._second.speech_paused()

    def speech_resumed(self) -> None:
        self._second.speech_resumed()

    def finish(self) -> Recognition:
        first = self._first.finish()  # also releases pocketsphinx's decoder lock
        if self._hints and close_to_example(first.text, self._hints):
            self._owner.trusted_first += 1
            self._owner.last_source = "first"
            self._second.abandon()  # a speculative decode still running gives up at its next stage
            return replace(first, engine=self._owner.engine)
        self._owner.used_second += 1
        self._owner.last_source = "second"
        second = self._second.finish()
        return replace(second, engine=self._owner.engine)
