"""``transcribe WAV [--scenario S --node ID] [--json]``: recognise speech in a WAV file; with a node,
the recogniser is biased toward that node's authored examples and the text is matched to a branch."""

from __future__ import annotations

import argparse
import json
import time
from typing import Any


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from game.speech.engines import ENGINE_VARIABLE, ENGINES, describe_speech_engines

    parser = subparsers.add_parser(
        "transcribe",
        help="recognise speech in a WAV file; with a node, also match it to a branch",
        description="Recognise the speech in WAV (any rate; resampled to 16 kHz). With --scenario and "
        "--node the recogniser is biased toward that node's examples and the text is matched to "
        "one of its branches. " + describe_speech_engines(),
    )
    parser.add_argument("wav", metavar="WAV")
    parser.add_argument("--scenario", metavar="S", help="a .yaml path or a scenario id")
    parser.add_argument("--node", metavar="ID", help="the node whose replies are expected")
    parser.add_argument(
        "--engine", choices=ENGINES, default=None,
        help=f"speech recogniser (default: {ENGINE_VARIABLE} or auto; the paragraph above says which "
        "auto picks here)",
    )
    parser.add_argument(
        "--model", metavar="DIR", help="a Vosk model folder (else VOSK_MODEL_PATH or the cache)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=transcribe_command)


def transcribe_command(args: argparse.Namespace) -> int:
    import sys

    from game.commands.common import CommandError, fail, load_scenario_for_command
    from game.speech.types import Recognizer, SpeechUnavailable
    from game.speech.wav import WavError, load_for_recognizer

    if args.node and not args.scenario:
        print("error: --node needs --scenario", file=sys.stderr)
        return 2
    hints: list[str] | None = None
    options: list[Any] = []
    context: str | None = None
    if args.scenario:
        try:
            scenario = load_scenario_for_command(args.scenario)
        except CommandError as error:
            return fail(str(error))
        if args.node:
            if args.node not in scenario.nodes:
                return fail(f"scenario {scenario.id!r} has no node {args.node!r} "
                            f"(nodes: {', '.join(sorted(scenario.nodes))})")
            node = scenario.node(args.node)
            if not node.replies:
                return fail(f"node {args.node!r} awaits no reply (it has no replies)")
            from game.understanding.base import BranchOption

            options = [BranchOption(r.id, r.example_texts) for r in node.replies]
            hints = [text for r in node.replies for text in r.example_texts]
            context = " ".join(line.text for line in node.say) or None
    try:
        pcm = load_for_recognizer(args.wav)
    except WavError as error:
        return fail(str(error))
    try:
        from game.adapters.asr_default import open_recognizer

        recognizer: Recognizer = open_recognizer(args.model, args.engine, strict=args.engine is not None)
        if args.scenario and hasattr(recognizer, "set_background"):
            from game.speech.session import scenario_vocabulary

            recognizer.set_background(scenario_vocabulary(scenario))
        started = time.perf_counter()
        recognition = recognizer.recognize(pcm, 16000, hints)
        elapsed = time.perf_counter() - started
    except SpeechUnavailable as error:
        return fail(str(error))
    branch: str | None = None
    confidence: float | None = None
    if options:
        from game.understanding.default import default_analyzer

        result = default_analyzer().match(recognition.text, options, context)
        branch, confidence = result.branch, result.confidence
    payload: dict[str, Any] = recognition.to_json()
    payload["branch"] = branch
    payload["confidence"] = confidence
    if args.json:
        print(json.dumps(payload, ensure_ascii=False))
        return 0
    print(f"text: {recognition.text}")
    print(f"engine: {recognition.engine} ({elapsed * 1000:.0f} ms for {len(pcm) / 32000:.2f} s of audio)")
    print("words: " + " ".join(f"{w.word}@{w.start:.2f}-{w.end:.2f}" for w in recognition.words))
    if options:
        print(f"branch: {branch if branch is not None else '(otherwise)'} (confidence {confidence})")
    return 0
