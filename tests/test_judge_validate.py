"""`validate` as an outside judge checks it: files written from SPEC sections 1-3 alone.

``tests/judge/valid/`` holds SPEC-conformant scenarios (the SPEC's own example fleshed out, and
every syntactic variant it allows); ``tests/judge/invalid/`` holds one broken file per mistake a
judge would try, each announcing the finding it must produce (``# expect: CODE line:col``: the
line of the offending key or value). Hostile inputs are generated here. Every check goes through
the command line too: the exact output line, the exit status, never a traceback.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.loader import load_scenario
from game.validate import validate_paths, validate_scenario_file

JUDGE = Path(__file__).parent / "judge"
VALID = sorted((JUDGE / "valid").glob("*.yaml"))
INVALID = sorted((JUDGE / "invalid").glob("*.yaml"))
EXPECT = re.compile(rb"# expect: (DLG\d{3}) (\d+):(\d+)")
WARNINGS = ("DLG008", "DLG009")
LINE = re.compile(
    r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning) (?P<code>DLG\d{3}) \S.*$"
)


def announced(path: Path) -> tuple[str, int, int]:
    match = EXPECT.match(path.read_bytes())
    assert match, f"{path.name} lacks its '# expect: CODE line:col' header"
    return match.group(1).decode(), int(match.group(2)), int(match.group(3))


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def test_the_judge_set_covers_every_spec_code_and_several_variants_of_each() -> None:
    codes = [path.name[:6] for path in INVALID]
    for number in range(1, 11):
        assert f"DLG{number:03d}" in codes
    assert codes.count("DLG001") >= 20 and codes.count("DLG006") >= 5 and codes.count("DLG003") >= 4
    assert len(VALID) >= 5


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_spec_conformant_scenarios_validate_clean(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert [str(f) for f in validate_scenario_file(path)] == []
    status, out, err = cli(["validate", str(path)], capsys)
    assert (status, out) == (0, "")
    assert err.strip() == "1 file, 0 errors, 0 warnings"


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_each_broken_file_gives_its_code_at_the_offending_line_and_column(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, line, col = announced(path)
    findings = validate_scenario_file(path)
    assert [(f.code, f.pos.line, f.pos.col) for f in findings] == [(code, line, col)], [
        str(f) for f in findings
    ]
    status, out, _ = cli(["validate", str(path)], capsys)
    match = LINE.match(out.strip())
    assert match, out
    printed = (match["path"], int(match["line"]), int(match["col"]), match["code"])
    assert printed == (str(path), line, col, code)
    assert match["sev"] == ("warning" if code in WARNINGS else "error")
    assert status == (0 if code in WARNINGS else 1)


def test_the_spec_example_fleshed_out_loads_as_written() -> None:
    scenario = load_scenario(JUDGE / "valid" / "gift-arrived-broken.yaml").scenario
    assert scenario is not None
    assert (scenario.id, scenario.level, scenario.setting, scenario.channel) == (
        "gift-arrived-broken",
        3,
        "retail_counter",
        "in_person",
    )
    assert scenario.customer.walk_out_at == 100 and scenario.variables == {"offered_refund": False}
    assert [k.id for k in scenario.knowledge] == ["damaged-items"]
    refund = scenario.node("opening").reply("refund_now")
    assert refund.when is not None and refund.when.source == "trust >= 40 and not offered_refund"
    escalation = scenario.node("escalation")
    assert [(g.target, g.when.source if g.when else None) for g in escalation.next] == [
        ("walkout", "anger >= 90"),
        ("second_chance", None),
    ]
    otherwise = scenario.node("opening").otherwise
    assert otherwise is not None and otherwise.effects.next is None  # stays on this node


def test_the_syntactic_variants_mean_what_the_spec_says() -> None:
    luggage = load_scenario(JUDGE / "valid" / "lost-luggage-gate.yaml").scenario
    assert luggage is not None
    assert luggage.customer.walk_out_at == 100  # the default
    assert luggage.variables == {"asked_tag": False, "attempts": 0, "priority": "normal"}
    opening = luggage.node("opening")
    assert [(line.id, line.emotion) for line in opening.say] == [
        ("opening.1", "frustrated"),
        ("opening.meds", "anxious"),
        ("opening.3", None),
    ]
    assert opening.otherwise is not None and opening.otherwise.say == ()
    assert luggage.node("tag").otherwise is not None
    done = luggage.node("done")
    assert [line.text for line in done.say] == ["Thank you.", "That's a relief, honestly."]
    noise = load_scenario(JUDGE / "valid" / "hotel-noise-complaint.yaml").scenario
    assert noise is not None
    assert noise.variables == {"moved": False, "calls": 0, "tier": "gold member", "note": ""}
    assert noise.node("offer").reply("move_room").effects.set == {"moved": True, "note": "moved"}
    assert noise.node("opening").say[0].text.startswith("It's one in the morning.\nThe room")


def test_empty_optional_keys_are_left_out_and_whole_decimals_are_numbers() -> None:
    parcel = load_scenario(JUDGE / "valid" / "parcel-left-outside.yaml").scenario
    assert parcel is not None
    assert (parcel.brief, parcel.knowledge, parcel.variables) == ("", (), {})
    assert (parcel.customer.mood.anger, parcel.customer.walk_out_at) == (40, 90)
    assert type(parcel.customer.mood.anger) is int
    opening = parcel.node("opening")
    assert opening.otherwise is None
    sorry, shrug = opening.replies
    assert (sorry.effects.mood.anger, sorry.effects.set) == (-20, {})
    assert (shrug.tags, shrug.effects.mood.anger) == ((), 0)


def _variants(source: Path, tmp_path: Path) -> list[Path]:
    data = source.read_bytes()
    crlf = data.replace(b"\n", b"\r\n")
    made = {
        "crlf.yaml": crlf,
        "bom.yaml": b"\xef\xbb\xbf" + data,
        "bom-crlf.yaml": b"\xef\xbb\xbf" + crlf,
        "plain.yml": data,
        "UPPER.YAML": data,
    }
    paths = []
    for name, content in made.items():
        folder = tmp_path / name.replace(".", "-")
        folder.mkdir()
        path = folder / name
        path.write_bytes(content)
        paths.append(path)
    return paths


@pytest.mark.parametrize("source", VALID, ids=lambda p: p.name)
def test_crlf_bom_and_yml_copies_of_a_valid_file_load_identically(source: Path, tmp_path: Path) -> None:
    original = load_scenario(source).scenario
    assert original is not None
    for path in _variants(source, tmp_path):
        result = load_scenario(path)
        assert [str(f) for f in result.findings] == [], path.name
        assert result.scenario is not None
        assert result.scenario.nodes.keys() == original.nodes.keys()
        for node_id, node in original.nodes.items():
            copy = result.scenario.nodes[node_id]
            assert [line.text for line in copy.say] == [line.text for line in node.say]
            assert (copy.pos.line, copy.pos.col) == (node.pos.line, node.pos.col)
        assert result.scenario.brief == original.brief


def test_a_crlf_or_bom_broken_file_reports_the_same_line_and_column(tmp_path: Path) -> None:
    for source in INVALID:
        code, line, col = announced(source)
        if code == "DLG010":
            continue
        for name, data in (
            ("crlf.yaml", source.read_bytes().replace(b"\n", b"\r\n")),
            ("bom.yaml", b"\xef\xbb\xbf" + source.read_bytes()),
        ):
            path = tmp_path / name
            path.write_bytes(data)
            assert [(f.code, f.pos.line, f.pos.col) for f in validate_scenario_file(path)] == [
                (code, line, col)
            ], (source.name, name)


def test_a_mixed_folder_reports_each_files_own_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Broken copies of one scenario share its id; they must not add DLG002 to each other."""
    base = (JUDGE / "valid" / "password-reset-call.yaml").read_text(encoding="utf-8")
    (tmp_path / "a-good.yaml").write_text(base, encoding="utf-8")
    (tmp_path / "b-typo.yaml").write_text(base.replace("next: thanks", "next: thank"), encoding="utf-8")
    (tmp_path / "c-tabs.yml").write_text(base.replace("  thanks:", "\tthanks:"), encoding="utf-8")
    (tmp_path / "d-warning.yaml").write_text(
        base.replace("id: password-reset-call", "id: password-reset-two").replace(
            "          - Let's get you back into your account, I'll send a reset link\n", ""
        ),
        encoding="utf-8",
    )
    (tmp_path / "campaign.yaml").write_text("campaign: Basics\nlevels: [a]\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not: [yaml", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "ignored.yaml").write_text("format: 2\n", encoding="utf-8")
    findings = validate_paths([tmp_path])
    assert [(Path(f.pos.path).name, f.code, f.severity) for f in findings] == [
        ("b-typo.yaml", "DLG003", "error"),
        ("c-tabs.yml", "DLG010", "error"),
        ("d-warning.yaml", "DLG009", "warning"),
    ]
    status, out, err = cli(["validate", str(tmp_path)], capsys)
    assert status == 1 and len(out.splitlines()) == 3
    assert err.strip() == "4 files, 2 errors, 1 warning"


