"""Semantic checks of scenarios (DLG004..DLG009) and the file/folder walk behind ``validate``.

The loader (``game.loader``) reports schema problems (DLG001), duplicate ids (DLG002), missing
nodes (DLG003), bad conditions (DLG006) and unreadable files (DLG010), and calls
``check_scenario`` for the rest, so a scenario that loads has passed every check here too.

Graph checks treat every transition as possible whatever its condition (conditions can depend
on the conversation), so "reachable" means "reachable if the conditions allow".

DLG007 decides *exactly* whether a set of conditions can all be false at once by evaluating them
at representative points: ``anger``/``trust`` at 0, 100 and every constant they are compared
with, plus and minus one; ``turn`` likewise from 0 upward; a declared variable at every value it
can ever hold (its default and each value a ``set:`` gives it). Between two neighbouring
representative values every comparison with a constant keeps its truth value, so checking the
points is the same as checking every state. (Comparing two names with each other, e.g.
``anger > trust``, is covered by the bounds 0 and 100 in the common cases but not proven exact.)
"""

from __future__ import annotations

import re
import string
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from pathlib import Path

from game.conditions import Condition
from game.findings import Finding, Suggestions, error, sorted_findings, warning
from game.model import Goto, Node, Pos, Scenario, Value
from game.yamlsafe import MAX_BYTES

Similarity = Callable[[str, str], float]
"""How alike two example phrasings are, 0..1. Replaceable (e.g. by sentence embeddings)."""

NEAR_DUPLICATE_THRESHOLD = 0.8
MAX_POINTS = 200_000
"""Above this many representative states DLG007 is not decided (no finding): never seen in practice."""
MAX_EVALUATIONS = 1_000_000
MAX_COMPARISONS = 1_000_000
"""Example pairs DLG008 may compare in one file (a real node has tens): the same kind of bound."""
"""Condition evaluations DLG007 may spend on one file (a few seconds): a huge or hostile file
cannot keep ``validate`` busy for hours; choice points beyond the budget are not decided."""

_PUNCTUATION = re.compile(f"[{re.escape(string.punctuation.replace(chr(39), ''))}‘“”…]")
_CONTRACTIONS = {
    "im": "i am",
    "ive": "i have",
    "ill": "i will",
    "id": "i would",
    "youre": "you are",
    "youll": "you will",
    "youve": "you have",
    "were": "we are",
    "well": "we will",
    "weve": "we have",
    "theyre": "they are",
    "theyll": "they will",
    "its": "it is",
    "thats": "that is",
    "theres": "there is",
    "whats": "what is",
    "lets": "let us",
    "cant": "can not",
    "cannot": "can not",
    "wont": "will not",
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "havent": "have not",
    "hasnt": "has not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "wouldnt": "would not",
}
"""Contractions written out, so "I'll refund you" and "I will refund you" are the same words.
Spelled without the apostrophe only where that is not another word ("im", "dont"; not "ill", "well")."""
_NO_APOSTROPHE = {
    word: words
    for word, words in _CONTRACTIONS.items()
    if word not in {"ill", "id", "were", "well", "its", "lets", "wont"}
}


@lru_cache(maxsize=4096)
def normalised_tokens(text: str) -> frozenset[str]:
    words: list[str] = []
    for raw in _PUNCTUATION.sub(" ", text.lower().replace("’", "'")).split():
        word = raw.strip("'")
        table = _CONTRACTIONS if "'" in word else _NO_APOSTROPHE
        plain = word.replace("'", "")
        words.extend(table.get(plain, plain).split())
    return frozenset(words)


def token_similarity(first: str, second: str) -> float:
    """Share of words two phrasings have in common (Dice: 2|A∩B| / (|A|+|B|)), after lower-casing,
    dropping punctuation and writing contractions out: 1.0 for the same words in any order."""
    a, b = normalised_tokens(first), normalised_tokens(second)
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


# --- one scenario ------------------------------------------------------------------------------


