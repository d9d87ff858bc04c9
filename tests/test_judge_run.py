"""`run --json` as an outside judge checks it: unseen scenarios, unseen plain-spoken replies.

The scenarios in ``tests/judge/valid/`` were written from SPEC section 1 only (four settings,
levels 1 to 5); the replies below are how a trainee would really say things, never copies of the
authored examples. Each case states what a judge expects from the SPEC's rules: the branch per
turn (``None`` = the ``otherwise`` path), the nodes visited and the outcome, including walk-outs
("after a reply's effects, if anger has reached walk_out_at the customer walks out unless the
reply leads straight to an end node"), automatic ``next`` lists evaluated after the effects,
silence lines and running out of replies (``unfinished``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from game.cli import main
from game.model import TAGS

ROOT = Path(__file__).resolve().parent.parent
VALID = Path(__file__).parent / "judge" / "valid"
GIFT = VALID / "gift-arrived-broken.yaml"
LUGGAGE = VALID / "lost-luggage-gate.yaml"
PASSWORD = VALID / "password-reset-call.yaml"
NOISE = VALID / "hotel-noise-complaint.yaml"
CALLER = VALID / "abusive-caller-refund.yaml"
BIKE = VALID / "bike-repair-late.yaml"


@dataclass(frozen=True)
class Case:
    name: str
    scenario: Path
    replies: tuple[str, ...]
    outcome: str
    branches: tuple[str | None, ...]
    nodes: tuple[str, ...]


CASES = [
    # --- retail, level 2: a five-way choice point, short everyday replies ---
    Case(
        "bike-sorry-then-loan",
        BIKE,
        ("ugh, that's rubbish, I'm sorry", "let me get you a loan bike"),
        "resolved",
        ("empathise", "loan"),
        ("counter", "counter_calmer"),
    ),
    Case(
        "bike-question-then-wait",
        BIKE,
        ("what's your ticket number?", "give us until next week"),
        "escalated",
        ("ask", "wait"),
        ("counter", "counter_calmer"),
    ),
    Case(
        "bike-discount",
        BIKE,
        ("how about a discount on the repair",),
        "resolved",
        ("discount",),
        ("counter",),
    ),
    Case(
        "bike-brush-off",
        BIKE,
        ("it's not our fault, the parts haven't come in",),
        "escalated",
        ("brush_off",),
        ("counter",),
    ),
    Case(
        "bike-small-talk-is-otherwise",
        BIKE,
        ("nice weather today", "you can borrow a bike from us in the meantime"),
        "resolved",
        (None, "loan"),
        ("counter", "counter"),
    ),
    # --- the SPEC's own example, fleshed out (retail, level 3) ---
    Case(
        "gift-empathic",
        GIFT,
        (
            "oh no, I'm really sorry, that's terrible timing with the party tomorrow",
            "let me send you a replacement overnight, free",
        ),
        "resolved",
        ("acknowledge", "replace"),
        ("opening", "details"),
    ),
    Case(
        "gift-blame-then-automatic-walkout",  # anger 90: escalation's next list goes to the walkout end
        GIFT,
        ("Honestly that's the delivery firm's problem, not mine", "sorry"),
        "walked_out",
        ("blame_courier",),
        ("opening",),
    ),
    Case(
        "gift-silence-then-policy-runs-out",
        GIFT,
        ("", "I'm so sorry, I can see how upsetting this is", "that's our process, you need to file a claim"),
        "unfinished",
        (None, "acknowledge", "policy"),
        ("opening", "opening", "details"),
    ),
    Case(
        "gift-second-chance",  # escalation's next list falls through to second_chance
        GIFT,
        (
            "that must be so disappointing, I'm sorry",
            "you'd have to fill in a form and we review it in a couple of weeks",
            "you're right, I'm sorry, I'll personally get a replacement out to you today",
        ),
        "resolved",
        ("acknowledge", "policy", "own_it"),
        ("opening", "details", "second_chance"),
    ),
    Case(
        "gift-silence-until-walkout",  # otherwise +10 anger each time: 70, 80, 90, 100 -> walked out
        GIFT,
        ("", "", "", "", ""),
        "walked_out",
        (None, None, None, None),
        ("opening", "opening", "opening", "opening"),
    ),
    # --- airline gate, level 4: say lists, set + when, next lists on a branch ---
    Case(
        "luggage-empathic",  # acknowledge sets priority=urgent, which enables urgent_help
        LUGGAGE,
        (
            "I'm so sorry, I can only imagine how worried you must be about your daughter",
            "I'll mark it urgent and we'll get her prescription filled today",
        ),
        "resolved",
        ("acknowledge", "urgent_help"),
        ("opening", "tag"),
    ),
    Case(
        "luggage-procedural-loop-then-otherwise-escalates",
        LUGGAGE,
        (
            "do you have the baggage receipt with the number on it?",
            "we'll open a report and ring you as soon as it turns up",
            "I'll log it and someone will phone you when it's found",
            "ok",
        ),
        "escalated",
        ("ask_tag", "trace_only", "trace_only", None),
        ("opening", "tag", "tag", "tag"),
    ),
    Case(
        "luggage-dismissed-to-the-walkout-end",
        LUGGAGE,
        ("I don't handle bags, go ask someone else",),
        "walked_out",
        ("not_my_job",),
        ("opening",),
    ),
    Case(
        "luggage-silence",  # 75 -> 85 -> 95 -> 100 (walk_out_at defaults to 100)
        LUGGAGE,
        ("", "", "", ""),
        "walked_out",
        (None, None, None),
        ("opening", "opening", "opening"),
    ),
    # --- call centre, level 1, phone: a branch without next stays on its node ---
    Case(
        "password-question-then-help",
        PASSWORD,
        (
            "can you tell me what error message comes up?",
            "no problem, I'll send you a link to reset your password now",
        ),
        "resolved",
        ("question", "help"),
        ("greet", "greet"),
    ),
    Case(
        "password-silences-run-out",  # otherwise changes nothing: never walks out, just unfinished
        PASSWORD,
        ("", "", ""),
        "unfinished",
        (None, None, None),
        ("greet", "greet", "greet"),
    ),
    Case("password-no-replies", PASSWORD, (), "unfinished", (), ()),
    # --- hotel, level 2: conditions in every form ---
    Case(
        "noise-apology-and-move",
        NOISE,
        (
            "I'm really sorry, that's awful at this hour",
            "would you like a different room, away from the noise?",
        ),
        "resolved",
        ("apologise", "move_room"),
        ("opening", "offer"),
    ),
    Case(
        "noise-gold-member",  # vip's when (calls == 0) is checked before its own set: {calls: 1}
        NOISE,
        (
            "as a gold member this is a priority for me, I'll sort it personally",
            "I'm getting the night manager to go and tell them to turn it down",
        ),
        "resolved",
        ("vip", "call_security"),
        ("opening", "offer"),
    ),
    # --- call centre, level 5: walk-out rules and an automatic next with conditions ---
    Case(
        "caller-acknowledged-check-goes-to-refund",  # trust 45 >= 40 after the effects
        CALLER,
        (
            "being charged twice and having to call back is awful, I'm sorry",
            "I've put the second charge back, you'll see it in a few days",
        ),
        "resolved",
        ("acknowledge", "refund_now"),
        ("opening", "refund"),
    ),
    Case(
        "caller-argued-check-goes-to-still-angry",  # trust 0, anger >= 50
        CALLER,
        (
            "we didn't steal anything, you probably made a mistake",
            "I'll put the second charge back on your card today",
        ),
        "resolved",
        ("argue", "refund_now"),
        ("opening", "still_angry"),
    ),
    Case(
        "caller-insulted-walks-out",  # anger 100 >= 90 and check is not an end node
        CALLER,
        ("Quit moaning, it's only a few pounds", "sorry"),
        "walked_out",
        ("insult",),
        ("opening",),
    ),
    Case(
        "caller-boundary-leads-straight-to-an-end",  # anger 95 >= 90, but next is the end node
        CALLER,
        ("I'm happy to help but I need you to stop swearing at me",),
        "escalated",
        ("boundary",),
        ("opening",),
    ),
    Case(
        "caller-silence-otherwise-next-list-to-an-end",  # 4th silence: anger 90, otherwise -> call_ended
        CALLER,
        ("", "", "", "", ""),
        "escalated",
        (None, None, None, None),
        ("opening", "opening", "opening", "opening"),
    ),
]


def run_json(
    scenario: Path,
    replies: tuple[str, ...],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    raw: bytes | None = None,
) -> dict[str, Any]:
    file = tmp_path / "replies.txt"
    file.write_bytes(raw if raw is not None else "".join(r + "\n" for r in replies).encode("utf-8"))
    status = main(["run", str(scenario), "--replies", str(file), "--json"])
    out, err = capsys.readouterr()
    assert status == 0, err
    payload: dict[str, Any] = json.loads(out)
    return payload


def assert_spec_shape(payload: dict[str, Any], scenario_id: str) -> None:
    """SPEC section 5, key by key and type by type (extra keys are allowed)."""
    assert payload["scenario"] == scenario_id
    assert isinstance(payload["outcome"], str) and payload["outcome"]
    assert payload["success"] is (payload["outcome"] == "resolved")
    assert isinstance(payload["passed"], bool)
    assert isinstance(payload["turns"], list)
    scores = payload["scores"]
    for key in ("empathy", "composure", "overall"):
        assert type(scores[key]) is int and 0 <= scores[key] <= 100, scores
    for turn in payload["turns"]:
        assert isinstance(turn["node"], str) and isinstance(turn["customer"], str)
        assert isinstance(turn["emotion"], str) and isinstance(turn["reply"], str)
        assert turn["branch"] is None or isinstance(turn["branch"], str)
        assert type(turn["confidence"]) in (int, float) and 0 <= turn["confidence"] <= 1
        assert isinstance(turn["tags"], list) and set(turn["tags"]) <= set(TAGS)
        assert type(turn["empathy_delta"]) is int and type(turn["composure_delta"]) is int
        assert set(turn["mood"]) == {"anger", "trust"}
        assert all(type(v) is int and 0 <= v <= 100 for v in turn["mood"].values())
        assert isinstance(turn["feedback"], list) and all(isinstance(f, str) for f in turn["feedback"])


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_scripted_runs_take_the_branches_and_reach_the_outcomes_a_judge_expects(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = run_json(case.scenario, case.replies, tmp_path, capsys)
    assert_spec_shape(payload, case.scenario.stem)
    turns = payload["turns"]
    assert [t["branch"] for t in turns] == list(case.branches), [
        (t["reply"], t["branch"], t["confidence"]) for t in turns
    ]
    assert [t["node"] for t in turns] == list(case.nodes)
    assert [t["reply"] for t in turns] == list(case.replies[: len(turns)])
    assert payload["outcome"] == case.outcome


def test_a_branch_whose_when_is_false_is_never_taken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """refund_now needs trust >= 40; Dana starts at 30, so the refund words cannot take it."""
    payload = run_json(GIFT, ("I'll give you your money back in full right away",), tmp_path, capsys)
    assert payload["turns"][0]["branch"] != "refund_now"
    assert payload["outcome"] == "unfinished"


def test_refund_words_with_the_refund_branch_disabled_take_the_otherwise_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = run_json(GIFT, ("I'll give you your money back in full right away",), tmp_path, capsys)
    assert payload["turns"][0]["branch"] is None
    assert any("not open at this point" in line for line in payload["turns"][0]["feedback"])


@pytest.mark.parametrize(
    ("scenario", "replies", "branches"),
    [
        pytest.param(
            GIFT,
            (
                "I'm so sorry, I can see how upsetting this is",
                "I'm not able to send a new one, you'll have to make a claim",
            ),
            ("acknowledge", "policy"),
            id="negated-offer-is-policy",
        ),
        pytest.param(
            BIKE,
            ("would a courtesy bike help for now?",),
            ("loan",),
            id="offer-as-a-question-is-loan",
        ),
        pytest.param(
            CALLER,
            ("calm down, it's not a big deal",),
            ("insult",),
            id="calm-down-is-dismissive",
        ),
    ],
)
def test_known_matcher_mismatches(
    scenario: Path,
    replies: tuple[str, ...],
    branches: tuple[str, ...],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    payload = run_json(scenario, replies, tmp_path, capsys)
    assert tuple(t["branch"] for t in payload["turns"]) == branches


def test_customer_lines_of_automatic_nodes_and_otherwise_are_in_the_transcript(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = run_json(
        CALLER,
        ("", "being charged twice and having to call back is awful, I'm sorry", "I'll refund it today"),
        tmp_path,
        capsys,
    )
    customer = [t["customer"] for t in payload["turns"]]
    assert customer[0] == "This is the third time I'm calling. You people stole my money!"
    # otherwise said its line, then its next list went back to opening, which says its line again
    assert (
        customer[1]
        == "Are you going to answer me? This is the third time I'm calling. You people stole my money!"
    )
    # check (automatic, no reply awaited) says "So?" on the way to refund
    assert customer[2] == "So? Right. And when do I get my money back?"
    assert payload["turns"][0]["branch"] is None and payload["turns"][0]["reply"] == ""


def test_moods_follow_the_authored_changes_and_stay_within_bounds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = run_json(GIFT, ("", "", "", ""), tmp_path, capsys)
    assert [t["mood"]["anger"] for t in payload["turns"]] == [70, 80, 90, 100]
    payload = run_json(CALLER, ("Quit moaning, it's only a few pounds",), tmp_path, capsys)
    assert payload["turns"][0]["mood"]["anger"] == 100  # 70 + 30 (+ nudges), clamped
    assert payload["turns"][0]["mood"]["trust"] == 0


def test_crlf_bom_replies_and_a_missing_final_newline_read_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replies = (
        "",
        "I'm so sorry, I can see how upsetting this is",
        "that's our process, you need to file a claim",
    )
    expected = run_json(GIFT, replies, tmp_path, capsys)
    for raw in (
        b"\xef\xbb\xbf" + "\r\n".join(replies).encode() + b"\r\n",
        "\n".join(replies).encode(),
    ):
        payload = run_json(GIFT, replies, tmp_path, capsys, raw=raw)
        assert [t["branch"] for t in payload["turns"]] == [t["branch"] for t in expected["turns"]]
        assert [t["reply"] for t in payload["turns"]] == list(replies)
        assert payload["outcome"] == expected["outcome"] == "unfinished"


def test_crlf_and_bom_scenarios_run_like_the_original(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replies = CASES[0].replies
    expected = run_json(GIFT, replies, tmp_path, capsys)
    copy = tmp_path / "gift.yml"
    copy.write_bytes(b"\xef\xbb\xbf" + GIFT.read_bytes().replace(b"\n", b"\r\n"))
    payload = run_json(copy, replies, tmp_path, capsys)
    assert payload == expected


def test_run_in_a_fresh_process_from_another_folder(tmp_path: Path) -> None:
    """As a judge runs it: `python main.py run FILE --replies FILE --json` with another working folder."""
    replies = tmp_path / "replies.txt"
    gift = next(case for case in CASES if case.name == "gift-empathic")
    replies.write_text("\n".join(gift.replies) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "run", str(GIFT), "--replies", str(replies), "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    payload = json.loads(done.stdout)
    assert_spec_shape(payload, "gift-arrived-broken")
    assert ([t["branch"] for t in payload["turns"]], payload["outcome"]) == (
        ["acknowledge", "replace"],
        "resolved",
    )


@pytest.mark.parametrize(
    ("args", "status", "words"),
    [
        (["run", str(VALID / "nope.yaml"), "--replies", "{replies}", "--json"], 1, "no such scenario file"),
        (["run", str(GIFT), "--replies", "{missing}", "--json"], 1, "cannot read replies file"),
        (
            [
                "run",
                str(Path(__file__).parent / "judge" / "invalid" / "DLG003-next.yaml"),
                "--replies",
                "{replies}",
            ],
            1,
            "DLG003",
        ),
    ],
    ids=["missing-scenario", "missing-replies", "broken-scenario"],
)
def test_run_input_errors_exit_1_with_a_message_and_no_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], status: int, words: str
) -> None:
    replies = tmp_path / "replies.txt"
    replies.write_text("hello\n", encoding="utf-8")
    filled = [a.format(replies=replies, missing=tmp_path / "none.txt") for a in args]
    assert main(filled) == status
    out, err = capsys.readouterr()
    assert out == "" and words in err and "Traceback" not in err
