"""``SpeechSession``: the one facade the 3D game loop uses for voices and ears.

Worker threads do the slow work (rendering lines, loading the recogniser, reading the microphone,
endpointing, decoding) and put ``SpeechEvent``s in a queue; the game calls ``poll()`` once a frame
on the main thread and reacts. Nothing here touches the game's 3D objects. See docs/speech.md.

    session = SpeechSession(open_voice(), MicrophoneListener())
    session.start()                      # loads the recogniser and opens the mic (worker thread)
    session.prepare(scenario)            # renders every customer line to the WAV cache (worker)
    handle = session.speak(line_id, text, emotion, scenario.customer)   # -> LineHandle | None
    session.listen(expected_phrases)     # the trainee's turn: bias toward the node's examples
    session.push_to_talk(True / False)   # key down / up (push-to-talk mode)
    for event in session.poll(): ...     # LinePrepared, LineStarted, LineFinished, SpeechDetected,
                                         # HeardPartial, HeardFinal(text, delivery), Notice, MicLevel
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Literal

from game.clock import Clock, SystemClock
from game.delivery import Delivery
from game.model import Customer, Scenario
from game.speech.bank import LineBank
from game.speech.lm import ends_like_expected
from game.speech.measures import LoudnessBaseline, measure_delivery
from game.speech.playback import LinePlayer
from game.speech.speculative import QuietWatch
from game.speech.turns import TurnController, TurnState
from game.speech.types import (
    AudioFrame,
    Listener,
    Recognition,
    RecognitionStream,
    Recognizer,
    SpeechUnavailable,
    Voice,
)
from game.speech.vad import Endpointer, SpeechEnded, SpeechStarted, VadConfig
from game.speech.wav import WavError, rms_dbfs

Mode = Literal["push_to_talk", "hands_free"]
PREROLL_S = 0.3
PARTIAL_EVERY_S = 0.5
LEVEL_EVERY_S = 0.1


# -- events -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LinePrepared:
    line_id: str
    path: Path


@dataclass(frozen=True)
class LineStarted:
    line_id: str
    text: str
    handle: LineHandle


@dataclass(frozen=True)
class LineFinished:
    line_id: str


@dataclass(frozen=True)
class SpeechDetected:
    """The trainee started speaking (``interrupting``: over the customer)."""

    interrupting: bool


@dataclass(frozen=True)
class HeardPartial:
    text: str


@dataclass(frozen=True)
class HeardFinal:
    """The trainee's whole reply (``text`` empty: silence or nothing recognisable)."""

    text: str
    delivery: Delivery
    recognition: Recognition | None = None


@dataclass(frozen=True)
class Notice:
    """Tell the trainee once, in plain words (e.g. "No microphone found: type your replies")."""

    message: str


@dataclass(frozen=True)
class MicLevel:
    level: float
    """0..1 microphone loudness, for the listening indicator."""


SpeechEvent = (
    LinePrepared | LineStarted | LineFinished | SpeechDetected | HeardPartial | HeardFinal | Notice | MicLevel
)


class LineHandle:
    """One customer line being played: the game plays ``path`` (Ursina ``Audio``) and moves the
    mouth with ``loudness()``. ``path`` None: subtitles only, ``duration`` is then a reading time."""

    def __init__(self, line_id: str, path: Path | None, player: LinePlayer | None, duration: float,
                 clock: Clock) -> None:
        self.line_id = line_id
        self.path = path
        self.player = player
        self.duration = duration
        self._clock = clock
        self.started_at = clock.now()
        self._stopped = False

    @property
    def done(self) -> bool:
        return self._stopped or self._clock.now() - self.started_at >= self.duration - 1e-6

    def loudness(self) -> float:
        if self.player is None or self._stopped:
            return 0.0
        return self.player.loudness_at(self._clock.now() - self.started_at)

    def stop(self) -> None:
        self._stopped = True


def scenario_vocabulary(scenario: Scenario) -> list[str]:
    """Every example and customer line of a scenario: background text for per-node language models."""
    texts: list[str] = []
    for node in scenario.nodes.values():
        texts.extend(line.text for line in node.say)
        if node.otherwise is not None:
            texts.extend(line.text for line in node.otherwise.say)
        for reply in node.replies:
            texts.extend(reply.example_texts)
    return texts


