"""Property tests: on random small scenarios the validator's graph and DLG007 findings equal an
independent brute-force oracle (BFS for reachability, a full numpy grid of states for conditions)."""

from __future__ import annotations

import operator
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.loader import load_scenario_text

# A state grid: anger x trust x flag x count (the last two over the values they can hold).
OPS: dict[str, Callable[[object, object], object]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@dataclass
class Cond:
    """A generated condition: ``text`` for the YAML, ``grid`` evaluates it on numpy axes."""

    text: str
    grid: Callable[[dict[str, np.ndarray]], np.ndarray]


def atoms() -> st.SearchStrategy[Cond]:
    def compare(name: str, op: str, constant: int) -> Cond:
        return Cond(f"{name} {op} {constant}", lambda g: OPS[op](g[name], constant))  # type: ignore[return-value]

    mood = st.builds(
        compare, st.sampled_from(["anger", "trust"]), st.sampled_from(list(OPS)), st.integers(-1, 101)
    )
    count = st.builds(compare, st.just("count"), st.sampled_from(list(OPS)), st.integers(-1, 4))
    flag = st.sampled_from(
        [
            Cond("flag", lambda g: g["flag"]),
            Cond("flag == true", lambda g: g["flag"]),
            Cond("flag != true", lambda g: ~g["flag"]),
            Cond("false == flag", lambda g: ~g["flag"]),
        ]
    )
    return st.one_of(mood, mood, count, flag)


def conditions() -> st.SearchStrategy[Cond]:
    def combine(children: st.SearchStrategy[Cond]) -> st.SearchStrategy[Cond]:
        def both(a: Cond, b: Cond, op: str) -> Cond:
            if op == "and":
                return Cond(f"({a.text}) and ({b.text})", lambda g: a.grid(g) & b.grid(g))
            return Cond(f"({a.text}) or ({b.text})", lambda g: a.grid(g) | b.grid(g))

        negate = st.builds(lambda a: Cond(f"not ({a.text})", lambda g: ~a.grid(g)), children)
        return st.one_of(st.builds(both, children, children, st.sampled_from(["and", "or"])), negate)

    return st.recursive(atoms(), combine, max_leaves=3)


@dataclass
class Goto:
    target: str
    when: Cond | None


@dataclass
class GenReply:
    when: Cond | None
    next: list[Goto] | str | None
    set_flag: bool | None
    set_count: int | None


@dataclass
class GenNode:
    kind: str
    replies: list[GenReply] = field(default_factory=list)
    otherwise_next: list[Goto] | str | None = None
    has_otherwise: bool = False
    next: list[Goto] | str | None = None


@dataclass
class Gen:
    nodes: dict[str, GenNode]
    start: str
    flag_default: bool
    count_default: int


@st.composite
def scenarios(draw: st.DrawFn) -> Gen:
    count = draw(st.integers(2, 6))
    ids = [f"n{i}" for i in range(count)]
    targets = st.sampled_from([*ids, "ghost"]) if draw(st.booleans()) else st.sampled_from(ids)

    def transition(allow_none: bool) -> list[Goto] | str | None:
        shape = draw(st.sampled_from(["none", "id", "list"] if allow_none else ["id", "list"]))
        if shape == "none":
            return None
        if shape == "id":
            return draw(targets)
        size = draw(st.integers(1, 3))
        gotos = [Goto(draw(targets), draw(st.none() | conditions())) for _ in range(size)]
        return gotos

    nodes: dict[str, GenNode] = {}
    for node_id in ids:
        kind = draw(st.sampled_from(["replies", "replies", "next", "end"]))
        node = GenNode(kind)
        if kind == "replies":
            for _ in range(draw(st.integers(1, 3))):
                node.replies.append(
                    GenReply(
                        when=draw(st.none() | conditions()),
                        next=transition(True),
                        set_flag=draw(st.none() | st.booleans()),
                        set_count=draw(st.none() | st.integers(0, 3)),
                    )
                )
            node.has_otherwise = draw(st.booleans())
            if node.has_otherwise:
                node.otherwise_next = transition(True)
        elif kind == "next":
            node.next = transition(False)
        nodes[node_id] = node
    start = draw(st.sampled_from(ids)) if draw(st.integers(0, 9)) else "ghost"
    return Gen(nodes, start, draw(st.booleans()), draw(st.integers(0, 3)))


class Rendered:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines)


