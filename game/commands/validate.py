"""``validate PATH... [--json]``: check scenario files or folders (SPEC section 3)."""

from __future__ import annotations

import argparse
import json
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check scenario files or folders for mistakes",
        description="Check scenario files (or every scenario file in a folder: *.yaml/*.yml whose top "
        "level has 'format' or 'nodes'; other YAML files, such as campaign.yaml, are skipped) and print "
        "one finding per line as 'path:line:col: error|warning CODE message', then a summary on stderr. "
        "Exit status 1 if any error, else 0. The codes are explained "
        "in dialogue/README.md.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a scenario file or a folder of them")
    parser.add_argument("--json", action="store_true", help="print the findings as one JSON list instead")
    parser.add_argument(
        "--semantic",
        action="store_true",
        help="find near-duplicate examples (DLG008) by meaning with the reply analyser's sentence "
        "similarity, not only by shared words (slower: loads the language model)",
    )
    parser.set_defaults(func=validate_command)


def validate_command(args: argparse.Namespace) -> int:
    from game.validate import expand_paths, summary, validate_paths

    if args.semantic:
        from game.understanding.similarity import NEAR_DUPLICATE, example_similarity

        findings = validate_paths(args.paths, example_similarity, NEAR_DUPLICATE)
    else:
        findings = validate_paths(args.paths)
    expanded = expand_paths(args.paths)
    for path in expanded.skipped:
        print(
            f"note: skipped {path}: not a scenario (its top level has neither format: nor nodes:)",
            file=sys.stderr,
        )
    if args.json:
        print(json.dumps([finding.to_json() for finding in findings], indent=2))
    else:
        for finding in findings:
            print(finding)
    print(summary(len(expanded.files), findings), file=sys.stderr)
    return 1 if any(finding.is_error for finding in findings) else 0