def check_scenario(
    scenario: Scenario,
    structure_ok: bool = True,
    similarity: Similarity = token_similarity,
    threshold: float = NEAR_DUPLICATE_THRESHOLD,
) -> list[Finding]:
    """DLG004/005/007 (only when ``structure_ok``: the loader found no error that leaves the graph
    incomplete, see ``GRAPH_SAFE_CODES``) and DLG008/009.

    References to missing nodes (DLG003) do not stop the graph checks, so a file with a typo still
    hears about a node nothing leads to; they cannot cause findings of their own either: a missing
    target counts as the node it most likely meant (its close match) for DLG004, and as a possible
    way to an end for DLG005.
    """
    findings: list[Finding] = []
    if structure_ok:
        stand_ins = missing_stand_ins(scenario)
        if scenario.start in scenario.nodes or stand_ins.get(scenario.start):
            findings += check_reachability(scenario, stand_ins)
        findings += check_dead_ends(scenario)
        findings += check_disabled_choices(scenario)
    findings += check_examples(scenario, similarity, threshold)
    return findings


def successors(node: Node) -> list[str]:
    targets: list[str] = [goto.target for goto in node.next]
    for reply in node.replies:
        targets += [goto.target for goto in reply.effects.next or ()]
    if node.otherwise is not None:
        targets += [goto.target for goto in node.otherwise.effects.next or ()]
    return targets


GRAPH_SAFE_CODES = ("DLG002", "DLG003", "DLG006")
"""Errors after which the draft's graph is still complete: duplicates keep the first definition,
a missing target is handled by ``missing_stand_ins``, a broken condition only loses its ``when``
(which makes DLG007 more lenient, never wrong)."""


def missing_stand_ins(scenario: Scenario) -> dict[str, str | None]:
    """Each referenced node id that does not exist, with the existing id it most likely meant."""
    missing = {scenario.start} if scenario.start not in scenario.nodes else set()
    for node in scenario.nodes.values():
        missing.update(t for t in successors(node) if t not in scenario.nodes)
    suggest = Suggestions()
    return {target: suggest.closest(target, scenario.nodes) for target in sorted(missing)}


def reachable_from(
    scenario: Scenario, start: str, stand_ins: Mapping[str, str | None] | None = None
) -> set[str]:
    """Node ids reachable from ``start``; a missing target leads to its stand-in, if given one."""
    stand_ins = stand_ins or {}

    def present(target: str) -> str | None:
        return target if target in scenario.nodes else stand_ins.get(target)

    seen: set[str] = set()
    first = present(start)
    queue = deque([first] if first is not None else [])
    while queue:
        node_id = queue.popleft()
        if node_id in seen:
            continue
        seen.add(node_id)
        queue.extend(t for t in map(present, successors(scenario.nodes[node_id])) if t is not None)
    return seen


def check_reachability(
    scenario: Scenario, stand_ins: Mapping[str, str | None] | None = None
) -> list[Finding]:
    reachable = reachable_from(scenario, scenario.start, stand_ins)
    return [
        error("DLG004", f"node '{node.id}' is unreachable from start '{scenario.start}'", node.pos)
        for node in scenario.nodes.values()
        if node.id not in reachable
    ]


def check_dead_ends(scenario: Scenario) -> list[Finding]:
    predecessors: dict[str, set[str]] = {node_id: set() for node_id in scenario.nodes}
    for node in scenario.nodes.values():
        for target in successors(node):
            if target in predecessors:
                predecessors[target].add(node.id)
    can_end = {n.id for n in scenario.nodes.values() if n.end is not None}
    # A reference to a missing node (DLG003) might have meant an end: no DLG005 on its account.
    can_end |= {n.id for n in scenario.nodes.values() if any(t not in scenario.nodes for t in successors(n))}
    queue = deque(can_end)
    while queue:
        for before in predecessors[queue.popleft()]:
            if before not in can_end:
                can_end.add(before)
                queue.append(before)
    return [
        error("DLG005", f"from node '{node.id}' no path leads to an end node", node.pos)
        for node in scenario.nodes.values()
        if node.id not in can_end
    ]


def possible_values(scenario: Scenario) -> dict[str, list[Value]]:
    """Every value each declared variable can hold: its default and whatever ``set:`` assigns."""
    values: dict[str, list[Value]] = {name: [value] for name, value in scenario.variables.items()}
    for node in scenario.nodes.values():
        effects = [reply.effects for reply in node.replies]
        if node.otherwise is not None:
            effects.append(node.otherwise.effects)
        for effect in effects:
            for name, value in effect.set.items():
                if name in values and value not in values[name]:
                    values[name].append(value)
    return values