def render(gen: Gen) -> tuple[str, dict[str, int], dict[str, int]]:
    """YAML text, the line of each node id, and the line of the first entry of each next list."""
    out = Rendered()
    for line in [
        "format: 1",
        "id: generated",
        "title: Generated",
        "level: 1",
        "setting: retail_counter",
        "customer: {name: Gen, mood: {anger: 50, trust: 50}}",
        f"variables: {{flag: {'true' if gen.flag_default else 'false'}, count: {gen.count_default}}}",
        f"start: {gen.start}",
        "nodes:",
    ]:
        out.add(line)
    node_lines: dict[str, int] = {}
    list_lines: dict[str, int] = {}

    def transition(key: str, value: list[Goto] | str | None, indent: str, label: str) -> None:
        if value is None:
            return
        if isinstance(value, str):
            out.add(f"{indent}{key}: {value}")
            return
        out.add(f"{indent}{key}:")
        for index, goto in enumerate(value):
            when = f'when: "{goto.when.text}", ' if goto.when else ""
            line = out.add(f"{indent}  - {{{when}goto: {goto.target}}}")
            if index == 0:
                list_lines[label] = line

    for node_id, node in gen.nodes.items():
        node_lines[node_id] = out.add(f"  {node_id}:")
        out.add(f"    say: Line of {node_id}")
        if node.kind == "end":
            out.add("    end: resolved")
        elif node.kind == "next":
            transition("next", node.next, "    ", f"{node_id}")
        else:
            out.add("    replies:")
            for index, reply in enumerate(node.replies):
                out.add(f"      - id: r{index}")
                out.add(f"        examples: [{node_id} r{index} apples, {node_id} r{index} oranges]")
                if reply.when:
                    out.add(f'        when: "{reply.when.text}"')
                assigned = []
                if reply.set_flag is not None:
                    assigned.append(f"flag: {'true' if reply.set_flag else 'false'}")
                if reply.set_count is not None:
                    assigned.append(f"count: {reply.set_count}")
                if assigned:
                    out.add(f"        set: {{{', '.join(assigned)}}}")
                transition("next", reply.next, "        ", f"{node_id}/r{index}")
            if node.has_otherwise:
                out.add("    otherwise:")
                out.add("      say: Hm?")
                transition("next", node.otherwise_next, "      ", f"{node_id}/otherwise")
    return "\n".join(out.lines) + "\n", node_lines, list_lines


