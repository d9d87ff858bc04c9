"""``graph SCENARIO -o OUT``: draw the dialogue graph as .svg, .png or .dot (no Graphviz needed)."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "graph",
        help="draw a scenario's dialogue graph (.svg, .png or .dot)",
        description="Draw SCENARIO's dialogue graph. Boxes show each node's id, first line and emotion; "
        "arrows carry the branch id and its condition; 'otherwise' arrows are dashed; endings are "
        "green (resolved), red (walked_out) or amber (any other outcome); nodes unreachable from the "
        "start are grey. The format follows OUT's extension: .svg (browsers), .png (image) or .dot "
        "(Graphviz text, if you have it). The graph is drawn even when the checks that it helps to "
        "debug (unreachable nodes, dead ends) fail; schema errors stop it.",
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="a .yaml path or a scenario id under dialogue/")
    parser.add_argument(
        "-o", "--output", metavar="OUT", required=True, help="output file: .svg, .png or .dot"
    )
    parser.set_defaults(func=graph_command)


def graph_command(args: argparse.Namespace) -> int:
    from pathlib import Path

    from game.findings import has_errors
    from game.graph import FORMATS, write_graph
    from game.loader import ScenarioNotFound, build_draft, resolve_scenario
    from game.validate import check_scenario

    out = Path(args.output)
    if out.suffix.lower() not in FORMATS:
        print(f"error: OUT must end in {', '.join(FORMATS)} (got {out.name!r})", file=sys.stderr)
        return 2
    try:
        path = resolve_scenario(args.scenario)
        data = path.read_bytes()
    except ScenarioNotFound as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    except OSError as problem:
        print(f"error: cannot read {args.scenario}: {problem.strerror or problem}", file=sys.stderr)
        return 1
    draft, findings = build_draft(data, str(path))
    if draft is None or has_errors(findings):
        print(f"error: cannot draw {path}: fix these first", file=sys.stderr)
        for finding in findings:
            print(finding, file=sys.stderr)
        return 1
    for finding in check_scenario(draft):
        if finding.is_error:
            print(f"note: {finding}", file=sys.stderr)
    try:
        write_graph(draft, out)
    except OSError as problem:
        print(f"error: cannot write {out}: {problem.strerror or problem}", file=sys.stderr)
        return 1
    print(f"wrote {out}", file=sys.stderr)
    return 0
