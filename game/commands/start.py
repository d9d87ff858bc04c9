"""``python main.py`` with no command: open the 3D game (menu), or play in the terminal without one.

Nothing heavy is imported at module level: the engine, the speech adapters and the analyser are
loaded only when the game really starts, so ``--help`` stays instant.
"""

from __future__ import annotations

import argparse
import os
import sys
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.model import Scenario
    from game.settings import Settings


def display_problem() -> str | None:
    """Why no window can open here, when that is known before trying (else None)."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return "there is no display (DISPLAY is not set)"
    return None


def start_game(scenario: Scenario | None = None, trainee: str | None = None, assessment: bool = False) -> int:
    """Open the game window on the menu (or on ``scenario``'s brief); 0 when the player quits."""
    from game.settings import load_settings
    from game.understanding.default import prewarm

    # The reply analyser takes most of a second to load: let it load while the window opens.
    prewarm()

    settings = load_settings()
    if trainee:
        settings = settings.with_changes(trainee=trainee)
    if assessment:
        settings = settings.with_changes(coaching=False)

    from scenes.app import discover_scenarios

    problems: list[str] = []
    scenarios = discover_scenarios(report=problems.append)
    for problem in problems:
        print(f"warning: scenario skipped: {problem}", file=sys.stderr)
    if scenario is not None and all(s.id != scenario.id for s in scenarios):
        scenarios.append(scenario)
    if not scenarios:
        print("error: no playable scenarios found in dialogue/", file=sys.stderr)
        return 1

    reason = display_problem()
    app = None
    if reason is None:
        try:
            from scenes.engine import EngineUnavailable, create_app

            try:
                app = create_app(size=settings.window_size, offscreen=False, title="Empathy Trainer")
            except EngineUnavailable as error:
                reason = str(error)
        except ImportError as error:  # the engine is not installed
            reason = f"the 3D engine is not available ({error})"
    if app is None:
        first = scenario or scenarios[0]
        print(
            f"Cannot open the game window: {str(reason).rstrip('.')}.\n"
            f"Playing in the terminal instead (same as: python main.py play {first.id} --text).\n",
            file=sys.stderr,
        )
        return _terminal(first, settings, assessment)

    return _run_window(app, scenarios, settings, scenario, save=not assessment)


def _open_recognizer(engine: str) -> Any:
    """The settings' speech engine (``EMPATHY_TRAINER_ASR``, when set, wins: handy for a quick try);
    loaded on the session's worker thread."""
    from game.adapters.asr_default import open_recognizer
    from game.speech.engines import ENGINE_VARIABLE

    return open_recognizer(engine=os.environ.get(ENGINE_VARIABLE) or engine)


def _terminal(scenario: Scenario, settings: Settings, assessment: bool) -> int:
    from game.commands.play import play_in_terminal

    args = argparse.Namespace(
        scenario=scenario.id,
        text=True,
        trainee=settings.trainee or None,
        assessment=assessment or not settings.coaching,
        seed=0,
        json=False,
    )
    return play_in_terminal(args, scenario)


def speech_ports(settings: Settings) -> tuple[Any, Any]:
    """The customer's voice and the trainee's ears for the game: the speech session when it works.

    The customer speaks through ``game.speech.session.SpeechSession`` (pyttsx3, or subtitles only
    when no voice starts); with "Reply by: Voice" the microphone and recogniser load on a worker
    thread, listening the way the settings say (``listen_mode``: hold Tab to talk, the default, or
    hands-free). Anything missing degrades to subtitles and typing, with one notice on screen.
    """
    from scenes.ports import NullListener, NullVoice

    try:
        from game.adapters.tts_pyttsx3 import open_voice
        from game.speech.session import SpeechSession
        from scenes.ports import SessionListener, SessionVoice
    except ImportError as error:
        print(f"note: speech is off ({error}): subtitles and typing only", file=sys.stderr)
        return NullVoice(), NullListener()
    try:
        microphone = None
        if settings.input_mode == "voice":
            from game.adapters.audio_mic import MicrophoneListener

            microphone = MicrophoneListener()
        session = SpeechSession(open_voice(), microphone, mode=settings.listen_mode,
                                recognizer=partial(_open_recognizer, settings.speech_engine))
        session.start()
    except Exception as error:  # speech is optional: the game is fully playable without it
        print(f"note: speech is off ({error}): subtitles and typing only", file=sys.stderr)
        return NullVoice(), NullListener()
    voice = SessionVoice(session, settings.volume)
    listener = SessionListener(session) if microphone is not None else NullListener()
    return voice, listener


def _run_window(
    app: Any, scenarios: list[Scenario], settings: Settings, scenario: Scenario | None, save: bool
) -> int:
    from ursina import application

    from game.understanding.default import default_analyzer, prewarm
    from scenes.app import GameApp

    prewarm()  # the analyser loads in the background while the menu is up
    voice, listener = speech_ports(settings)
    game = GameApp(
        scenarios,
        settings,
        default_analyzer,
        voice=voice,
        listener=listener,
        save=save,
        on_quit=application.quit,
        ports=speech_ports,
    )
    if scenario is not None:
        game.open_scenario(scenario)
    else:
        game.show_menu()
    app.run(info=False)
    return 0
