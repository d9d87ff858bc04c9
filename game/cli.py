"""The command line (SPEC section 5): ``python main.py [COMMAND ...]``.

Each subcommand lives in its own module under ``game.commands`` exposing
``register(subparsers) -> None``; the module must import nothing heavy at module level so that
``--help`` stays fast and works on machines without an engine, audio or speech library.
Exit status: 0 success, 1 content or input error, 2 usage error (argparse's own).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMAND_MODULES: tuple[str, ...] = (
    "game.commands.play",
    "game.commands.run",
    "game.commands.validate",
    "game.commands.score",
    "game.commands.graph",
    "game.commands.screenshot",
    "game.commands.say",
    "game.commands.transcribe",
    "game.commands.models",
    "game.commands.report",
    "game.commands.progress",
    "game.commands.campaign",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="empathy-trainer",
        description="Practise calming upset customers. With no command, the 3D game starts.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:
                continue  # a command not built yet; the rest of the CLI still works
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.command is None:
        from game.commands.start import start_game

        return start_game()
    try:
        result: int = args.func(args)
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130
    return result


if __name__ == "__main__":
    sys.exit(main())
