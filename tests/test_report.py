"""Reports: built from a real store, checked as HTML, and rendered in a real headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from test_progress_support import make_result, make_turn

from game.clock import FakeClock
from game.model import EMPATHY_TAGS
from game.progress import ProgressStore
from game.progress.library import Library
from game.reports.build import build_trainee_report, build_trainer_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
HOSTILE = 'Zoë <script>alert("x")</script> & Co'


def fill_store(path: Path) -> ProgressStore:
    clock = FakeClock(1_760_000_000.0)
    store = ProgressStore(path, clock=clock)
    lines = {"opening": "It arrived smashed!", "details": "The party is tomorrow.", "close": "So what now?"}
    for trainee, skill in (("Ana", 0.9), (HOSTILE, 0.5), ("Cal", 0.2)):
        for i in range(8):
            clock.advance(86_400)
            turns = []
            for n, node in enumerate(lines):
                shown = [t for k, t in enumerate(EMPATHY_TAGS) if (k + i + n) % 10 < 10 * skill]
                bad = skill < 0.6 and (i + n) % 3 == 0
                reply = (
                    "That's not my fault, the courier did it."
                    if bad
                    else "I'm so sorry, that must be stressful"
                )
                turn = make_turn(node, [*shown, "blame"] if bad else shown, reply=reply, anger=60)
                turn["customer"] = lines[node]
                turn["mood"] = {"anger": 75 if bad else 45, "trust": 40}
                turns.append(turn)
            empathy = int(40 + 50 * skill) + i
            composure = 60 if skill < 0.6 and i % 2 else 95
            store.record(
                trainee,
                make_result(
                    ["gift-arrived-broken", "hotel-late-checkout"][i % 2],
                    level=[3, 1][i % 2],
                    empathy=empathy,
                    composure=composure,
                    outcome="resolved" if composure > 70 else "walked_out",
                    turns=turns,
                ),
            )
    return store


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    opened = fill_store(tmp_path / "p.sqlite3")
    yield opened
    opened.close()


def check_self_contained(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()  # no script at all, hostile names included
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing fetched from a network
    assert "@media print" in page


def test_trainee_report_has_its_sections_and_charts(store: ProgressStore) -> None:
    page = build_trainee_report(HOSTILE, store.sessions(HOSTILE), Library({}), None, now=store.clock.now())
    check_self_contained(page)
    assert "Zoë &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co: progress report" in page
    for chart in ("chart-over-time", "chart-behaviours", "chart-slips", "gauge-empathy", "gauge-composure"):
        assert f'id="{chart}"' in page
    assert page.count('class="series"') == 3  # empathy, composure, overall lines
    assert "Strengths" in page and "What to practise" in page and "Avoid: Blame" in page
    assert "Recent sessions" in page and page.count("<tr>") >= 9


def test_trainer_report_finds_where_people_struggle(store: ProgressStore) -> None:
    page = build_trainer_report(store.sessions(), Library({}), None, now=store.clock.now())
    check_self_contained(page)
    for chart in ("chart-trainees", "chart-scenarios", "chart-nodes", "chart-missing", "chart-team-slips"):
        assert f'id="{chart}"' in page
    matrix = page[page.index('id="skill-matrix"') :]
    assert matrix.count("<tr><td><b>") == 3  # one row per trainee, a coloured cell per behaviour
    assert matrix.count('class="num heat"') == 3 * 7
    assert "That&#x27;s not my fault, the courier did it." in page  # the common bad reply, counted
    assert "It arrived smashed!" in page  # the moment that goes wrong, with what the customer said
    assert "3 trainee(s), 24 session(s)" in page


def render(page: Path, out: Path, tmp: Path, *, dump: bool = False) -> str:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={tmp / 'chromium-profile'}",
        "--window-size=1100,1800",
    ]
    command += ["--dump-dom"] if dump else [f"--screenshot={out}"]
    done = subprocess.run([*command, page.as_uri()], capture_output=True, text=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium); CI has it"
)
@pytest.mark.parametrize("who", ["trainee", "trainer"])
def test_reports_render_in_headless_chromium_with_visible_charts(
    store: ProgressStore, tmp_path: Path, who: str
) -> None:
    sessions = store.sessions("Ana") if who == "trainee" else store.sessions()
    if who == "trainee":
        page = build_trainee_report("Ana", sessions, Library({}), None, now=store.clock.now())
    else:
        page = build_trainer_report(sessions, Library({}), None, now=store.clock.now())
    html = tmp_path / f"{who}.html"
    html.write_text(page, encoding="utf-8")

    dom = render(html, tmp_path / "unused.png", tmp_path, dump=True)
    charts = re.findall(r'<svg class="chart chart-(\w+)"', dom)
    assert len(charts) >= (4 if who == "trainee" else 5), charts
    assert dom.count('class="bar"') >= 5

    shot = tmp_path / f"{who}.png"
    render(html, shot, tmp_path)
    image = Image.open(shot).convert("RGB")
    assert image.size == (1100, 1800)
    colours = image.getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 200  # text, charts and shading, not a blank page
    counts = {rgb: n for n, rgb in colours}
    # The charts' own colours are on screen: empathy blue lines/bars, composure green, overall purple.
    wanted = {
        "trainee": [(0x2F, 0x7D, 0xD1), (0x2A, 0xA8, 0x76)],
        "trainer": [(0x9A, 0x6F, 0xD6), (0x2A, 0xA8, 0x76)],
    }
    for rgb in wanted[who]:
        assert counts.get(rgb, 0) > 300, (rgb, counts.get(rgb, 0))