def test_two_playable_files_with_one_id_are_still_a_duplicate(tmp_path: Path) -> None:
    source = JUDGE / "valid" / "password-reset-call.yaml"
    shutil.copy(source, tmp_path / "one.yaml")
    shutil.copy(source, tmp_path / "two.yaml")
    findings = validate_paths([tmp_path])
    assert [(Path(f.pos.path).name, f.code, f.pos.line) for f in findings] == [("two.yaml", "DLG002", 2)]
    assert "also used by" in findings[0].message


def test_the_whole_judge_folder_gives_exactly_the_announced_findings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    expected = sorted((str(path), *announced(path)) for path in INVALID)
    findings = validate_paths([JUDGE / "valid", JUDGE / "invalid"])
    assert sorted((f.pos.path, f.code, f.pos.line, f.pos.col) for f in findings) == expected
    status, out, _ = cli(["validate", str(JUDGE / "valid"), str(JUDGE / "invalid")], capsys)
    assert status == 1 and len(out.splitlines()) == len(INVALID)


HOSTILE: list[tuple[str, bytes, str, tuple[int, int]]] = [
    ("binary.yaml", bytes(range(256)) * 4, "binary", (1, 1)),
    ("png.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", (3, 1)),
    ("utf16.yaml", "format: 1\nid: x\n".encode("utf-16"), "UTF-16", (1, 1)),
    ("latin1.yaml", "format: 1\ntitle: Caf\u00e9\n".encode("latin-1"), "not UTF-8", (2, 11)),
    ("bell.yaml", b"format: 1\ntitle: ding\x07dong\n", "control character U+0007", (2, 12)),
    ("escape.yaml", b"format: 1\ntitle: \x1b[31mred\n", "control character U+001B", (2, 8)),
    ("empty.yaml", b"", "empty file", (1, 1)),
    ("blank.yaml", b"   \n\n", "empty file", (1, 1)),
    ("null.yaml", b"~\n", "top level must be a mapping", (1, 1)),
    ("huge.yaml", b"format: 1\n#" + b"x" * 1_100_000 + b"\n", "larger than", (1, 1)),
    ("unclosed-quote.yaml", b'format: 1\ntitle: "Broken\nid: x\nlevel: 2\n', "quoted scalar", (2, 8)),
    ("no-colon.yaml", b"format: 1\ntitle: x\noops\nlevel: 2\n", "could not find expected ':'", (3, 1)),
    ("python-name.yaml", b"!!python/name:os.system\n", "not allowed", (1, 1)),
    ("set-tag.yaml", b"format: 1\nvariables: !!set {a, b}\n", "not allowed", (2, 12)),
    ("complex-key.yaml", b"format: 1\n? [a, b]\n: c\n", "a key must be a plain word", (2, 3)),
    ("merge.yaml", b"format: 1\n<<: {title: x}\n", "not allowed", (2, 1)),
    ("deep.yaml", b"format: 1\nnodes: " + b"{a: " * 3000 + b"1" + b"}" * 3000 + b"\n", "nested", (2, 161)),
    ("bomb.yaml", b"format: 1\na: &a [x, x]\nb: [*a, *a]\n", "aliases", (3, 5)),
]