def reading_time(text: str) -> float:
    """How long subtitles stay when there is no voice: ~3 words a second, at least 1.5 s."""
    return max(1.5, len(text.split()) / 3.0)


class SpeechSession:
    def __init__(
        self,
        voice: Voice,
        listener: Listener | None,
        *,
        recognizer: Recognizer | Callable[[], Recognizer] | None = None,
        clock: Clock | None = None,
        mode: Mode = "push_to_talk",
        vad: VadConfig | None = None,
        silence_timeout_s: float = 12.0,
        cache_dir: Path | None = None,
    ) -> None:
        self.voice = voice
        self.listener = listener
        self.clock = clock or SystemClock()
        self.mode: Mode = mode
        self.bank = LineBank(voice, cache_dir)
        self.turns = TurnController(self.clock, silence_timeout_s)
        self.baseline = LoudnessBaseline()
        self.recognizer: Recognizer | None = None
        self.voice_input = False
        """True once a recogniser and a microphone both work (else the trainee types)."""
        self._recognizer_source = recognizer
        self._vad_config = vad or VadConfig()
        self._events: queue.Queue[SpeechEvent] = queue.Queue()
        self._frames: queue.Queue[AudioFrame] = queue.Queue()
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._hints: tuple[str, ...] = ()
        self._ptt = False
        self._current: LineHandle | None = None
        self._notices: set[str] = set()
        self._threads: list[threading.Thread] = []
        self._worker: threading.Thread | None = None
        self._listening = False
        if not voice.available:
            default = "Subtitles only: no text-to-speech voice is available."
            self._notice(getattr(voice, "notice", default), "voice")

    # -- setup ------------------------------------------------------------------------------------
    def start(self, wait: bool = False) -> None:
        """Load the recogniser and open the microphone on a worker thread (``wait``: block until done)."""
        thread = threading.Thread(target=self._open_ears, name="speech-start", daemon=True)
        thread.start()
        self._threads.append(thread)
        if wait:
            thread.join()

    def _open_ears(self) -> None:
        if self.listener is None:  # typed replies by choice: nothing to load, nothing to say
            self._ready.set()
            return
        try:
            source = self._recognizer_source
            if source is None:
                from game.adapters.asr_default import open_recognizer

                self.recognizer = open_recognizer()
            elif callable(source) and not hasattr(source, "recognize"):
                self.recognizer = source()
            else:
                self.recognizer = source  # type: ignore[assignment]
        except SpeechUnavailable as error:
            self._notice(f"Speech recognition unavailable ({error}): type your replies instead.",
                         "ears")
            self._ready.set()
            return
        try:
            self.listener.start(self._frames)
        except SpeechUnavailable as error:
            self._notice(str(error), "ears")
            self._ready.set()
            return
        self.voice_input = True
        self._worker = threading.Thread(target=self._audio_loop, name="speech-audio", daemon=True)
        self._worker.start()
        self._ready.set()

    def wait_ready(self, timeout: float | None = None) -> bool:
        return self._ready.wait(timeout)

    def prepare(self, scenario: Scenario) -> threading.Thread:
        """Render every line of the scenario (worker thread) and build each node's language model."""

        def ready(line_id: str, path: Path) -> None:
            self._events.put(LinePrepared(line_id, path))

        def failed(message: str) -> None:
            self._notice(f"Subtitles only: {message}.", "voice")

        if self.voice.available:
            thread = self.bank.prepare(scenario, ready, failed)
        else:
            thread = threading.Thread(target=lambda: None, name="voice-prepare")
            thread.start()
        self._threads.append(thread)

        def build_lms() -> None:
            self._ready.wait()
            set_background = getattr(self.recognizer, "set_background", None)
            if set_background is not None:
                set_background(scenario_vocabulary(scenario))
            prepare_hints = getattr(self.recognizer, "prepare", None)
            if prepare_hints is None:
                return
            for node in scenario.nodes.values():
                if node.replies:
                    with contextlib.suppress(Exception):
                        prepare_hints([t for r in node.replies for t in r.example_texts])

        lm_thread = threading.Thread(target=build_lms, name="speech-lm", daemon=True)
        lm_thread.start()
        self._threads.append(lm_thread)
        return thread

    # -- the customer -------------------------------------------------------------------------------
    def speak(self, line_id: str, text: str, emotion: str | None, customer: Customer) -> LineHandle:
        """Start a customer line now: returns the handle (``path`` None = subtitles only) and emits
        ``LineStarted``; ``LineFinished`` follows from ``poll()`` when its time is up."""
        path: Path | None = None
        player: LinePlayer | None = None
        if self.voice.available:
            try:
                # By content, not by line id: ids repeat across scenarios ("opening.1").
                settings = self.bank.settings_for(customer, emotion)
                path = self.bank.cached(text, settings) or self.bank.render(text, settings)
                player = LinePlayer(path)
            except (SpeechUnavailable, WavError) as error:
                self._notice(f"Subtitles only: {error}.", "voice")
                path = None
        duration = player.duration if player is not None else reading_time(text)
        handle = LineHandle(line_id, path, player, duration, self.clock)
        with self._lock:
            if self._current is not None and not self._current.done:
                self._current.stop()
            self._current = handle
            self.turns.customer_started()
        self._events.put(LineStarted(line_id, text, handle))
        return handle

    def line_finished(self) -> None:
        """The game's audio ended (optional: ``poll()`` also notices from the clock)."""
        with self._lock:
            if self._current is not None:
                self._current.stop()
                self._finish_line(self._current)

    def _finish_line(self, handle: LineHandle) -> None:
        self._current = None
        self.turns.customer_finished(expect_reply=bool(self._hints) or self._listening)
        self._events.put(LineFinished(handle.line_id))

    # -- the trainee ---------------------------------------------------------------------------------
    def listen(self, expected: Sequence[str]) -> None:
        """The trainee's turn: recognition is biased toward ``expected`` (the node's examples)."""
        with self._lock:
            self._hints = tuple(expected)
            self._listening = True
            if self._current is None:
                self.turns.expect_reply()

    def stop_listening(self) -> None:
        with self._lock:
            self._listening = False
            self._hints = ()

    def push_to_talk(self, pressed: bool) -> None:
        with self._lock:
            self._ptt = pressed

    @property
    def state(self) -> TurnState:
        with self._lock:
            return self.turns.state

    def poll(self) -> list[SpeechEvent]:
        """Every event since the last call, oldest first. Main thread, once a frame; never blocks."""
        with self._lock:
            if self._current is not None and self._current.done:
                self._finish_line(self._current)
            if self._listening and self.turns.tick():
                facts = self.turns.reply_done()
                self._listening = False
                waited = self.turns.silence_timeout_s
                delivery = Delivery(
                    mode="voice", latency_s=None, interrupted=facts.interrupted,
                    evidence=(f"no reply for {waited:.0f} s",),
                )
                self._events.put(HeardFinal("", delivery, None))
        events: list[SpeechEvent] = []
        while True:
            try:
                events.append(self._events.get_nowait())
            except queue.Empty:
                return events

    def close(self) -> None:
        self._stop.set()
        if self.listener is not None:
            with contextlib.suppress(Exception):
                self.listener.stop()
        if self._worker is not None:
            self._worker.join(timeout=5)
        for thread in self._threads:
            thread.join(timeout=5)
        self.voice.close()

    # -- internals -------------------------------------------------------------------------------------
    def _notice(self, message: str, topic: str | None = None) -> None:
        """One notice per topic ("voice", "ears") for the whole session: the trainee is told once."""
        key = topic or message
        if key not in self._notices:
            self._notices.add(key)
            self._events.put(Notice(message))

    def _audio_loop(self) -> None:
        """Worker: frames -> endpointing / push-to-talk -> streaming recognition -> HeardFinal."""
        endpointer = Endpointer(self._vad_config)
        preroll: deque[AudioFrame] = deque()
        stream: RecognitionStream | None = None
        audio_start = 0.0
        loud_energy: list[float] = []
        last_partial = last_level = -1e9
        open_by_ptt = False
        quiet_watch = QuietWatch()
        rate = self.listener.sample_rate if self.listener is not None else 16000
        while not self._stop.is_set():
            try:
                frame = self._frames.get(timeout=0.05)
            except queue.Empty:
                frame = None
            with self._lock:
                ptt = self._ptt
                hints = self._hints
                listening = self._listening
            if frame is None:
                if stream is not None and open_by_ptt and not ptt:
                    self._finish(stream, audio_start, loud_energy, self.clock.now())
                    stream, open_by_ptt = None, False
                continue
            duration = len(frame.pcm16) / 2 / rate
            level = rms_dbfs(frame.pcm16)
            if frame.t - last_level >= LEVEL_EVERY_S:
                last_level = frame.t
                self._events.put(MicLevel(max(0.0, min(1.0, (level + 60.0) / 60.0))))
            preroll.append(frame)
            while preroll and frame.t - preroll[0].t > PREROLL_S:
                preroll.popleft()
            started_at: float | None = None
            ended_at: float | None = None
            if self.mode == "hands_free":
                complete = partial(_looks_complete, stream, hints) if stream is not None and hints else None
                for event in endpointer.push(frame.t, level, duration, complete):
                    if isinstance(event, SpeechStarted):
                        started_at = event.t
                    elif isinstance(event, SpeechEnded):
                        ended_at = event.t
            else:
                endpointer.push(frame.t, level, duration)  # only to learn the room (loudness gate)
                if ptt and stream is None:
                    started_at = frame.t
                    open_by_ptt = True
                elif not ptt and stream is not None:
                    ended_at = frame.t
            if started_at is not None and stream is None and self.recognizer is not None and listening:
                with self._lock:
                    interrupting = self.turns.state == "customer_speaking"
                    self.turns.speech_started(started_at)
                self._events.put(SpeechDetected(interrupting))
                try:
                    stream = self.recognizer.stream(rate, list(hints) or None)
                except Exception as error:
                    self._notice(f"Speech recognition failed ({error}): type your reply.")
                    stream = None
                    continue
                loud_energy = []
                quiet_watch = QuietWatch()
                first = preroll[0] if preroll else frame
                audio_start = first.t
                for old in preroll:
                    stream.accept(old.pcm16)
                    old_level = rms_dbfs(old.pcm16)
                    if old.t >= started_at and old_level >= endpointer.threshold_db:
                        loud_energy.append(old_level)
                preroll.clear()
                continue
            if stream is not None:
                stream.accept(frame.pcm16)
                if level >= endpointer.threshold_db:
                    loud_energy.append(level)
                _tell_pause(stream, quiet_watch.push(level, endpointer.threshold_db, duration))
                if ended_at is not None:
                    self._finish(stream, audio_start, loud_energy, ended_at)
                    stream, open_by_ptt = None, False
                    endpointer.reset()
                elif frame.t - last_partial >= PARTIAL_EVERY_S:
                    last_partial = frame.t
                    text = stream.partial()
                    if text:
                        self._events.put(HeardPartial(text))

    def _finish(self, stream: RecognitionStream, audio_start: float, loud: list[float], end: float) -> None:
        try:
            recognition = stream.finish()
        except Exception as error:
            self._notice(f"Speech recognition failed ({error}): type your reply.")
            return
        with self._lock:
            self.turns.speech_ended(end)
            facts = self.turns.reply_done()
            self._listening = False
        level = _energy_mean_db(loud) if loud else None
        delivery = measure_delivery(
            words=recognition.words,
            audio_start=audio_start,
            speech_start=facts.speech_start,
            customer_end=facts.customer_end,
            interrupted=facts.interrupted,
            level_db=level,
            baseline=self.baseline,
        )
        self._events.put(HeardFinal(recognition.text, delivery, recognition))


def _tell_pause(stream: RecognitionStream, change: bool | None) -> None:
    """Whisper-like streams decode speculatively when the trainee goes quiet (``PauseAware``)."""
    if change is None:
        return
    hook = getattr(stream, "speech_paused" if change else "speech_resumed", None)
    if hook is not None:
        hook()


def _looks_complete(stream: RecognitionStream, expected: Sequence[str]) -> bool:
    return ends_like_expected(stream.partial(), expected)


def _energy_mean_db(levels: Sequence[float]) -> float:
    import math

    mean = sum(10 ** (x / 10.0) for x in levels) / len(levels)
    return round(10.0 * math.log10(max(mean, 1e-12)), 1)
