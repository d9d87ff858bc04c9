"""``report [--trainee NAME] -o OUT.html``: a self-contained progress report (SPEC section 5).

With ``--trainee`` it is that trainee's report (skills over time, strengths, what to practise,
campaign, achievements); without, the trainer's view across every trainee.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from game.commands.common import fail


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write an HTML progress report for one trainee, or for all trainees (trainer view)",
        description="Write a self-contained HTML report (charts inline, readable offline, print-friendly): "
        "one trainee's progress with --trainee, else the trainer's view across every trainee.",
    )
    parser.add_argument("--trainee", metavar="NAME", help="one trainee (default: the trainer view)")
    parser.add_argument(
        "-o", "--output", metavar="OUT.html", type=Path, required=True, help="the file to write"
    )
    parser.add_argument("--store", metavar="PATH", type=Path, help="the progress store file")
    parser.set_defaults(func=report_command)


def report_command(args: argparse.Namespace) -> int:
    from game.progress import ProgressError, SystemWallClock
    from game.progress.files import write_text_atomic
    from game.progress.library import load_default_campaign, load_library, read_sessions
    from game.reports.build import build_trainer_report
    from game.reports.history import write_trainee_history

    if args.output.suffix.lower() not in (".html", ".htm"):
        return fail(f"the report is HTML: give an output file ending in .html, not {args.output.name!r}")
    if args.trainee:
        try:
            write_trainee_history(args.trainee, args.output, args.store)
        except ProgressError as error:
            return fail(str(error))
        except OSError as error:
            return fail(f"cannot write {args.output}: {error.strerror or error}")
        print(f"wrote {args.output}")
        return 0
    try:
        sessions = read_sessions(args.store)
    except ProgressError as error:
        return fail(str(error))
    library = load_library()
    campaign = load_default_campaign(library).campaign
    page = build_trainer_report(sessions, library, campaign, now=SystemWallClock().now())
    try:
        write_text_atomic(args.output, page)
    except OSError as error:
        return fail(f"cannot write {args.output}: {error.strerror or error}")
    print(f"wrote {args.output}")
    return 0
