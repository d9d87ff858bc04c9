"""The customer's voice through pyttsx3 (espeak-ng on Linux, SAPI5 on Windows, NSSpeechSynthesizer on macOS).

pyttsx3 pitfalls handled here (docs/speech.md): the engine is created and used on ONE worker thread
that owns it; one utterance at a time (never several queued ``save_to_file``); each job waits for the
``finished-utterance`` callback *and* for the file size to be stable; every property is set before
every utterance (``getProperty('rate')`` cannot be trusted); the driver's "Audio saved to" print is
kept off the game's stdout.
"""

from __future__ import annotations

import contextlib
import io
import queue
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TextIO

from game.adapters.tts_null import NullVoice
from game.speech.types import SpeechUnavailable, Voice, VoiceInfo, VoiceSettings

_FILE_WAIT_S = 10.0


class _DropDriverChatter(io.TextIOBase):
    """stdout that drops the driver's "Audio saved to ..." lines (printed from espeak's callback
    thread) and passes everything else through."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner
        self._dropping: set[int] = set()

    def write(self, text: str) -> int:
        me = threading.get_ident()
        if text.startswith("Audio saved to "):
            self._dropping.add(me)
            return len(text)
        if me in self._dropping and text == "\n":
            self._dropping.discard(me)
            return len(text)
        return self.inner.write(text)

    def flush(self) -> None:
        self.inner.flush()


class Pyttsx3Voice:
    supports_variants = False

    def __init__(self, driver: str | None = None, start_timeout_s: float = 10.0) -> None:
        self._jobs: queue.Queue[tuple[str, Any, Future[Any]] | None] = queue.Queue()
        self._ready: Future[tuple[str, list[VoiceInfo]]] = Future()
        self._thread = threading.Thread(target=self._run, args=(driver,), name="tts-engine", daemon=True)
        self._thread.start()
        try:
            self.engine, voices = self._ready.result(timeout=start_timeout_s)
        except SpeechUnavailable:
            raise
        except Exception as error:  # driver failures come in every shape
            raise SpeechUnavailable(f"text-to-speech engine failed to start: {error}") from None
        self._voices = voices
        self.available = True
        self.supports_variants = "espeak" in self.engine

    # -- public API, any thread -----------------------------------------------------------------
    def voices(self) -> Sequence[VoiceInfo]:
        return tuple(self._voices)

    def synthesize(self, text: str, settings: VoiceSettings, out: Path) -> None:
        future: Future[Any] = Future()
        self._jobs.put(("save", (text, settings, Path(out)), future))
        try:
            future.result(timeout=_FILE_WAIT_S + 20.0)
        except SpeechUnavailable:
            raise
        except Exception as error:
            raise SpeechUnavailable(f"text-to-speech failed: {error}") from None

    def close(self) -> None:
        """Release this voice. The process-wide voice of ``open_voice()`` stays up (pyttsx3 keeps one
        engine per driver and espeak one callback per process: a second engine would steal it)."""
        if self is _shared.get("voice"):
            return
        self.shutdown()

    def shutdown(self) -> None:
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(timeout=5)

    # -- the engine thread ------------------------------------------------------------------------
    def _run(self, driver: str | None) -> None:
        try:
            import pyttsx3

            engine = pyttsx3.init(driverName=driver) if driver else pyttsx3.init()
            finished = threading.Event()
            engine.connect("finished-utterance", lambda name=None, completed=True: finished.set())
            driver_name = type(engine.proxy._driver).__module__.rsplit(".", 1)[-1]
            voices = [
                VoiceInfo(
                    id=str(v.id),
                    name=str(getattr(v, "name", "") or v.id),
                    languages=tuple(str(x) for x in (getattr(v, "languages", None) or ())),
                    gender=(str(v.gender).lower() if getattr(v, "gender", None) else None),
                )
                for v in engine.getProperty("voices")
            ]
            self._espeak: Any = None
            if driver_name == "espeak":
                with contextlib.suppress(Exception):
                    from pyttsx3.drivers import _espeak

                    self._espeak = _espeak
            self._warm_up(engine, finished)
            version = getattr(pyttsx3, "__version__", "")
            self._ready.set_result((f"pyttsx3{('-' + version) if version else ''}/{driver_name}", voices))
        except Exception as error:
            self._ready.set_exception(SpeechUnavailable(f"text-to-speech engine unavailable: {error}"))
            return
        while True:
            job = self._jobs.get()
            if job is None:
                with contextlib.suppress(Exception):
                    engine.stop()
                return
            _kind, payload, future = job
            text, settings, out = payload
            try:
                self._save(engine, finished, text, settings, out)
                future.set_result(None)
            except Exception as error:
                future.set_exception(error)

    def _warm_up(self, engine: Any, finished: threading.Event) -> None:
        """Say one throw-away word. Until the first ``runAndWait`` the proxy is "busy" and queues
        property changes, which then reach espeak right before the Cancel that starts synthesis and
        are lost (the first line came out at the default rate about one run in eight)."""
        import tempfile

        with tempfile.TemporaryDirectory(prefix="tts-warmup-") as folder:
            saved_stdout = sys.stdout
            sys.stdout = _DropDriverChatter(saved_stdout)
            try:
                engine.save_to_file("ready", str(Path(folder) / "warmup.wav"))
                engine.runAndWait()
                finished.wait(timeout=_FILE_WAIT_S)  # runAndWait may return before the callback
            finally:
                if isinstance(sys.stdout, _DropDriverChatter):
                    sys.stdout = saved_stdout
        self._settle()

    def _settle(self) -> None:
        """espeak-ng queues property changes on its own thread; ``runAndWait`` begins with a Cancel that
        can discard them while that queue is busy (the rate of a line was then silently lost). Wait
        until espeak has applied them."""
        if self._espeak is None:
            return
        deadline = time.monotonic() + 1.0
        while self._espeak.IsPlaying() and time.monotonic() < deadline:
            time.sleep(0.002)

    def _save(
        self, engine: Any, finished: threading.Event, text: str, settings: VoiceSettings, out: Path
    ) -> None:
        try:
            self._save_once(engine, finished, text, settings, settings.voice_id, out)
        except SpeechUnavailable:
            raise
        except Exception:
            if not settings.voice_id or "+" not in settings.voice_id:
                raise
            # A variant this engine does not know: the base voice still keeps the line audible.
            self._save_once(engine, finished, text, settings, settings.voice_id.split("+", 1)[0], out)

    def _save_once(
        self,
        engine: Any,
        finished: threading.Event,
        text: str,
        settings: VoiceSettings,
        voice_id: str | None,
        out: Path,
    ) -> None:
        if voice_id:
            engine.setProperty("voice", voice_id)
        engine.setProperty("rate", int(settings.rate_wpm))
        engine.setProperty("volume", float(settings.volume))
        with contextlib.suppress(Exception):  # only some drivers know pitch
            engine.setProperty("pitch", int(settings.pitch))
        self._settle()
        if out.exists():
            out.unlink()
        finished.clear()
        saved_stdout = sys.stdout
        sys.stdout = _DropDriverChatter(saved_stdout)
        try:
            engine.save_to_file(text, str(out))
            engine.runAndWait()
            finished.wait(timeout=_FILE_WAIT_S)  # runAndWait may return before the callback
            _wait_for_stable_file(out)
        finally:
            if isinstance(sys.stdout, _DropDriverChatter):
                sys.stdout = saved_stdout


def _wait_for_stable_file(path: Path, timeout_s: float = _FILE_WAIT_S) -> None:
    """runAndWait can return before the file is written: wait until it exists and its size holds."""
    deadline = time.monotonic() + timeout_s
    last = -1
    while time.monotonic() < deadline:
        size = path.stat().st_size if path.exists() else -1
        if size > 44 and size == last:
            return
        last = size
        time.sleep(0.01)
    raise SpeechUnavailable(f"text-to-speech wrote no complete file ({path.name})")


_shared: dict[str, Pyttsx3Voice] = {}
_shared_lock = threading.Lock()


def open_voice(driver: str | None = None) -> Voice:
    """The best voice here: pyttsx3 if it starts, else a ``NullVoice`` (subtitles only, one notice).

    One pyttsx3 voice per process, shared by every caller (its engine thread serialises the work)."""
    import importlib.util

    if importlib.util.find_spec("pyttsx3") is None:
        return NullVoice("pyttsx3 is not installed")
    with _shared_lock:
        voice = _shared.get("voice")
        if voice is not None and voice._thread.is_alive():
            return voice
        try:
            voice = Pyttsx3Voice(driver)
        except SpeechUnavailable as error:
            return NullVoice(str(error))
        _shared["voice"] = voice
        return voice