@pytest.mark.parametrize(("name", "data", "words", "where"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_give_one_positioned_error_and_no_traceback(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: bytes,
    words: str,
    where: tuple[int, int],
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    findings = validate_scenario_file(path)
    assert len(findings) == 1 and findings[0].is_error, [str(f) for f in findings]
    assert words in findings[0].message
    assert (findings[0].pos.line, findings[0].pos.col) == where
    status, out, _ = cli(["validate", str(path)], capsys)
    assert status == 1 and LINE.match(out.strip())


def test_paths_that_are_not_scenario_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.yaml"
    status, out, err = cli(["validate", str(missing)], capsys)
    assert status == 1 and out.strip() == f"{missing}:1:1: error DLG010 no such file or folder"
    folder = tmp_path / "looks-like.yaml"
    folder.mkdir()
    status, out, err = cli(["validate", str(folder)], capsys)
    assert (status, out) == (0, "") and err.strip() == "0 files, 0 errors, 0 warnings"


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes are a POSIX feature")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    status, out, _ = cli(["validate", str(pipe)], capsys)
    assert status == 1 and out.strip() == f"{pipe}:1:1: error DLG010 not a regular file or folder"
    status, out, _ = cli(["validate", str(tmp_path)], capsys)
    assert (status, out) == (0, "")  # a folder scan skips it


def test_a_file_full_of_huge_condition_sets_cannot_keep_validate_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """16 true/false variables in every branch's when: 2^16 states per choice point, 300 times."""
    from collections.abc import Mapping

    from game.conditions import Condition
    from game.model import Value
    from game.validate import MAX_EVALUATIONS

    flags = 16
    lines = [
        "format: 1",
        "id: many-conditions",
        "title: Many conditions",
        "level: 3",
        "setting: call_center",
        "customer: {name: Al, mood: {anger: 50, trust: 50}}",
        "variables: {" + ", ".join(f"v{i}: false" for i in range(flags)) + "}",
        "start: n0",
        "nodes:",
    ]
    for i in range(300):
        target = f"n{i + 1}" if i < 299 else "done"
        lines += [
            f"  n{i}:",
            f"    say: Line {i}",
            "    replies:",
            "      - id: a",
            "        when: " + " or ".join(f"v{j}" for j in range(flags)) + f" or anger > {i % 100}",
            f"        examples: [I understand that number {i}, That makes sense to me {i}]",
            f"        set: {{v{i % flags}: true}}",
            f"        next: {target}",
            "      - id: b",
            f"        when: anger <= {i % 100}",
            f"        examples: [Let me check the account {i}, I will look into it {i}]",
            f"        next: {target}",
        ]
    lines += ["  done:", "    say: Bye.", "    end: resolved"]
    path = tmp_path / "many-conditions.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    calls = [0]
    original = Condition.evaluate

    def counted(self: Condition, env: Mapping[str, Value]) -> bool:
        calls[0] += 1
        return original(self, env)

    monkeypatch.setattr(Condition, "evaluate", counted)
    assert validate_scenario_file(path) == []
    assert 0 < calls[0] <= MAX_EVALUATIONS


def test_thousands_of_misspelt_references_do_not_cost_minutes_of_suggestions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import difflib

    import game.findings

    lines = [
        "format: 1",
        "id: references",
        "title: References",
        "level: 1",
        "setting: call_center",
        "customer: {name: Al, mood: {anger: 5, trust: 5}}",
        "start: n0",
        "nodes:",
    ]
    for i in range(3000):
        lines += [f"  n{i}:", f"    next: n{i}x"]  # each a near miss of a node id
    path = tmp_path / "references.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    compared = [0]
    original = difflib.get_close_matches

    def counted(word: str, possibilities: list[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
        compared[0] += len(possibilities)
        return original(word, possibilities, n, cutoff)

    monkeypatch.setattr(game.findings.difflib, "get_close_matches", counted)
    findings = validate_scenario_file(path)
    missing = [f for f in findings if f.code == "DLG003"]
    assert len(missing) == 3000 and {f.code for f in findings} <= {"DLG003", "DLG004"}
    assert "(did you mean 'n0'?)" in missing[0].message  # the first ones still get a suggestion
    assert compared[0] <= 2 * 100_000  # the loader's suggestions, and the validator's stand-ins


def test_a_node_with_thousands_of_examples_is_compared_within_a_bound(tmp_path: Path) -> None:
    from game.validate import MAX_COMPARISONS

    lines = [
        "format: 1",
        "id: examples",
        "title: Examples",
        "level: 1",
        "setting: call_center",
        "customer: {name: Al, mood: {anger: 5, trust: 5}}",
        "start: n0",
        "nodes:",
        "  n0:",
        "    say: Hi.",
        "    replies:",
    ]
    for branch in range(60):
        lines += [f"      - id: b{branch}", "        next: done", "        examples:"]
        lines += [f"          - phrasing {example} of branch {branch}" for example in range(60)]
    lines += ["  done:", "    end: resolved"]
    path = tmp_path / "examples.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    calls = [0]

    def counted(first: str, second: str) -> float:
        calls[0] += 1
        return 0.0

    from game.loader import load_scenario_text

    result = load_scenario_text(path.read_bytes(), str(path), similarity=counted)
    assert result.scenario is not None  # 60 x 59 / 2 x 3600 = 6.4 million pairs, not all compared
    assert calls[0] == MAX_COMPARISONS


def test_the_spec_example_as_printed_reports_its_missing_nodes_and_the_unreachable_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = JUDGE / "spec-example-as-printed.yaml"
    findings = validate_scenario_file(path)
    assert [(f.code, f.pos.line, f.pos.col) for f in findings] == [
        ("DLG003", 34, 15),  # next: details
        ("DLG004", 44, 3),  # escalation: no reference leads to it
        ("DLG003", 48, 35),  # goto: walkout
        ("DLG003", 49, 16),  # goto: second_chance
    ]
    status, out, _ = cli(["validate", str(path)], capsys)
    assert status == 1 and len(out.splitlines()) == 4


def test_a_typo_in_a_reference_does_not_make_its_target_unreachable_or_a_dead_end(tmp_path: Path) -> None:
    source = (JUDGE / "valid" / "gift-arrived-broken.yaml").read_text(encoding="utf-8")
    typo = tmp_path / "typo.yaml"
    typo.write_text(source.replace("        next: details\n", "        next: detials\n"), encoding="utf-8")
    assert [f.code for f in validate_scenario_file(typo)] == ["DLG003"]  # details stays reachable
    start = tmp_path / "start.yaml"
    start.write_text(source.replace("start: opening", "start: beginning"), encoding="utf-8")
    assert [f.code for f in validate_scenario_file(start)] == ["DLG003"]  # no DLG004 for every node


def test_several_mistakes_in_one_file_are_each_reported(capsys: pytest.CaptureFixture[str]) -> None:
    path = JUDGE / "kitchen-sink.yaml"
    findings = validate_scenario_file(path)
    assert [(f.code, f.pos.line) for f in findings] == [
        ("DLG001", 16),  # emotion: furious
        ("DLG003", 26),  # next: dones
        ("DLG009", 27),  # one example
        ("DLG006", 28),  # when: not offerd
        ("DLG004", 31),  # loop: nothing leads to it ...
        ("DLG005", 31),  # ... and it leads nowhere
    ]
    status, out, _ = cli(["validate", str(path)], capsys)
    assert status == 1 and len(out.splitlines()) == 6


def test_a_schema_error_that_breaks_the_graph_adds_no_cascade(tmp_path: Path) -> None:
    source = (JUDGE / "valid" / "password-reset-call.yaml").read_text(encoding="utf-8")
    greet = "    say: Great, that worked. Thanks!\n"
    broken = {
        "replies-scalar": source.replace("  thanks:\n", "  thanks:\n    replies: none\n").replace(
            "    end: resolved\n", ""
        ),
        "next-misspelt": source.replace("        next: thanks\n", "        nxt: thanks\n"),
        "goto-missing": source.replace("        next: thanks\n", "        next: [{when: trust > 5}]\n"),
        "node-scalar": source.replace(
            "  thanks:\n" + greet + "    emotion: happy\n    end: resolved\n", "  thanks: Great\n"
        ),
    }
    for name, text in broken.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        codes = [f.code for f in validate_scenario_file(path) if f.is_error]
        assert codes and set(codes) == {"DLG001"}, (name, codes)


def test_a_file_named_twice_is_checked_once_and_is_no_duplicate_of_itself(
    capsys: pytest.CaptureFixture[str],
) -> None:
    gift = JUDGE / "valid" / "gift-arrived-broken.yaml"
    folder = JUDGE / "valid"
    status, out, err = cli(["validate", str(folder), f"{folder}{os.sep}", str(gift), str(gift)], capsys)
    assert (status, out) == (0, "")
    assert err.strip() == f"{len(VALID)} files, 0 errors, 0 warnings"


def test_tabs_between_words_before_comments_and_after_commas_are_spaces(tmp_path: Path) -> None:
    """YAML 1.2 allows tabs as separators inside a line (editors put them before comments);
    only tabs in the indentation are refused."""
    source = (JUDGE / "valid" / "password-reset-call.yaml").read_text(encoding="utf-8")
    tabbed = (
        source.replace("say: Hi, I can't log in to my account.", "say:\tHi,\tI can't log in.\t\t# first line")
        .replace("  mood: {anger: 20, trust: 50}", "  mood:\t{anger: 20,\ttrust: 50}")
        .replace("      say: Sorry, can you hear me?", '      say: "Sorry,\tcan you hear me?"')
    )
    path = tmp_path / "tabbed.yaml"
    path.write_text(tabbed, encoding="utf-8")
    result = load_scenario(path)
    assert [str(f) for f in result.findings] == []
    assert result.scenario is not None
    assert result.scenario.node("greet").say[0].text == "Hi, I can't log in."
    assert result.scenario.customer.mood.trust == 50
    otherwise = result.scenario.node("greet").otherwise
    assert otherwise is not None and otherwise.say[0].text == "Sorry,\tcan you hear me?"  # quoted: kept
    indented = tmp_path / "indented.yaml"
    indented.write_text(source.replace("    say: Hi,", "\tsay: Hi,"), encoding="utf-8")
    assert [(f.code, f.pos.line, f.pos.col) for f in validate_scenario_file(indented)] == [("DLG010", 14, 1)]
