"""Rendering benchmark: start-up time and frames per second for every set, offscreen.

    python bench/bench_render.py [--runs 3] [--seconds 3] [--size 1280x720] [--hud] [--phone] [--sets a,b]
    python bench/bench_render.py --full [--runs 5]     # the in-game view of every set and the phone

Each run is a fresh process (Ursina is a singleton, and start-up is part of what is measured):
  start-up   from just before the child process is started to its first rendered frame, with the
             set, the customer (or call screen for --phone) and, with --hud, the game's HUD built
  fps        frames rendered per second over --seconds of real time after a short warm-up, the
             customer animating (emotion changes, talking, blinking) as in play
  CPU ms     processor time per frame summed over the process's threads (Python, Panda3D and
             llvmpipe's rasteriser threads): unlike fps it hardly depends on what else the
             machine runs; on an idle 2-core machine fps ~ 1000 / (CPU ms / 1.5..2)
  --full    the whole in-game view as the trainee sees it, for every set and then the phone call
            (call_center + call screen): set, customer or call screen, and the HUD with a subtitle
            being typed out (a new line every 4 s), four suggestions, the coach card, the mood
            meters gliding (a new mood every 1.5 s) and the turn timer counting down every frame
The figures printed are medians over --runs. Goals (llvmpipe, 2 cores): 60 fps every set at
1280x720, start to first frame well under 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SETS = ("retail_counter", "call_center", "hotel_front_desk", "airline_gate")
LINES = (
    "This is the third time I've called about this! Nobody calls me back, and I have a deadline.",
    "I've been waiting forty minutes. Forty. And now you tell me the system is down?",
)
REPLIES = (
    "I'm so sorry, three calls and still no fix: that's not good enough, and I'll own it.",
    "Have you tried turning it off and on again?",
    "Let me check the status of your account.",
    "There's an outage in your area, lots of customers are affected.",
)


def child(
    setting: str, size: tuple[int, int], seconds: float, hud: bool, phone: bool, full: bool = False
) -> None:
    """Runs in the measured process: build, first frame (report time), then count frames."""
    sys.path.insert(0, str(ROOT))
    from dataclasses import replace

    from game.model import Customer, Example, Line, Mood, Node, Reply, Scenario, VoiceHints
    from scenes.avatar import make_customer_view
    from scenes.engine import create_app
    from scenes.sets import build_set

    app = create_app(size=size, offscreen=True)
    from ursina import Entity, application
    from ursina import time as utime

    root = Entity()
    handle = build_set(setting, root)
    handle.apply_camera(phone=phone)
    node = Node("opening", say=(Line("opening.1", "This is the third time I've called about this!"),),
                emotion="angry", end="resolved")  # fmt: skip
    customer = Customer("Dana Reyes", Mood(70, 20), voice=VoiceHints(gender="female"))
    scenario = Scenario("bench", "Benchmark", 3, setting, "phone" if phone else "in_person", "", customer,
                        "opening", {"opening": node})  # fmt: skip
    anchor = Entity(parent=root, position=handle.customer_anchor)
    view = make_customer_view(anchor, scenario)
    view.set_emotion("angry")
    game_view: Any = None
    if hud or full:
        from scenes.screenshot import game_hud, moment_at

        if full:  # a node with a coach cue and four suggestions, as when the trainee is to reply
            replies = tuple(Reply(f"r{i}", (Example(text),)) for i, text in enumerate(REPLIES))
            node = replace(node, coach="Acknowledge the feeling before you fix anything.", replies=replies)
            scenario = replace(scenario, nodes={"opening": node})
        game_view = game_hud(scenario, moment_at(scenario, None))
    app.step()
    first_frame = time.time()
    print(json.dumps({"first_frame": first_frame}), flush=True)

    application.calculate_dt = True
    emotions = ("angry", "frustrated", "calm", "relieved")
    frames = 0

    moods = (Mood(70, 20), Mood(55, 35), Mood(40, 50), Mood(25, 65))
    elapsed = 0.0

    def tick(index: int) -> None:
        nonlocal elapsed
        dt = utime.dt or 1 / 60
        elapsed += dt
        if index % 90 == 0:
            view.set_emotion(emotions[(index // 90) % len(emotions)])
            if full:
                mood = moods[(index // 90) % len(moods)]
                view.set_mood(mood.anger, mood.trust)
                game_view.set_mood(mood)
        if full:
            if index % 240 == 0:  # the game types each customer line out, in step with the voice
                game_view.show_line(LINES[(index // 240) % len(LINES)], "angry", None)
            game_view.set_timer(elapsed % 30, 30.0)  # the game sets the turn timer every frame
        view.set_talking(0.5 + 0.5 * ((index // 6) % 2))
        view.update(dt)
        app.step()

    for i in range(30):  # warm-up: shader and texture uploads happen on the first frames
        tick(i)
    start = time.perf_counter()
    cpu_start = time.process_time()  # all threads of this process, llvmpipe's rasterisers included
    while time.perf_counter() - start < seconds:
        tick(frames)
        frames += 1
    elapsed = time.perf_counter() - start
    cpu_ms = (time.process_time() - cpu_start) / frames * 1000
    print(json.dumps({"fps": frames / elapsed, "frames": frames, "cpu_ms": cpu_ms}), flush=True)


def run_once(
    setting: str, size: str, seconds: float, hud: bool, phone: bool, full: bool = False
) -> tuple[float, float, float]:
    command = [sys.executable, __file__, "--child", setting, "--size", size, "--seconds", str(seconds)]
    if hud:
        command.append("--hud")
    if full:
        command.append("--full")
    if phone:
        command.append("--phone")
    started = time.time()
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"{setting}: child failed:\n{done.stderr[-2000:]}")
    values: dict[str, float] = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            values.update(json.loads(line))
    return values["first_frame"] - started, values["fps"], values["cpu_ms"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--size", default="1280x720")
    ap.add_argument("--hud", action="store_true", help="include the game's HUD in every frame")
    ap.add_argument("--phone", action="store_true", help="the call screen instead of the customer")
    ap.add_argument(
        "--full", action="store_true", help="the whole in-game view, every set and the phone call"
    )
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--child", metavar="SET", help=argparse.SUPPRESS)
    args = ap.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    if args.child:
        child(args.child, (width, height), args.seconds, args.hud, args.phone, args.full)
        return 0
    if args.full:
        cases = [(s, False) for s in args.sets.split(",")] + [("call_center", True)]
        print(f"{args.size}, {args.runs} runs of {args.seconds:.0f} s, the full in-game view (set, customer "
              "or call screen, HUD with subtitle, suggestions, coach, meters and timer)")  # fmt: skip
    else:
        cases = [(s, args.phone) for s in args.sets.split(",")]
        print(f"{args.size}, {args.runs} runs of {args.seconds:.0f} s, hud={'on' if args.hud else 'off'}, "
              f"{'phone' if args.phone else 'in person'}")  # fmt: skip
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print(f"{'set':<18} {'start-up s':>10} {'fps':>6} {'CPU ms/frame':>13}  fps runs")
    for setting, phone in cases:
        startups, rates, cpu = [], [], []
        for _ in range(args.runs):
            startup, fps, cpu_ms = run_once(setting, args.size, args.seconds, args.hud, phone, args.full)
            startups.append(startup)
            rates.append(fps)
            cpu.append(cpu_ms)
        runs = " ".join(f"{r:.0f}" for r in rates)
        name = f"{setting}, phone" if phone else setting
        print(f"{name:<18} {statistics.median(startups):>10.2f} {statistics.median(rates):>6.1f} "
              f"{statistics.median(cpu):>13.1f}  {runs}")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
