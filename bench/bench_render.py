"""Rendering benchmark: start-up time and frames per second for every set, offscreen.

    python bench/bench_render.py [--runs 3] [--seconds 3] [--size 1280x720] [--hud] [--sets a,b]

Each run is a fresh process (Ursina is a singleton, and start-up is part of what is measured):
  start-up   from just before the child process is started to its first rendered frame, with the
             set, the customer (or call screen for --phone) and, with --hud, the game's HUD built
  fps        frames rendered per second over --seconds of real time after a short warm-up, the
             customer animating (emotion changes, talking, blinking) as in play
  CPU ms     processor time per frame summed over the process's threads (Python, Panda3D and
             llvmpipe's rasteriser threads): unlike fps it hardly depends on what else the
             machine runs; on an idle 2-core machine fps ~ 1000 / (CPU ms / 1.5..2)
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

ROOT = Path(__file__).resolve().parent.parent
SETS = ("retail_counter", "call_center", "hotel_front_desk", "airline_gate")


def child(setting: str, size: tuple[int, int], seconds: float, hud: bool, phone: bool) -> None:
    """Runs in the measured process: build, first frame (report time), then count frames."""
    sys.path.insert(0, str(ROOT))
    from game.model import Customer, Line, Mood, Node, Scenario, VoiceHints
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
    if hud:
        from scenes.screenshot import game_hud, moment_at

        game_hud(scenario, moment_at(scenario, None))
    app.step()
    first_frame = time.time()
    print(json.dumps({"first_frame": first_frame}), flush=True)

    application.calculate_dt = True
    emotions = ("angry", "frustrated", "calm", "relieved")
    frames = 0

    def tick(index: int) -> None:
        dt = utime.dt or 1 / 60
        if index % 90 == 0:
            view.set_emotion(emotions[(index // 90) % len(emotions)])
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


def run_once(setting: str, size: str, seconds: float, hud: bool, phone: bool) -> tuple[float, float, float]:
    command = [sys.executable, __file__, "--child", setting, "--size", size, "--seconds", str(seconds)]
    if hud:
        command.append("--hud")
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
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--child", metavar="SET", help=argparse.SUPPRESS)
    args = ap.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    if args.child:
        child(args.child, (width, height), args.seconds, args.hud, args.phone)
        return 0
    print(f"{args.size}, {args.runs} runs of {args.seconds:.0f} s, hud={'on' if args.hud else 'off'}, "
          f"{'phone' if args.phone else 'in person'}")  # fmt: skip
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print(f"{'set':<18} {'start-up s':>10} {'fps':>6} {'CPU ms/frame':>13}  fps runs")
    for setting in args.sets.split(","):
        startups, rates, cpu = [], [], []
        for _ in range(args.runs):
            startup, fps, cpu_ms = run_once(setting, args.size, args.seconds, args.hud, args.phone)
            startups.append(startup)
            rates.append(fps)
            cpu.append(cpu_ms)
        runs = " ".join(f"{r:.0f}" for r in rates)
        print(f"{setting:<18} {statistics.median(startups):>10.2f} {statistics.median(rates):>6.1f} "
              f"{statistics.median(cpu):>13.1f}  {runs}")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
