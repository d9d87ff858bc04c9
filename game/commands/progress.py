"""``progress [--trainee NAME] [--json]``: what the progress store holds (SPEC section 5).

Also ``progress export-xapi --trainee NAME -o FILE.json [--send]`` and ``progress breathe``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from game.commands.common import fail


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "progress",
        help="what the progress store holds: sessions, levels passed, per-skill averages",
        description="Show a trainee's (or every trainee's) recorded sessions, levels passed and per-skill "
        "figures. Sessions are recorded by `run`/`play --trainee NAME`.",
    )
    parser.add_argument("--trainee", metavar="NAME", help="one trainee (default: every trainee)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--store", metavar="PATH", type=Path, help="the progress store file")
    parser.set_defaults(func=progress_command)
    actions = parser.add_subparsers(dest="progress_action", metavar="ACTION")

    export = actions.add_parser(
        "export-xapi",
        help="write a trainee's sessions as xAPI statements (and send them to an LRS with --send)",
        description="Write xAPI 1.0.3 statements (completed, passed/failed) for the trainee's sessions. "
        "--send also POSTs them to the learning record store in EMPATHY_TRAINER_LRS_URL "
        "(auth: EMPATHY_TRAINER_LRS_AUTH, user:password or a whole Authorization value).",
    )
    export.add_argument("--trainee", metavar="NAME", required=True, default=argparse.SUPPRESS)
    export.add_argument("-o", "--output", metavar="FILE", type=Path, help="the .json file to write")
    export.add_argument("--send", action="store_true", help="POST the statements to the configured LRS")
    export.add_argument("--store", metavar="PATH", type=Path, default=argparse.SUPPRESS)
    export.set_defaults(func=export_xapi_command)

    breathe = actions.add_parser(
        "breathe",
        help="a one-minute guided breathing exercise",
        description="Breathe in, hold, breathe out: a one-minute exercise to reset after hard conversations.",
    )
    breathe.add_argument("--seconds", type=float, default=60.0, help="length of the exercise (default 60)")
    breathe.add_argument("--speed", type=float, default=1.0, help=argparse.SUPPRESS)
    breathe.set_defaults(func=breathe_command)


def progress_command(args: argparse.Namespace) -> int:
    from game.progress import ProgressError, SystemWallClock
    from game.progress.library import (
        load_default_campaign,
        load_library,
        read_sessions,
        trainee_overview,
        trainees_of,
    )
    from game.progress.skills import summary

    try:
        sessions = read_sessions(args.store, args.trainee)
    except ProgressError as error:
        return fail(str(error))
    library = load_library()
    loaded = load_default_campaign(library)
    now = SystemWallClock().now()

    def overview(name: str, own: list[Any]) -> dict[str, Any]:
        from game.campaign import status

        campaign_status = status(loaded.campaign, own, library.levels) if loaded.campaign else None
        return trainee_overview(name, own, library, campaign_status, now=now)

    if args.trainee:
        name = sessions[0].trainee if sessions else args.trainee.strip()
        if not sessions:
            print(f"note: no sessions recorded for {name!r} yet", file=sys.stderr)
        payload = overview(name, sessions)
    else:
        people = [
            overview(name, [s for s in sessions if s.trainee == name]) for name in trainees_of(sessions)
        ]
        payload = {
            "trainees": people,
            "sessions": [s.to_json() for s in sessions],
            "levels_passed": {p["trainee"]: p["levels_passed"] for p in people},
            "skills": summary(sessions, library.relevance),
        }
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=None))
        return 0
    print(format_progress(payload, single=bool(args.trainee)), end="")
    return 0


def format_progress(payload: dict[str, Any], *, single: bool) -> str:
    people = [payload] if single else payload["trainees"]
    if not people:
        return "No sessions recorded yet. Record one with: run SCENARIO --replies FILE --trainee NAME\n"
    lines: list[str] = []
    for person in people:
        skills = person["skills"]
        averages = skills["averages"]
        lines.append(f"{person['trainee']}: {skills['sessions']} session(s)")
        if averages["empathy"] is not None:
            lines.append(f"  averages: empathy {averages['empathy']}, composure {averages['composure']}")
        passed = person["levels_passed"]
        lines.append(f"  levels passed: {', '.join(map(str, passed)) if passed else 'none yet'}")
        shown = [
            f"{tag} {stat['shown']}/{stat['relevant']}"
            for tag, stat in skills["tags"].items()
            if stat["kind"] == "empathy" and stat["relevant"]
        ]
        if shown:
            lines.append("  shown when relevant: " + ", ".join(shown))
        slips = [
            f"{tag} x{stat['shown']}"
            for tag, stat in skills["tags"].items()
            if stat["kind"] == "composure" and stat["shown"]
        ]
        if slips:
            lines.append("  composure slips: " + ", ".join(slips))
        for achievement in person["achievements"]:
            lines.append(f"  * {achievement['title']}")
        if person["wellbeing"]["suggested"]:
            lines.append("  " + person["wellbeing"]["message"])
    return "\n".join(lines) + "\n"


def export_xapi_command(args: argparse.Namespace) -> int:
    from game.progress import ProgressError
    from game.progress.files import write_text_atomic
    from game.progress.library import read_sessions
    from game.progress.xapi import lrs_config, send, statements

    if args.output is None and not args.send:
        return fail("nothing to do: give -o FILE.json, --send, or both")
    try:
        sessions = read_sessions(getattr(args, "store", None), args.trainee)
        if not sessions:
            return fail(f"no sessions recorded for trainee {args.trainee!r}")
        batch = statements(sessions)
        if args.output is not None:
            write_text_atomic(args.output, json.dumps(batch, ensure_ascii=False, indent=2) + "\n")
            print(f"wrote {len(batch)} statement(s) to {args.output}")
        if args.send:
            config = lrs_config()
            if config is None:
                return fail("no learning record store configured: set EMPATHY_TRAINER_LRS_URL")
            code = send(batch, config)
            print(f"sent {len(batch)} statement(s) to {config.statements_url} (HTTP {code})")
    except ProgressError as error:
        return fail(str(error))
    except OSError as error:
        return fail(f"cannot write {args.output}: {error.strerror or error}")
    return 0


def breathe_command(args: argparse.Namespace) -> int:
    from game.progress.wellbeing import breathing_script

    if not 5 <= args.seconds <= 600:
        return fail("--seconds must be between 5 and 600")
    speed = max(args.speed, 0.001)
    script = breathing_script(args.seconds)
    print(f"A {round(script[-1].end)}-second breathing exercise. Follow the prompts; Ctrl+C stops.")
    for phase in script:
        print(f"{phase.prompt} ... {round(phase.duration)}", flush=True)
        time.sleep(phase.duration / speed)
    print("Well done. Take that calm into the next conversation.")
    return 0
