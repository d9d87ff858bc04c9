"""``play SCENARIO [--text]``: play one scenario, in the 3D game or in the terminal."""

from __future__ import annotations

import argparse
import json
import sys

from game.commands.common import CommandError, fail, load_scenario_for_command
from game.model import Scenario


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "play",
        help="play one scenario (3D, or --text in the terminal)",
        description="Play SCENARIO. With --text the conversation runs in the terminal: type replies "
        "or pick a numbered suggestion; the debrief prints at the end.",
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="a .yaml path or a scenario id under dialogue/")
    parser.add_argument("--text", action="store_true", help="play in the terminal, no 3D")
    parser.add_argument("--trainee", metavar="NAME", help="record the session in this trainee's progress")
    parser.add_argument("--assessment", action="store_true", help="no coaching cues")
    parser.add_argument("--seed", type=int, default=0, help="seed for suggestion order (default 0)")
    parser.add_argument("--json", action="store_true", help="after --text play, print the result as JSON")
    parser.set_defaults(func=play_command)


def play_command(args: argparse.Namespace) -> int:
    try:
        scenario = load_scenario_for_command(args.scenario)
    except CommandError as error:
        return fail(str(error))
    if not args.text:
        from game.commands.start import start_game

        return start_game(scenario=scenario, trainee=args.trainee, assessment=args.assessment)
    return play_in_terminal(args, scenario)


def play_in_terminal(args: argparse.Namespace, scenario: Scenario) -> int:
    from game.terminal import TerminalPlay
    from game.understanding.default import default_analyzer

    session = TerminalPlay(
        scenario, default_analyzer(), input, sys.stdout, seed=args.seed, coaching=not args.assessment
    )
    result = session.play()
    payload = result.to_json()
    if args.trainee:
        from game.commands.recording import record

        for note in record(args.trainee, payload, mode="assessment" if args.assessment else None):
            print(note)
    if args.json:
        print(json.dumps(payload, ensure_ascii=False))
    return 0
