"""The slots the 3D game plugs speech into: a customer ``Voice`` and a trainee ``Listener``.

Both are small protocols so the speech engineers' adapters (pyttsx3, Vosk, pocketsphinx, ...)
drop in without the game knowing which engine runs. The null versions below are the defaults:
the customer is read as subtitles and the trainee types. Machines without a sound card or a
microphone therefore still play.

Threading contract: an adapter may do its work on worker threads, but everything the game calls
here runs on the main thread and must return at once. A listener hands its results over through
``poll()``, which drains a queue; the game calls it once a frame from ``update()``.
"""

from __future__ import annotations

import queue
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, cast, runtime_checkable

from game.delivery import Delivery
from game.model import Customer, Mood, Scenario, VoiceHints
from game.settings import ListenMode


@runtime_checkable
class SpeechHandle(Protocol):
    """One line being spoken."""

    @property
    def done(self) -> bool:
        """True once the line has finished (or failed, or was stopped)."""
        ...

    def loudness(self) -> float:
        """The current loudness 0..1, for the avatar's mouth and the subtitle sync."""
        ...

    def stop(self) -> None: ...


@runtime_checkable
class Voice(Protocol):
    """The customer's voice (text-to-speech)."""

    available: bool
    """False when no audio output works: the game then shows subtitles whatever the settings."""

    def speak(self, line_id: str, text: str, emotion: str, hints: VoiceHints) -> SpeechHandle:
        """Start speaking a line at once and return; ``line_id`` is stable (for caches)."""
        ...

    def set_volume(self, volume: float) -> None: ...

    def prepare(self, scenario: Scenario) -> None:
        """A scenario is about to start: render its lines ahead (worker thread) and remember whose
        voice it is. Returns at once."""
        ...

    def stop(self) -> None:
        """Stop whatever is being said (leaving a scenario, opening the menu)."""
        ...


ListenKind = Literal["level", "speaking", "partial", "final", "notice", "error"]


@dataclass(frozen=True)
class ListenEvent:
    """Something the listener noticed.

    ``level``: microphone loudness 0..1 (for the indicator); ``speaking``: the trainee started to
    speak (``text`` empty); ``partial``: words so far; ``final``: the whole reply, with its
    measured ``delivery`` (empty ``text``: nothing was heard in time); ``notice``: tell the trainee
    once, in plain words; ``error``: the listener stopped working (``text`` says why).
    """

    kind: ListenKind
    text: str = ""
    level: float = 0.0
    delivery: Delivery | None = None


@runtime_checkable
class Listener(Protocol):
    """The trainee's microphone and speech recogniser."""

    available: bool

    def start(self, expected: Sequence[str]) -> None:
        """Listen for one reply; ``expected`` are the authored phrasings (grammar / prompt hints)."""
        ...

    def stop(self) -> None: ...

    def poll(self) -> list[ListenEvent]:
        """Every event since the last call, oldest first (non-blocking, main thread)."""
        ...


class TalkKey(Protocol):
    """What a listener that supports push-to-talk offers besides ``Listener`` (optional: the game
    looks for it). ``mode`` is how it listens now; ``push_to_talk`` is called on the talk key's
    down (True) and up (False); ``set_mode`` switches between conversations."""

    @property
    def mode(self) -> ListenMode: ...

    def push_to_talk(self, pressed: bool) -> None: ...

    def set_mode(self, mode: ListenMode) -> None: ...


_NEUTRAL_MOOD = Mood(anger=0, trust=50)


# --- null versions: subtitles only, typing only -----------------------------------------------


class SilentHandle:
    """A line that is not spoken: done at once, no loudness."""

    @property
    def done(self) -> bool:
        return True

    def loudness(self) -> float:
        return 0.0

    def stop(self) -> None:
        return None


class NullVoice:
    available = False

    def __init__(self) -> None:
        self.spoken: list[tuple[str, str]] = []
        """(line_id, text) of every line asked for, for tests and logs."""
        self.volume = 1.0

    def speak(self, line_id: str, text: str, emotion: str, hints: VoiceHints) -> SpeechHandle:
        self.spoken.append((line_id, text))
        return SilentHandle()

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def prepare(self, scenario: Scenario) -> None:
        return None

    def stop(self) -> None:
        return None


class NullListener:
    available = False

    def start(self, expected: Sequence[str]) -> None:
        return None

    def stop(self) -> None:
        return None

    def poll(self) -> list[ListenEvent]:
        return []


