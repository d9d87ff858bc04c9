"""``campaign status|next|assess|watch|check``: the trainee's path through levels 1-5 and the assessment."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.commands.common import fail

if TYPE_CHECKING:
    from game.model import Scenario
    from game.shadowing import ExpertPath


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "campaign",
        help="campaign progress, the recommended next scenario, the assessment, an expert's path",
        description="The campaign in dialogue/campaign.yaml: levels 1-5, what passes and unlocks each, "
        "and the assessment.",
    )
    actions = parser.add_subparsers(dest="campaign_action", metavar="ACTION", required=True)

    def common(sub: argparse.ArgumentParser, *, trainee: bool = True) -> None:
        if trainee:
            sub.add_argument("--trainee", metavar="NAME", required=True, help="the trainee")
            sub.add_argument("--store", metavar="PATH", type=Path, help="the progress store file")
        sub.add_argument("--campaign", metavar="FILE", type=Path, help="a campaign file (default dialogue/)")
        sub.add_argument("--json", action="store_true", help="print one JSON object")

    status = actions.add_parser(
        "status",
        help="levels unlocked and passed",
        description="Levels unlocked and passed, what each needs, and the assessment.",
    )
    common(status)
    status.set_defaults(func=status_command)

    nxt = actions.add_parser(
        "next",
        help="the recommended next scenario and why",
        description="Recommend the next scenario: it targets the weakest skill, repeats missed behaviours "
        "at spaced intervals, and alternates intense scenarios with lighter ones.",
    )
    common(nxt)
    nxt.set_defaults(func=next_command)

    assess = actions.add_parser(
        "assess",
        help="the assessment summary (certificate when passed)",
        description="Summarise the trainee's assessment: the fixed scenario set played with --assessment "
        "(no coaching cues), each attempt's best result, and the certificate once every one is passed.",
    )
    common(assess)
    assess.set_defaults(func=assess_command)

    watch = actions.add_parser(
        "watch",
        help="watch an expert: the strongest path through a scenario",
        description="Print the path an expert takes through SCENARIO to a resolved ending, choosing the "
        "most empathic branch at each moment that still leads there.",
    )
    watch.add_argument("scenario", metavar="SCENARIO", help="a .yaml path or a scenario id under dialogue/")
    watch.add_argument("--json", action="store_true", help="print one JSON object")
    watch.add_argument(
        "--wav",
        metavar="OUT.wav",
        help="also speak the conversation into a WAV file: the customer in their voice, the expert calm",
    )
    watch.add_argument(
        "--play", action="store_true", help="speak the conversation aloud (hear what good sounds like)"
    )
    watch.set_defaults(func=watch_command)

    check = actions.add_parser(
        "check",
        help="check the campaign file",
        description="Check the campaign file "
        "against its schema and the scenario library (path:line:col findings).",
    )
    check.add_argument("--campaign", metavar="FILE", type=Path, help="a campaign file (default dialogue/)")
    check.set_defaults(func=check_command)


class _Context:
    def __init__(self, args: argparse.Namespace, *, need_sessions: bool = True) -> None:
        from game.progress import SystemWallClock
        from game.progress.library import load_default_campaign, load_library, read_sessions

        self.library = load_library()
        loaded = load_default_campaign(self.library, getattr(args, "campaign", None))
        self.findings = loaded.findings
        self.campaign = loaded.campaign
        self.sessions = read_sessions(args.store, args.trainee) if need_sessions else []
        self.trainee = self.sessions[0].trainee if self.sessions else args.trainee.strip()
        self.now = SystemWallClock().now()

    def status(self) -> Any:
        from game.campaign import status

        assert self.campaign is not None
        return status(self.campaign, self.sessions, self.library.levels)


def _open(args: argparse.Namespace) -> _Context | int:
    from game.progress import ProgressError

    try:
        context = _Context(args)
    except ProgressError as error:
        return fail(str(error))
    if context.campaign is None:
        return fail(
            "the campaign file has errors:\n" + "\n".join(str(f) for f in context.findings if f.is_error)
        )
    return context


def status_command(args: argparse.Namespace) -> int:
    context = _open(args)
    if isinstance(context, int):
        return context
    standing = context.status()
    if args.json:
        print(json.dumps({"trainee": context.trainee, **standing.to_json()}, ensure_ascii=False))
        return 0
    assert context.campaign is not None
    print(f"{context.campaign.title}: {context.trainee}")
    for level in standing.levels:
        mark = "passed" if level.passed else ("open" if level.unlocked else "locked")
        print(f"  Level {level.level} {level.title} [{mark}]")
        if not level.unlocked:
            print(f"      {level.locked_reason}")
            continue
        if not level.scenarios:
            print("      no scenarios at this level yet")
            continue
        print(
            f"      passed {len(level.passed_scenarios)} of {level.required} needed "
            f"({len(level.scenarios)} available; {level.threshold.describe()})"
        )
    if standing.assessment is not None:
        a = standing.assessment
        state = "certified" if a.certified else ("open" if a.unlocked else "locked: " + a.locked_reason)
        print(f"  Assessment: {a.title} [{state}]")
    return 0


def next_command(args: argparse.Namespace) -> int:
    from game.progress.adaptive import recommend

    context = _open(args)
    if isinstance(context, int):
        return context
    standing = context.status()
    recommendation = recommend(
        context.sessions,
        context.library.catalog,
        unlocked=standing.unlocked_scenarios,
        current_level=standing.current_level,
        now=context.now,
        relevance=context.library.relevance,
    )
    if args.json:
        print(json.dumps({"trainee": context.trainee, **recommendation.to_json()}, ensure_ascii=False))
        return 0
    if recommendation.scenario is None:
        print(" ".join(recommendation.reasons))
        return 0
    scenario = recommendation.scenario
    print(f"Next for {context.trainee}: {scenario.title} ({scenario.id}, level {scenario.level})")
    for reason in recommendation.reasons:
        print(f"  - {reason}")
    print(f"Play it with: python main.py play {scenario.id} --trainee {json.dumps(context.trainee)}")
    return 0


def _date(epoch: float | None) -> str:
    if epoch is None:
        return "-"
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).strftime("%d %B %Y")


def assess_command(args: argparse.Namespace) -> int:
    context = _open(args)
    if isinstance(context, int):
        return context
    standing = context.status()
    assessment = standing.assessment
    if assessment is None:
        return fail("the campaign defines no assessment")
    if args.json:
        print(json.dumps({"trainee": context.trainee, **assessment.to_json()}, ensure_ascii=False))
        return 0
    width = 66
    rule = "=" * width
    print(rule)
    print(assessment.title.upper().center(width))
    print(rule)
    print(f"Trainee: {context.trainee}")
    print(f"Standard: every scenario {assessment.threshold.describe()}; no coaching cues.")
    if not assessment.unlocked:
        print(f"Not yet open: {assessment.locked_reason}.")
    print()
    for item in assessment.items:
        best = item.best
        result = (
            f"{'PASS' if item.passed else 'not yet'}  empathy {best.empathy:3d}  "
            f"composure {best.composure:3d}  {best.outcome}"
            if best is not None
            else "not attempted"
        )
        print(f"  {item.scenario:<32} {result}  ({item.attempts} attempt(s))")
    print()
    passed = sum(1 for i in assessment.items if i.passed)
    if assessment.certified:
        cert = assessment.certificate
        print(rule)
        print(cert.title.center(width))
        print(f"awarded to {context.trainee}".center(width))
        if cert.statement:
            for line in textwrap.wrap(cert.statement, width - 10):
                print(line.center(width))
        print(f"{cert.issuer}, {_date(assessment.certified_at)}".center(width))
        print(rule)
    else:
        print(f"Passed {passed} of {assessment.required} required. Play the others with:")
        print(f"  python main.py play SCENARIO --assessment --trainee {json.dumps(context.trainee)}")
    return 0


def watch_command(args: argparse.Namespace) -> int:
    from game.commands.common import CommandError, load_scenario_for_command
    from game.shadowing import NoExpertPath, expert_path

    try:
        scenario = load_scenario_for_command(args.scenario)
        path = expert_path(scenario)
    except CommandError as error:
        return fail(str(error))
    except NoExpertPath as error:
        return fail(str(error))
    if args.wav or args.play:
        problem = _speak_expert(scenario, path, args.wav, args.play)
        if problem is not None:
            return fail(problem)
    if args.json:
        print(json.dumps(path.to_json(), ensure_ascii=False))
        return 0
    print(f"Watch an expert: {scenario.title}")
    print(f"{scenario.brief}\n")
    name = scenario.customer.name.split()[0] if scenario.customer.name else "Customer"
    for number, step in enumerate(path.steps, 1):
        print(f"{name}: {step.customer}")
        print(f"Expert: {step.reply}")
        shown = ", ".join(t.replace("_", " ") for t in step.tags)
        if shown:
            print(f"   ({number}: {shown})")
        print()
    if path.closing:
        print(f"{name}: {path.closing}")
    print(f"\nOutcome: {path.outcome}")
    return 0


def _speak_expert(scenario: Scenario, path: ExpertPath, wav: str | None, play: bool) -> str | None:
    """Render (and play) the expert conversation; a problem comes back as a message."""
    import tempfile

    from game.adapters.tts_pyttsx3 import open_voice
    from game.speech.shadowing import render_expert_conversation
    from game.speech.types import SpeechUnavailable
    from game.speech.wav import WavError

    voice = open_voice()
    try:
        if not voice.available:
            return getattr(voice, "notice", "no text-to-speech voice is available")
        out = Path(wav) if wav else Path(tempfile.mkdtemp(prefix="expert-")) / f"{scenario.id}.wav"
        try:
            turns = render_expert_conversation(scenario, path, voice, out)
        except (SpeechUnavailable, WavError) as error:
            return f"text-to-speech failed: {error}"
        except OSError as error:
            return f"cannot write {out}: {error.strerror or error}"
    finally:
        voice.close()
    print(f"{out}: {turns[-1].end_s:.1f} s, {len(turns)} lines", file=sys.stderr)
    if play:
        from game.adapters.audio_playback import play_wav

        notice = play_wav(out)
        if notice is not None:
            print(f"note: {notice}", file=sys.stderr)
    return None


def check_command(args: argparse.Namespace) -> int:
    from game.progress.library import load_default_campaign, load_library

    library = load_library()
    loaded = load_default_campaign(library, args.campaign)
    for finding in loaded.findings:
        print(finding, file=sys.stderr if finding.is_error else sys.stdout)
    if loaded.campaign is None:
        return 1
    print(f"ok: {len(loaded.campaign.levels)} level(s), {len(library.scenarios)} scenario(s) in the library")
    return 0