def targets_of(value: list[Goto] | str | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [goto.target for goto in value]


def oracle(gen: Gen, node_lines: dict[str, int], list_lines: dict[str, int]) -> set[tuple[str, int]]:
    edges: dict[str, list[str]] = {}
    references: list[str] = [gen.start]
    for node_id, node in gen.nodes.items():
        out = targets_of(node.next) + targets_of(node.otherwise_next)
        for reply in node.replies:
            out += targets_of(reply.next)
        edges[node_id] = out
        references += out
    # A missing target ("ghost", close to no node id) is DLG003; the graph checks go on without
    # it: no DLG004 at all if the start is missing, and reaching it counts as a possible end.
    missing = [target for target in references if target not in gen.nodes]
    expected: set[tuple[str, int]] = {("DLG003", -1)} if missing else set()
    if gen.start in gen.nodes:
        seen = {gen.start}
        queue = deque([gen.start])
        while queue:
            for target in edges[queue.popleft()]:
                if target not in seen and target in gen.nodes:
                    seen.add(target)
                    queue.append(target)
        expected |= {("DLG004", node_lines[n]) for n in gen.nodes if n not in seen}
    for node_id in gen.nodes:
        # Forward search from each node: can it reach an end?
        found, frontier, visited = False, [node_id], {node_id}
        while frontier and not found:
            current = frontier.pop()
            if current not in gen.nodes or gen.nodes[current].kind == "end":
                found = True
                break
            for target in edges[current]:
                if target not in visited:
                    visited.add(target)
                    frontier.append(target)
        if not found:
            expected.add(("DLG005", node_lines[node_id]))
    flags = {gen.flag_default} | {
        r.set_flag for n in gen.nodes.values() for r in n.replies if r.set_flag is not None
    }
    counts = {gen.count_default} | {
        r.set_count for n in gen.nodes.values() for r in n.replies if r.set_count is not None
    }
    grid = {
        "anger": np.arange(101).reshape(101, 1, 1, 1),
        "trust": np.arange(101).reshape(1, 101, 1, 1),
        "flag": np.array(sorted(flags)).reshape(1, 1, -1, 1),
        "count": np.array(sorted(counts)).reshape(1, 1, 1, -1),
    }

    def can_all_be_false(conds: list[Cond]) -> bool:
        anything = np.zeros((101, 101, len(flags), len(counts)), dtype=bool)
        for cond in conds:
            anything = anything | np.broadcast_to(cond.grid(grid), anything.shape)
        return bool((~anything).any())

    def check_list(value: list[Goto] | str | None, label: str, line: int | None = None) -> None:
        guarded = isinstance(value, list) and all(g.when is not None for g in value)
        if guarded and can_all_be_false([g.when for g in value or [] if isinstance(g, Goto) and g.when]):
            expected.add(("DLG007", line if line is not None else list_lines[label]))

    for node_id, node in gen.nodes.items():
        guarded = bool(node.replies) and all(r.when is not None for r in node.replies)
        if guarded and can_all_be_false([r.when for r in node.replies if r.when is not None]):
            expected.add(("DLG007", node_lines[node_id]))
        check_list(node.next, node_id, node_lines[node_id])  # an automatic node: at its key
        check_list(node.otherwise_next, f"{node_id}/otherwise")
        for index, reply in enumerate(node.replies):
            check_list(reply.next, f"{node_id}/r{index}")
    return expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_graph_and_condition_findings_match_brute_force(gen: Gen) -> None:
    text, node_lines, list_lines = render(gen)
    result = load_scenario_text(text, "generated.yaml")
    codes = {"DLG003", "DLG004", "DLG005", "DLG007"}
    unexpected = [str(f) for f in result.findings if f.is_error and f.code not in codes]
    assert unexpected == [], text
    expected = oracle(gen, node_lines, list_lines)
    actual = {(f.code, f.pos.line) for f in result.findings if f.code in codes - {"DLG003"}}
    if any(f.code == "DLG003" for f in result.findings):
        actual.add(("DLG003", -1))
    assert actual == expected, text
    assert (result.scenario is None) == bool(expected)


_EVERY = (Path(__file__).parent / "corpus" / "valid" / "every-feature.yaml").read_text()
_LINES = _EVERY.splitlines(keepends=True)


@settings(max_examples=200, deadline=None)
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, len(_EVERY) - 1),
            st.integers(0, 8),
            st.sampled_from(
                [
                    *["", " ", "\n", ":", "-", "[", "]", "{", "}", "'", '"', "#", "&a", "*a", "!", "\t"],
                    *["é", "0", "\x07", "\x00", "\ufeff", "\r", "\x85", "\u2028", "%", "|", ">"],
                    *["---\n", "<<: ", "? "],
                ]
            ),
        ),
        min_size=1,
        max_size=4,
    ),
    drop=st.sets(st.integers(0, len(_LINES) - 1), max_size=3),
)
def test_any_mangled_scenario_gives_findings_never_an_exception(
    edits: list[tuple[int, int, str]], drop: set[int]
) -> None:
    text = "".join(line for index, line in enumerate(_LINES) if index not in drop)
    for at, cut, insert in edits:
        at = min(at, len(text))
        text = text[:at] + insert + text[at + cut :]
    assert_findings_not_exceptions(text)


@settings(max_examples=150, deadline=None)
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(_EVERY) - 1), st.integers(0, 4), st.binary(min_size=0, max_size=4)),
        min_size=1,
        max_size=4,
    )
)
def test_any_byte_mangled_file_gives_findings_never_an_exception(edits: list[tuple[int, int, bytes]]) -> None:
    """Bytes as read from disk: invalid UTF-8, stray BOMs, NULs and control bytes anywhere."""
    data = _EVERY.encode("utf-8")
    for at, cut, insert in edits:
        at = min(at, len(data))
        data = data[:at] + insert + data[at + cut :]
    assert_findings_not_exceptions(data)


def assert_findings_not_exceptions(content: str | bytes) -> None:
    """Loading mangled content returns findings (errors exactly when there is no scenario), each
    pointing at a real line and column with a DLG code; it never raises."""
    result = load_scenario_text(content, "mangled.yaml")
    assert (result.scenario is None) == any(f.is_error for f in result.findings)
    for finding in result.findings:
        assert finding.pos.line >= 1 and finding.pos.col >= 1 and finding.code.startswith("DLG")
