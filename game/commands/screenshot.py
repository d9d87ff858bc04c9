"""``screenshot SCENARIO [--node ID] [--size WxH] -o OUT.png``: render the 3D scene with no window.

The 3D engine is imported only when the command runs, so ``--help`` and the rest of the CLI work
on machines without Ursina or a GPU. A machine that cannot render offscreen (no EGL/OpenGL) gets a
clear message and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from game.commands.common import CommandError, fail, load_scenario_for_command

DEFAULT_SIZE = (1280, 720)
MAX_SIDE = 7680
_SIZE = re.compile(r"^\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*$")


def parse_size(text: str) -> tuple[int, int]:
    """``'1280x720'`` -> (1280, 720); ValueError with a readable reason otherwise."""
    match = _SIZE.match(text)
    if match is None:
        raise ValueError(f"bad size {text!r}: expected WIDTHxHEIGHT, e.g. 1280x720")
    width, height = int(match.group(1)), int(match.group(2))
    if not (16 <= width <= MAX_SIDE and 16 <= height <= MAX_SIDE):
        raise ValueError(f"bad size {text!r}: each side must be between 16 and {MAX_SIDE} pixels")
    return width, height


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "screenshot",
        help="render the 3D scene of a scenario to a PNG, HUD included, with no window",
        description="Render SCENARIO at a node (default: its start) offscreen: the set, the customer "
        "showing the node's emotion and the mood reached along the scenario's first path, and the HUD.",
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="a .yaml path or a scenario id under dialogue/")
    parser.add_argument("--node", metavar="ID", help="the node to show (default: the start node)")
    parser.add_argument("--size", metavar="WxH", default="1280x720", help="image size (default 1280x720)")
    parser.add_argument("-o", "--output", metavar="OUT.png", required=True, help="where to write the PNG")
    parser.set_defaults(func=screenshot_command)


def screenshot_command(args: argparse.Namespace) -> int:
    try:
        size = parse_size(args.size)
    except ValueError as error:
        return fail(str(error))
    out = Path(args.output)
    if out.suffix.lower() != ".png":
        return fail(f"the output must be a .png file, not {str(out)!r}")
    try:
        scenario = load_scenario_for_command(args.scenario)
    except CommandError as error:
        return fail(str(error))
    if args.node is not None and args.node not in scenario.nodes:
        known = ", ".join(sorted(scenario.nodes))
        return fail(f"scenario {scenario.id!r} has no node {args.node!r} (nodes: {known})")
    if out.parent and not out.parent.exists():
        return fail(f"the folder {str(out.parent)!r} does not exist")
    try:
        from scenes.engine import EngineUnavailable
        from scenes.screenshot import SizeMismatch, render_scenario_png
    except ModuleNotFoundError as error:
        if (error.name or "").split(".")[0] not in ("ursina", "panda3d", "direct", "PIL"):
            raise
        return fail(f"the 3D engine is not installed ({error}); install the game with: pip install -e .")
    try:
        moment = render_scenario_png(scenario, args.node, size, out)
    except EngineUnavailable as error:
        return fail(f"cannot render offscreen on this machine: {error}. "
                    "It needs OpenGL with EGL (Debian/Ubuntu: libegl1 libgl1-mesa-dri).")  # fmt: skip
    except SizeMismatch as error:
        return fail(str(error))
    except OSError as error:
        return fail(f"cannot write {str(out)!r}: {error.strerror or error}")
    print(f"{out}: {scenario.id} at {moment.node.id} ({moment.emotion}; anger {moment.mood.anger}, "
          f"trust {moment.mood.trust}), {size[0]}x{size[1]}")  # fmt: skip
    return 0