def representative_points(
    conditions: Sequence[Condition], variable_values: Mapping[str, Sequence[Value]]
) -> tuple[list[str], list[list[Value]]] | None:
    """Names and candidate values per name such that their product covers every distinct case."""
    names = sorted(set().union(*(c.names() for c in conditions)))
    constants: dict[str, set[int]] = {name: set() for name in names}
    for condition in conditions:
        for comparison in condition.comparisons():
            if isinstance(comparison.constant, int) and not isinstance(comparison.constant, bool):
                constants.setdefault(comparison.name, set()).add(comparison.constant)
    candidates: list[list[Value]] = []
    for name in names:
        if name in ("anger", "trust"):
            candidates.append(_around(constants[name], 0, 100))
        elif name == "turn":
            high = max(constants[name], default=0) + 1
            candidates.append(_around(constants[name] | {high}, 0, max(high, 0)))
        elif name in variable_values:
            candidates.append(list(variable_values[name]))
        else:
            return None  # unknown name: reported as DLG006 already
    total = 1
    for values in candidates:
        total *= len(values)
    if total > MAX_POINTS:
        return None
    return names, candidates


def _around(constants: Iterable[int], low: int, high: int) -> list[Value]:
    points = {low, high}
    for constant in constants:
        points.update(p for p in (constant - 1, constant, constant + 1) if low <= p <= high)
    return sorted(points)


@dataclass
class Budget:
    """How many more condition evaluations DLG007 may spend."""

    remaining: int = MAX_EVALUATIONS


def all_false_example(
    conditions: Sequence[Condition],
    variable_values: Mapping[str, Sequence[Value]],
    budget: Budget | None = None,
) -> dict[str, Value] | None:
    """A state in which every condition is false, or None if at least one always holds (or the
    question is too big to decide within ``budget``)."""
    points = representative_points(conditions, variable_values)
    if points is None:
        return None
    names, candidates = points
    if budget is not None:
        cost = len(conditions)
        for values in candidates:
            cost *= len(values)
        if cost > budget.remaining:
            return None
        budget.remaining -= cost
    for combination in product(*candidates):
        env = dict(zip(names, combination, strict=True))
        if not any(condition.evaluate(env) for condition in conditions):
            return env
    return None


def _describe(env: Mapping[str, Value]) -> str:
    if not env:
        return "always"
    shown = ", ".join(f"{name}={_show(value)}" for name, value in env.items())
    return f"e.g. when {shown}"


