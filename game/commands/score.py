"""``score [TEXT] [--jsonl FILE] [--context TEXT] [--json]``: analyse replies out of any scenario.

Each reply gets its behaviour tags with evidence (the quoted words and why they count) and a
standalone turn score, 0..100 for empathy and composure (``game.scoring.score_reply``: with a
customer line the customer is taken to be upset, so acknowledging before fixing counts).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "score",
        help="analyse replies out of any scenario: tags, evidence, empathy and composure",
        description="Analyse a reply (TEXT) or a file of replies (--jsonl: one JSON object a line, "
        '{"text": ..., "context": ...}) and show the behaviour tags found, the words that show them, '
        "and a standalone empathy and composure score (0-100).",
    )
    parser.add_argument("text", nargs="?", metavar="TEXT", help="the reply to analyse")
    parser.add_argument(
        "--jsonl", metavar="FILE", help='replies, one JSON object a line: {"text": ..., "context": ...}'
    )
    parser.add_argument("--context", metavar="TEXT", help="the customer's line the reply answers")
    parser.add_argument("--json", action="store_true", help="print one JSON object a line")
    parser.set_defaults(func=score_command, _parser=parser)


def score_command(args: argparse.Namespace) -> int:
    from game.commands.common import CommandError, fail, read_text_file

    if args.text is None and args.jsonl is None:
        args._parser.error("give a reply TEXT or --jsonl FILE")
    items: list[tuple[str, str | None]] = []
    if args.text is not None:
        items.append((args.text, args.context))
    if args.jsonl is not None:
        try:
            items.extend(parse_jsonl(read_text_file(args.jsonl, "replies file"), args.jsonl, args.context))
        except CommandError as error:
            return fail(str(error))

    from game.understanding.default import default_analyzer

    analyzer = default_analyzer()
    try:
        for text, context in items:
            record = analyse(analyzer, text, context)
            if args.json:
                print(json.dumps(record, ensure_ascii=False))
            else:
                print(format_record(record))
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly
        sys.stderr.close()
    return 0


def parse_jsonl(content: str, path: str, default_context: str | None) -> list[tuple[str, str | None]]:
    from game.commands.common import CommandError

    items: list[tuple[str, str | None]] = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as error:
            raise CommandError(f"{path}:{number}: not valid JSON ({error.msg})") from None
        if not isinstance(obj, dict):
            raise CommandError(f"{path}:{number}: expected an object like {{\"text\": ...}}")
        text = obj.get("text")
        if not isinstance(text, str):
            raise CommandError(f"{path}:{number}: \"text\" must be a string")
        context = obj.get("context", default_context)
        if context is not None and not isinstance(context, str):
            raise CommandError(f"{path}:{number}: \"context\" must be a string")
        items.append((text, context or None))
    return items


def analyse(analyzer: Any, text: str, context: str | None) -> dict[str, Any]:
    from game.scoring import score_reply

    evidence = analyzer.tags(text, context)
    score = score_reply(text, evidence, context)
    tags: list[str] = []
    for e in evidence:
        if e.tag not in tags:
            tags.append(e.tag)
    return {
        "text": text,
        "tags": tags,
        "empathy": score.empathy,
        "composure": score.composure,
        "evidence": [{"tag": e.tag, "quote": e.quote, "why": e.why} for e in evidence],
        "points": [p.to_json() for p in score.points],
        "tips": list(score.tips),
    }


def format_record(record: dict[str, Any]) -> str:
    lines = [f"Reply: {record['text']}"]
    lines.append(f"  Empathy {record['empathy']}   Composure {record['composure']}")
    if not record["evidence"]:
        lines.append("  No empathy or composure behaviours found (neutral information).")
    for e in record["evidence"]:
        lines.append(f"  {e['tag']}: \"{e['quote']}\" - {e['why']}")
    for p in record["points"]:
        if not any(p["evidence"] == e["quote"] for e in record["evidence"]):
            lines.append(f"  {p['skill']} {p['delta']:+d}: {p['reason']} ({p['evidence']})")
    for tip in record["tips"]:
        lines.append(f"  Tip: {tip}")
    return "\n".join(lines) + "\n"