class QueueListener:
    """A listener fed through a thread-safe queue: the base for adapters, and a scripted stand-in.

    A worker thread (or a test) calls ``push``; the game drains with ``poll`` on the main thread.
    ``mode``, ``push_to_talk`` and ``set_mode`` follow ``TalkKey``; the presses are recorded.
    """

    available = True

    def __init__(self, mode: ListenMode = "hands_free") -> None:
        self._queue: queue.SimpleQueue[ListenEvent] = queue.SimpleQueue()
        self.listening = False
        self.expected: tuple[str, ...] = ()
        self.mode: ListenMode = mode
        self.talking = False
        self.presses: list[bool] = []
        """Every ``push_to_talk`` call, in order (True = key down)."""

    def push_to_talk(self, pressed: bool) -> None:
        self.presses.append(pressed)
        self.talking = pressed

    def set_mode(self, mode: ListenMode) -> None:
        self.mode = mode

    def push(self, event: ListenEvent) -> None:
        self._queue.put(event)

    def start(self, expected: Sequence[str]) -> None:
        self.listening = True
        self.expected = tuple(expected)

    def stop(self) -> None:
        self.listening = False

    def poll(self) -> list[ListenEvent]:
        events: list[ListenEvent] = []
        while True:
            try:
                events.append(self._queue.get_nowait())
            except queue.Empty:
                return events


# --- adapters for the speech side's ``game.speech.session.SpeechSession`` ------------------------


class _PlayedLine:
    """A session ``LineHandle`` plus the Ursina ``Audio`` playing its WAV (main thread only)."""

    def __init__(self, handle: Any, audio: Any, session: Any) -> None:
        self.handle = handle
        self.audio = audio
        self.session = session

    @property
    def done(self) -> bool:
        return bool(self.handle.done)

    def loudness(self) -> float:
        return float(self.handle.loudness())

    def stop(self) -> None:
        if self.handle.done:
            return
        self.handle.stop()
        if self.audio is not None:
            self.audio.stop(destroy=True)
        self.session.line_finished()


def _play(path: Any, volume: float) -> Any:
    """Play a WAV file anywhere on disk (Ursina's ``Audio("name")`` only searches the asset folders)."""
    from panda3d.core import Filename
    from ursina import Audio, application

    clip = application.base.loader.loadSfx(Filename.fromOsSpecific(str(path)))
    return Audio(clip, autoplay=True, loop=False, volume=volume)


class SessionVoice:
    """``Voice`` over a ``SpeechSession``: the session renders the line, the game plays the WAV."""

    def __init__(self, session: Any, volume: float = 1.0, play_audio: bool = True) -> None:
        self.session = session
        self.volume = volume
        self.play_audio = play_audio
        self.customer: Customer | None = None
        self.current: _PlayedLine | None = None

    @property
    def available(self) -> bool:
        return bool(self.session.voice.available)

    def prepare(self, scenario: Scenario) -> None:
        self.customer = scenario.customer
        self.session.prepare(scenario)

    def speak(self, line_id: str, text: str, emotion: str, hints: VoiceHints) -> SpeechHandle:
        customer = self.customer or Customer(name="customer", mood=_NEUTRAL_MOOD, voice=hints)
        handle = self.session.speak(line_id, text, emotion, customer)
        audio = None
        if handle.path is not None and self.play_audio:
            audio = _play(handle.path, self.volume)
        if self.current is not None:
            self.current.stop()
        self.current = _PlayedLine(handle, audio, self.session)
        return self.current

    def set_volume(self, volume: float) -> None:
        self.volume = volume
        if self.current is not None and self.current.audio is not None:
            self.current.audio.volume = volume

    def stop(self) -> None:
        if self.current is not None:
            self.current.stop()
            self.current = None


class SessionListener:
    """``Listener`` over a ``SpeechSession``: its events, translated, drained once a frame."""

    def __init__(self, session: Any) -> None:
        self.session = session

    @property
    def available(self) -> bool:
        return bool(self.session.voice_input)

    @property
    def mode(self) -> ListenMode:
        return cast(ListenMode, self.session.mode)

    def push_to_talk(self, pressed: bool) -> None:
        self.session.push_to_talk(pressed)

    def set_mode(self, mode: ListenMode) -> None:
        """Takes effect on the session's next audio frame; called between conversations."""
        self.session.push_to_talk(False)
        self.session.mode = mode

    def start(self, expected: Sequence[str]) -> None:
        self.session.listen(list(expected))

    def stop(self) -> None:
        self.session.stop_listening()

    def poll(self) -> list[ListenEvent]:
        from game.speech.session import HeardFinal, HeardPartial, MicLevel, Notice, SpeechDetected

        events: list[ListenEvent] = []
        for event in self.session.poll():
            if isinstance(event, MicLevel):
                events.append(ListenEvent("level", level=event.level))
            elif isinstance(event, SpeechDetected):
                events.append(ListenEvent("speaking"))
            elif isinstance(event, HeardPartial):
                events.append(ListenEvent("partial", event.text))
            elif isinstance(event, HeardFinal):
                events.append(ListenEvent("final", event.text, delivery=event.delivery))
            elif isinstance(event, Notice):
                events.append(ListenEvent("notice", event.message))
        return events

    def close(self) -> None:
        self.session.close()
