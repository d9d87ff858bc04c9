"""``run SCENARIO --replies FILE [--json]``: a headless scripted run (SPEC section 5)."""

from __future__ import annotations

import argparse
import json
import sys

from game.commands.common import CommandError, fail, load_scenario_for_command, read_text_file


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "run",
        help="play a scenario headlessly with scripted replies",
        description="Play SCENARIO with the replies in FILE (one per line; an empty line is silence) "
        "and print the transcript, or the SPEC's JSON object with --json.",
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="a .yaml path or a scenario id under dialogue/")
    parser.add_argument("--replies", metavar="FILE", required=True, help="trainee replies, one per line")
    parser.add_argument("--json", action="store_true", help="print one JSON object (SPEC section 5)")
    parser.add_argument("--seed", type=int, default=0, help="seed for suggestion order (default 0)")
    parser.add_argument("--trainee", metavar="NAME", help="record the session in this trainee's progress")
    parser.set_defaults(func=run_command)


def run_command(args: argparse.Namespace) -> int:
    from game.debrief import format_debrief
    from game.headless import read_replies, run_scripted
    from game.understanding.default import default_analyzer

    try:
        scenario = load_scenario_for_command(args.scenario)
        replies = read_replies(read_text_file(args.replies, "replies file"))
    except CommandError as error:
        return fail(str(error))
    result = run_scripted(scenario, replies, default_analyzer(), seed=args.seed)
    payload = result.to_json()
    if args.trainee:
        from game.commands.recording import record

        notes = record(args.trainee, payload)
        # stdout carries only the transcript (JSON must stay parseable); the notes go to stderr.
        for note in notes:
            print(note, file=sys.stderr)
    if args.json:
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(format_debrief(result), end="")
    return 0