def _show(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def check_disabled_choices(scenario: Scenario) -> list[Finding]:
    values = possible_values(scenario)
    findings: list[Finding] = []
    budget = Budget()

    def check_next(gotos: Sequence[Goto] | None, what: str, at: Pos | None = None) -> None:
        """``at``: where to report (default: the list's first entry)."""
        if not gotos or any(goto.when is None for goto in gotos):
            return
        conditions = [goto.when for goto in gotos if goto.when is not None]
        example = all_false_example(conditions, values, budget)
        if example is not None:
            findings.append(
                error(
                    "DLG007",
                    f"every entry of {what} can be false at once ({_describe(example)});"
                    " add a last entry without when: as the fallback",
                    at or gotos[0].pos,
                )
            )

    for node in scenario.nodes.values():
        if node.replies and all(reply.when is not None for reply in node.replies):
            conditions = [reply.when for reply in node.replies if reply.when is not None]
            example = all_false_example(conditions, values, budget)
            if example is not None:
                findings.append(
                    error(
                        "DLG007",
                        f"every branch of node '{node.id}' can be disabled at once ({_describe(example)});"
                        " give at least one branch no when:, or widen the conditions",
                        node.pos,
                    )
                )
        # An automatic node is itself the choice point, like a replies node: reported at its key.
        check_next(node.next, f"the next: list of node '{node.id}'", node.pos)
        for reply in node.replies:
            check_next(reply.effects.next, f"the next: list of reply '{reply.id}'")
        if node.otherwise is not None:
            check_next(node.otherwise.effects.next, f"the next: list of otherwise in node '{node.id}'")
    return findings


def check_examples(scenario: Scenario, similarity: Similarity, threshold: float) -> list[Finding]:
    findings: list[Finding] = []
    comparisons = 0
    for node in scenario.nodes.values():
        for reply in node.replies:
            if len(reply.examples) == 1:
                findings.append(
                    warning(
                        "DLG009",
                        f"branch '{reply.id}' has only one example; add another phrasing so replies match"
                        " reliably",
                        reply.pos,
                    )
                )
        for index, reply in enumerate(node.replies):
            for other in node.replies[index + 1 :]:
                for mine in other.examples:
                    for theirs in reply.examples:
                        comparisons += 1
                        if comparisons > MAX_COMPARISONS:
                            return findings  # a hostile file: what was found so far
                        if similarity(mine.text, theirs.text) >= threshold:
                            findings.append(
                                warning(
                                    "DLG008",
                                    f"example of branch '{other.id}' is nearly the same as one of branch"
                                    f" '{reply.id}' (line {theirs.pos.line}): the trainee's reply cannot"
                                    " tell them apart",
                                    mine.pos,
                                )
                            )
                            break
    return findings


# --- files and folders -------------------------------------------------------------------------


def validate_scenario_file(
    path: str | Path, similarity: Similarity | None = None, threshold: float | None = None
) -> list[Finding]:
    """Every finding for one file; never raises (an internal failure becomes a DLG010 finding)."""
    from game.loader import load_scenario

    try:
        return sorted_findings(load_scenario(path, similarity, threshold).findings)
    except Exception as problem:  # a bug here must not hide the other files' findings
        return [
            error(
                "DLG010",
                f"could not check this file ({type(problem).__name__}: {problem}); please report it",
                Pos(str(path), 1, 1),
            )
        ]


@dataclass(frozen=True)
class Expanded:
    files: list[Path]
    """The scenario files to check."""
    missing: list[Finding]
    """DLG010 for each path that does not exist."""
    skipped: list[Path]
    """YAML files named on the command line that are not scenarios (e.g. ``campaign.yaml``)."""


def expand_paths(paths: Iterable[str | Path]) -> Expanded:
    """Folders become their scenario files; a named file is checked unless it is plainly not a
    scenario (a YAML mapping with neither ``format`` nor ``nodes``, see ``is_scenario_document``),
    so ``validate dialogue/*.yaml`` does not fail on ``campaign.yaml``."""
    from game.loader import is_scenario_document, scenario_files

    result = Expanded([], [], [])
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            result.files.extend(scenario_files(path))
        elif path.is_file():
            try:
                scenario = path.stat().st_size > MAX_BYTES or is_scenario_document(path.read_bytes())
            except OSError:
                scenario = True  # let the loader report why it cannot be read
            (result.files if scenario else result.skipped).append(path)
        else:
            problem = "not a regular file or folder" if path.exists() else "no such file or folder"
            result.missing.append(error("DLG010", problem, Pos(str(raw), 1, 1)))
    # A file named twice (`validate dialogue/ dialogue/a.yaml`) is checked once, under its first name;
    # otherwise it would be a duplicate of itself (DLG002).
    seen: set[Path] = set()
    unique: list[Path] = []
    for path in result.files:
        try:
            key = path.resolve()
        except (OSError, RuntimeError):
            key = path.absolute()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    result.files[:] = unique
    return result


def validate_paths(
    paths: Iterable[str | Path], similarity: Similarity | None = None, threshold: float | None = None
) -> list[Finding]:
    expanded = expand_paths(paths)
    findings = list(expanded.missing)
    playable: list[Path] = []
    for path in expanded.files:
        own = validate_scenario_file(path, similarity, threshold)
        findings += own
        if not any(f.is_error for f in own):
            playable.append(path)
    findings += check_unique_ids(playable)
    return sorted_findings(findings)


def check_unique_ids(files: Iterable[Path]) -> list[Finding]:
    """DLG002: two scenario files in one folder with the same ``id``.

    ``validate_paths`` passes only the files without errors of their own: a broken copy of a
    scenario cannot be played, so it does not take the id away from the file that can (and a
    folder of deliberately broken variants reports each file's own problem, not a cascade of
    DLG002).
    """
    from game.yamlsafe import YScalar, parse_yaml

    first: dict[tuple[Path, str], Pos] = {}
    findings: list[Finding] = []
    for path in files:
        try:
            parsed = parse_yaml(path.read_bytes(), str(path))
        except (OSError, RecursionError):
            continue
        node = parsed.root.get("id") if parsed.root is not None else None
        if not isinstance(node, YScalar) or not isinstance(node.value, str):
            continue
        key = (path.resolve().parent, node.value)
        here = Pos(str(path), node.line, node.col)
        if key in first:
            findings.append(
                error("DLG002", f"scenario id '{node.value}' is also used by {first[key].path}", here)
            )
        else:
            first[key] = here
    return findings


def summary(file_count: int, findings: Sequence[Finding]) -> str:
    errors = sum(1 for f in findings if f.is_error)
    warnings = len(findings) - errors

    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    return f"{plural(file_count, 'file')}, {plural(errors, 'error')}, {plural(warnings, 'warning')}"
