"""Scenario files -> ``game.model`` values, with every problem as a positioned ``Finding``.

``load_scenario`` reads one file (hostile input included: see ``game.yamlsafe``), checks the
shape of every key (DLG001), duplicate ids (DLG002), references to missing nodes (DLG003) and
conditions (DLG006), then runs the semantic checks of ``game.validate`` (reachability, dead ends,
choice points that can all be disabled, example quality). The scenario is returned only if there is
no error, so anything that plays has been fully validated.

Format 1 extensions accepted here (all optional): ``customer.appearance`` (skin, hair,
hair_color, outfit, build), ``customer.voice.name``, ``node.coach``, ``reply.feedback``,
``otherwise.feedback``, ``otherwise.emotion``/``set``/``next``. ``channel`` defaults to
``in_person`` and ``brief`` to an empty text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from game.conditions import (
    BUILTIN_TYPES,
    KEYWORDS,
    Condition,
    ConditionError,
    VarType,
    check_condition,
    parse_condition,
    type_of,
)
from game.findings import Finding, Suggestions, error, has_errors, sorted_findings
from game.model import (
    CHANNELS,
    EMOTIONS,
    SETTINGS,
    TAGS,
    Appearance,
    Customer,
    Effects,
    Example,
    Goto,
    KnowledgeEntry,
    Line,
    Mood,
    MoodDelta,
    Node,
    Otherwise,
    Pos,
    Reply,
    Scenario,
    Value,
    VoiceHints,
)
from game.paths import DIALOGUE_DIR
from game.yamlsafe import MAX_BYTES, YKey, YMap, YNode, YScalar, YSeq, parse_yaml

Similarity = Callable[[str, str], float]
SCENARIO_ID = re.compile(r"[a-z0-9-]+")
NODE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
LINE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
OUTCOME = re.compile(r"[a-z0-9_-]+")
VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SCENARIO_SUFFIXES = (".yaml", ".yml")

GRAPH_KEYS = ("start", "nodes", "replies", "otherwise", "next", "goto", "end")
TOP_KEYS = (
    "format",
    "id",
    "title",
    "level",
    "setting",
    "channel",
    "brief",
    "customer",
    "knowledge",
    "variables",
    "start",
    "nodes",
)
TOP_REQUIRED = ("format", "id", "title", "level", "setting", "customer", "start", "nodes")
CUSTOMER_KEYS = ("name", "voice", "mood", "walk_out_at", "appearance")
VOICE_KEYS = ("gender", "age", "rate", "pitch", "name")
APPEARANCE_KEYS = ("skin", "hair", "hair_color", "outfit", "build")
NODE_KEYS = ("say", "emotion", "replies", "otherwise", "next", "end", "coach")
REPLY_KEYS = ("id", "when", "examples", "tags", "mood", "set", "feedback", "next")
OTHERWISE_KEYS = ("say", "emotion", "mood", "set", "next", "feedback")
LINE_KEYS = ("id", "text", "emotion")
GOTO_KEYS = ("when", "goto")
KNOWLEDGE_KEYS = ("id", "title", "text")


@dataclass
class LoadResult:
    scenario: Scenario | None
    """None when there is any error."""
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.scenario is not None


class ScenarioError(Exception):
    """A scenario that cannot be played; ``findings`` says why, one line each."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__("\n".join(str(f) for f in findings if f.is_error) or "the scenario has errors")


class ScenarioNotFound(Exception):
    """SCENARIO is neither a readable .yaml file nor the id of a scenario under dialogue/."""


# --- public API --------------------------------------------------------------------------------


def load_scenario(
    path: str | Path, similarity: Similarity | None = None, threshold: float | None = None
) -> LoadResult:
    """Read, check and build one scenario file. Never raises for bad content.

    ``similarity``/``threshold`` replace the word-overlap near-duplicate check (DLG008), e.g. by
    ``game.understanding.similarity.example_similarity``.
    """
    shown = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            return LoadResult(
                None,
                [
                    error(
                        "DLG010",
                        f"file is larger than {MAX_BYTES} bytes; is it a scenario?",
                        Pos(shown, 1, 1),
                    )
                ],
            )
        data = Path(path).read_bytes()
    except OSError as problem:
        return LoadResult(
            None, [error("DLG010", f"cannot read file: {problem.strerror or problem}", Pos(shown, 1, 1))]
        )
    return load_scenario_text(data, shown, similarity, threshold)


def load_scenario_text(
    text: str | bytes, path: str, similarity: Similarity | None = None, threshold: float | None = None
) -> LoadResult:
    """Like ``load_scenario`` for content already in memory; ``path`` is used in findings."""
    from game.validate import NEAR_DUPLICATE_THRESHOLD, check_scenario, token_similarity

    draft, findings, graph_ok = _build_draft(text, path)
    if draft is not None:
        findings += check_scenario(
            draft,
            structure_ok=graph_ok,
            similarity=similarity or token_similarity,
            threshold=threshold if threshold is not None else NEAR_DUPLICATE_THRESHOLD,
        )
    findings = sorted_findings(findings)
    return LoadResult(None if has_errors(findings) or draft is None else draft, findings)


def build_draft(text: str | bytes, path: str) -> tuple[Scenario | None, list[Finding]]:
    """The schema-level pass only (DLG001/002/003/006/010): a best-effort scenario plus findings.

    The draft may be incomplete when there are errors; semantic checks should only trust it when
    the findings hold no error.
    """
    scenario, findings, _ = _build_draft(text, path)
    return scenario, findings


def _build_draft(text: str | bytes, path: str) -> tuple[Scenario | None, list[Finding], bool]:
    """``build_draft`` plus whether the draft's graph is complete enough for DLG004/005/007."""
    from game.validate import GRAPH_SAFE_CODES

    parsed = parse_yaml(text, path)
    if parsed.root is None:
        return None, list(parsed.findings), False
    builder = _Builder(path)
    builder.findings.extend(parsed.findings)
    scenario = builder.build(parsed.root)
    graph_ok = scenario is not None and not builder.graph_broken
    graph_ok = graph_ok and not any(
        f.is_error and f.code not in ("DLG001", *GRAPH_SAFE_CODES) for f in builder.findings
    )
    return scenario, builder.findings, graph_ok


def is_scenario_document(text: str | bytes) -> bool:
    """Whether a folder scan should treat this file as a scenario.

    Rule: a file whose top level is a mapping with neither ``format`` nor ``nodes`` (a campaign,
    a settings file) is not a scenario. Anything unreadable is treated as a scenario so that its
    problem is reported rather than skipped.
    """
    parsed = parse_yaml(text, "<scan>")
    if parsed.root is None:
        return True
    return "format" in parsed.root or "nodes" in parsed.root


def scenario_files(folder: str | Path) -> list[Path]:
    """The scenario files of a folder (not recursive), sorted by name; see ``is_scenario_document``."""
    found: list[Path] = []
    for candidate in sorted(Path(folder).iterdir()):
        if not candidate.is_file() or candidate.suffix.lower() not in SCENARIO_SUFFIXES:
            continue
        try:
            if candidate.stat().st_size > MAX_BYTES or is_scenario_document(candidate.read_bytes()):
                found.append(candidate)
        except OSError:
            found.append(candidate)
    return found


def load_all(folder: str | Path = DIALOGUE_DIR) -> list[LoadResult]:
    return [load_scenario(path) for path in scenario_files(folder)]


def resolve_scenario(ref: str) -> Path:
    """A path to a .yaml/.yml file, or the id of a scenario under ``dialogue/``."""
    candidate = Path(ref)
    if candidate.suffix.lower() in SCENARIO_SUFFIXES or "/" in ref or "\\" in ref:
        if candidate.is_file():
            return candidate
        raise ScenarioNotFound(f"no such scenario file: {ref}")
    if candidate.is_file():
        return candidate
    every = scenario_id_files(DIALOGUE_DIR)
    ids = {scenario_id: paths[0] for scenario_id, paths in every.items()}
    if ref in ids:
        paths = every[ref]
        if len(paths) > 1:
            # The same id twice (DLG002): the playable file is the scenario; a broken copy is not.
            return next((path for path in paths if load_scenario(path).ok), paths[0])
        return paths[0]
    available = ", ".join(sorted(ids)) or "(none)"
    close = difflib.get_close_matches(ref, list(ids), n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    raise ScenarioNotFound(f"no scenario with id '{ref}' in {DIALOGUE_DIR}.{hint} Available: {available}")


def scenario_ids(folder: str | Path) -> dict[str, Path]:
    """The id written in each scenario file of ``folder`` (first file wins on duplicates)."""
    return {scenario_id: paths[0] for scenario_id, paths in scenario_id_files(folder).items()}


def scenario_id_files(folder: str | Path) -> dict[str, list[Path]]:
    """Every scenario file of ``folder`` by the id written in it, in file-name order."""
    ids: dict[str, list[Path]] = {}
    folder = Path(folder)
    if not folder.is_dir():
        return ids
    for path in scenario_files(folder):
        try:
            parsed = parse_yaml(path.read_bytes(), str(path))
        except OSError:
            continue
        node = parsed.root.get("id") if parsed.root is not None else None
        if isinstance(node, YScalar) and isinstance(node.value, str):
            ids.setdefault(node.value, []).append(path)
    return ids


def load_or_raise(ref: str) -> Scenario:
    """Resolve and load ``ref``; raise ScenarioNotFound or ScenarioError (with the findings)."""
    result = load_scenario(resolve_scenario(ref))
    if result.scenario is None:
        raise ScenarioError(result.findings)
    return result.scenario


# --- building ----------------------------------------------------------------------------------


class _Builder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.findings: list[Finding] = []
        self.types: dict[str, VarType] = dict(BUILTIN_TYPES)
        self.variables: dict[str, Value] = {}
        self.line_ids: dict[str, Pos] = {}
        self.references: list[tuple[str, Pos, str]] = []
        self.suggest = Suggestions()
        self.graph_broken = False
        """A schema error (DLG001) that leaves the graph incomplete: a node, a replies list, a next
        or an otherwise that could not be read, or no usable start. Other DLG001 errors (an unknown
        key, a bad emotion) do not stop the graph checks (DLG004/005/007)."""

    # helpers -----------------------------------------------------------------------------------

    def pos(self, node: YNode | YKey) -> Pos:
        return Pos(self.path, node.line, node.col)

    def fail(self, message: str, at: YNode | YKey | Pos, code: str = "DLG001") -> None:
        self.findings.append(error(code, message, at if isinstance(at, Pos) else self.pos(at)))

    def mapping(self, node: YNode | None, what: str) -> YMap | None:
        if isinstance(node, YMap):
            return node
        if node is not None:
            self.fail(f"{what} must be a mapping of keys", node)
        return None

    def keys(
        self,
        mapping: YMap,
        what: str,
        allowed: Iterable[str],
        required: Iterable[str] = (),
        at: YKey | None = None,
    ) -> None:
        allowed = tuple(allowed)
        for name, (key, _) in mapping.entries.items():
            if name not in allowed:
                close = self.suggest.closest(name, allowed)
                hint = f" (did you mean '{close}'?)" if close else f" (allowed: {', '.join(allowed)})"
                if close in GRAPH_KEYS:
                    self.graph_broken = True  # e.g. `nxt:` or `otherwize:`: a link is missing
                self.fail(f"unknown key '{name}' in {what}{hint}", key)
        for name in required:
            if name not in mapping:
                self.fail(f"{what} is missing '{name}:'", at if at is not None else mapping)

    def text(self, node: YNode | None, what: str, allow_empty: bool = False) -> str | None:
        if node is None:
            return None
        if not isinstance(node, YScalar) or node.value is None:
            self.fail(f"{what} must be text", node)
            return None
        # Plain `No`, `12` or `on` in a text field mean the words the author typed.
        value = node.value if isinstance(node.value, str) else node.raw
        if not value.strip() and not allow_empty:
            self.fail(f"{what} must not be empty", node)
            return None
        return value

    def integer(self, node: YNode | None, what: str, low: int, high: int) -> int | None:
        if node is None:
            return None
        value = node.value if isinstance(node, YScalar) else None
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # 50.0 is the whole number 50 (JSON Schema agrees)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"{what} must be a whole number from {low} to {high}", node)
            return None
        if not low <= value <= high:
            self.fail(f"{what} must be from {low} to {high}, not {value}", node)
            return None
        return value

    def number(self, node: YNode | None, what: str, low: float, high: float) -> float | None:
        if node is None:
            return None
        value = node.value if isinstance(node, YScalar) else None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(f"{what} must be a number from {low} to {high}", node)
            return None
        if not low <= value <= high:
            self.fail(f"{what} must be from {low} to {high}, not {value}", node)
            return None
        return float(value)

    def choice(self, node: YNode | None, what: str, choices: Iterable[str]) -> str | None:
        value = self.text(node, what)
        if value is None or node is None:
            return None
        choices = tuple(choices)
        if value not in choices:
            close = self.suggest.closest(value, choices)
            hint = f" (did you mean '{close}'?)" if close else ""
            self.fail(f"{what} '{value}' is not one of: {', '.join(choices)}{hint}", node)
            return None
        return value

    def ident(self, node: YNode | None, what: str, pattern: re.Pattern[str], rule: str) -> str | None:
        value = self.text(node, what)
        if value is None or node is None:
            return None
        if not pattern.fullmatch(value):
            self.fail(f"{what} '{value}' must be {rule}", node)
            return None
        return value

    @staticmethod
    def optional(node: YNode | None) -> YNode | None:
        """An optional key written with nothing after it (``knowledge:``, ``otherwise: ~``) is absent."""
        if isinstance(node, YScalar) and node.value is None and node.style is None:
            return None
        return node

    def items(self, node: YNode | None, what: str) -> list[YNode]:
        if node is None:
            return []
        if not isinstance(node, YSeq):
            self.fail(f"{what} must be a list", node)
            return []
        return node.items

    # scenario ----------------------------------------------------------------------------------

    def build(self, root: YMap) -> Scenario | None:
        format_node = root.get("format")
        if format_node is None:
            self.fail("missing 'format: 1' (the scenario format version)", root)
            return None
        if (
            not isinstance(format_node, YScalar)
            or format_node.value != 1
            or isinstance(format_node.value, bool)
        ):
            shown = format_node.raw if isinstance(format_node, YScalar) else "a non-number"
            if isinstance(format_node, YScalar) and isinstance(format_node.value, str):
                shown = f'the text "{format_node.raw}" (write the number without quotes)'
            self.fail(
                f"format must be 1 (this version of Empathy Trainer reads scenario format 1), not {shown}",
                format_node,
            )
            return None
        self.keys(root, "the scenario", TOP_KEYS, TOP_REQUIRED)
        scenario_id = self.ident(root.get("id"), "id", SCENARIO_ID, "lower-case letters, digits and '-'")
        title = self.text(root.get("title"), "title")
        level = self.integer(root.get("level"), "level", 1, 5)
        setting = self.choice(root.get("setting"), "setting", SETTINGS)
        channel = self.choice(root.get("channel"), "channel", CHANNELS) if "channel" in root else "in_person"
        brief = self.text(self.optional(root.get("brief")), "brief", allow_empty=True) or ""
        self.read_variables(self.optional(root.get("variables")))
        knowledge = self.read_knowledge(self.optional(root.get("knowledge")))
        customer = self.read_customer(
            root.get("customer"), root.key("customer") if "customer" in root else None
        )
        nodes = self.read_nodes(root.get("nodes"))
        start = self.ident(root.get("start"), "start", NODE_ID, "a node id")
        if start is None:
            self.graph_broken = True
        if start is not None:
            start_node = root.get("start")
            assert start_node is not None
            self.references.append((start, self.pos(start_node), "start"))
        self.check_references(nodes)
        return Scenario(
            id=scenario_id or "",
            title=title or "",
            level=level or 1,
            setting=setting or SETTINGS[0],
            channel=channel or "in_person",
            brief=brief or "",
            customer=customer,
            start=start or "",
            nodes=nodes,
            knowledge=knowledge,
            variables=dict(self.variables),
            format=1,
            path=self.path,
        )

    def check_references(self, nodes: Mapping[str, Node]) -> None:
        for target, pos, what in self.references:
            if target not in nodes:
                close = self.suggest.closest(target, nodes)
                hint = f" (did you mean '{close}'?)" if close else ""
                self.findings.append(error("DLG003", f"{what} refers to missing node '{target}'{hint}", pos))

    def read_variables(self, node: YNode | None) -> None:
        mapping = self.mapping(node, "variables")
        if mapping is None:
            return
        for name, (key, value_node) in mapping.entries.items():
            if not VARIABLE.fullmatch(name) or name in KEYWORDS:
                self.fail(
                    f"variable name '{name}' must be a word of letters, digits and '_' (not a keyword)", key
                )
                continue
            if name in BUILTIN_TYPES:
                self.fail(f"'{name}' is built in; choose another variable name", key)
                continue
            value = value_node.value if isinstance(value_node, YScalar) else None
            if value is None or isinstance(value, float):
                self.fail(
                    f"variable '{name}' needs a default: true/false, a whole number or a text", value_node
                )
                continue
            self.variables[name] = value
            self.types[name] = type_of(value)

    def read_knowledge(self, node: YNode | None) -> tuple[KnowledgeEntry, ...]:
        entries: list[KnowledgeEntry] = []
        seen: dict[str, Pos] = {}
        for item in self.items(node, "knowledge"):
            mapping = self.mapping(item, "a knowledge entry")
            if mapping is None:
                continue
            self.keys(mapping, "a knowledge entry", KNOWLEDGE_KEYS, KNOWLEDGE_KEYS)
            entry_id = self.ident(mapping.get("id"), "knowledge id", NODE_ID, "letters, digits, '_' and '-'")
            title = self.text(mapping.get("title"), "knowledge title")
            text = self.text(mapping.get("text"), "knowledge text")
            if entry_id is not None:
                id_node = mapping.get("id")
                assert id_node is not None
                if entry_id in seen:
                    self.fail(
                        f"duplicate knowledge id '{entry_id}' (first at line {seen[entry_id].line})",
                        id_node,
                        "DLG002",
                    )
                seen.setdefault(entry_id, self.pos(id_node))
            entries.append(KnowledgeEntry(entry_id or "", title or "", text or "", self.pos(mapping)))
        return tuple(entries)

    def read_customer(self, node: YNode | None, key: YKey | None) -> Customer:
        mapping = self.mapping(node, "customer")
        at = self.pos(key) if key is not None else Pos(self.path, 1, 1)
        if mapping is None:
            return Customer(name="", mood=Mood(50, 50), pos=at)
        self.keys(mapping, "customer", CUSTOMER_KEYS, ("name", "mood"), at=key)
        name = self.text(mapping.get("name"), "customer name")
        mood = Mood(50, 50)
        mood_map = self.mapping(mapping.get("mood"), "customer mood")
        if mood_map is not None:
            self.keys(mood_map, "customer mood", ("anger", "trust"), ("anger", "trust"))
            anger = self.integer(mood_map.get("anger"), "anger", 0, 100)
            trust = self.integer(mood_map.get("trust"), "trust", 0, 100)
            mood = Mood(anger if anger is not None else 50, trust if trust is not None else 50)
        walk_out_at = self.integer(mapping.get("walk_out_at"), "walk_out_at", 1, 100)
        voice = VoiceHints()
        voice_map = self.mapping(self.optional(mapping.get("voice")), "voice")
        if voice_map is not None:
            self.keys(voice_map, "voice", VOICE_KEYS)
            rate = self.number(voice_map.get("rate"), "voice rate", 0.25, 4.0)
            pitch = self.number(voice_map.get("pitch"), "voice pitch", 0.25, 4.0)
            voice = VoiceHints(
                gender=self.text(voice_map.get("gender"), "voice gender"),
                age=self.text(voice_map.get("age"), "voice age"),
                rate=rate if rate is not None else 1.0,
                pitch=pitch if pitch is not None else 1.0,
                name=self.text(voice_map.get("name"), "voice name"),
            )
        appearance = Appearance()
        looks = self.mapping(self.optional(mapping.get("appearance")), "appearance")
        if looks is not None:
            self.keys(looks, "appearance", APPEARANCE_KEYS)
            appearance = Appearance(
                **{k: self.text(looks.get(k), f"appearance {k}") for k in APPEARANCE_KEYS}
            )
        return Customer(
            name=name or "",
            mood=mood,
            walk_out_at=walk_out_at if walk_out_at is not None else 100,
            voice=voice,
            appearance=appearance,
            pos=at,
        )

    # nodes -------------------------------------------------------------------------------------

    def read_nodes(self, node: YNode | None) -> dict[str, Node]:
        mapping = self.mapping(node, "nodes")
        nodes: dict[str, Node] = {}
        if mapping is None:
            self.graph_broken = True
            return nodes
        if not mapping.entries:
            self.graph_broken = True
            self.fail("nodes must hold at least one node", mapping)
        for node_id, (key, value) in mapping.entries.items():
            if not NODE_ID.fullmatch(node_id):
                self.fail(f"node id '{node_id}' must be letters, digits, '_' and '-'", key)
            nodes[node_id] = self.read_node(node_id, key, value)
        return nodes

    def read_node(self, node_id: str, key: YKey, value: YNode) -> Node:
        at = self.pos(key)
        mapping = self.mapping(value, f"node '{node_id}'")
        if mapping is None:
            self.graph_broken = True
            return Node(id=node_id, pos=at)
        what = f"node '{node_id}'"
        self.keys(mapping, what, NODE_KEYS)
        kinds = [k for k in ("replies", "next", "end") if k in mapping]
        if len(kinds) != 1:
            self.graph_broken = True
            found = f"found {' and '.join(kinds)}" if kinds else "found none"
            self.fail(f"{what} needs exactly one of replies:, next: or end: ({found})", key)
        if "otherwise" in mapping and "replies" not in mapping:
            self.graph_broken = True
            self.fail(f"otherwise: belongs to a node with replies:, not to {what}", mapping.key("otherwise"))
        emotion = self.choice(mapping.get("emotion"), "emotion", EMOTIONS) if "emotion" in mapping else None
        say = self.read_say(mapping.get("say"), node_id)
        replies = self.read_replies(mapping.get("replies"), node_id) if "replies" in mapping else ()
        otherwise = self.read_otherwise(mapping, node_id)
        goto = self.read_next(mapping.get("next"), f"next of {what}") if "next" in mapping else None
        end = self.ident(mapping.get("end"), "end", OUTCOME, "an outcome word like resolved or escalated")
        if "end" in mapping and end is None:
            end = "?"
        return Node(
            id=node_id,
            say=say,
            emotion=emotion or "neutral",
            replies=replies,
            otherwise=otherwise,
            next=goto or (),
            end=end,
            coach=self.text(mapping.get("coach"), "coach"),
            pos=at,
        )

    def read_say(self, node: YNode | None, prefix: str) -> tuple[Line, ...]:
        if node is None:
            return ()
        if isinstance(node, YScalar):
            text = self.text(node, "say")
            return (self.line(f"{prefix}.1", text or "", None, node),)
        lines: list[Line] = []
        if not isinstance(node, YSeq):
            self.fail("say must be a text or a list of lines ({id?, text, emotion?})", node)
            return ()
        items = node.items
        if isinstance(node, YSeq) and not items:
            self.fail("say: must hold at least one line", node)
        for index, item in enumerate(items, start=1):
            if isinstance(item, YScalar):
                lines.append(self.line(f"{prefix}.{index}", self.text(item, "say line") or "", None, item))
                continue
            mapping = self.mapping(item, "a say line")
            if mapping is None:
                continue
            self.keys(mapping, "a say line", LINE_KEYS, ("text",))
            line_id = self.ident(mapping.get("id"), "line id", LINE_ID, "letters, digits, '_', '-' and '.'")
            text = self.text(mapping.get("text"), "line text")
            emotion = (
                self.choice(mapping.get("emotion"), "emotion", EMOTIONS) if "emotion" in mapping else None
            )
            id_node = mapping.get("id")
            lines.append(self.line(line_id or f"{prefix}.{index}", text or "", emotion, id_node or mapping))
        return tuple(lines)

    def line(self, line_id: str, text: str, emotion: str | None, at: YNode) -> Line:
        pos = self.pos(at)
        if line_id in self.line_ids:
            first = self.line_ids[line_id]
            self.fail(f"duplicate line id '{line_id}' (first at line {first.line})", pos, "DLG002")
        else:
            self.line_ids[line_id] = pos
        return Line(line_id, text, emotion, pos)

    def read_replies(self, node: YNode | None, node_id: str) -> tuple[Reply, ...]:
        replies: list[Reply] = []
        seen: dict[str, Pos] = {}
        items = self.items(node, f"replies of node '{node_id}'")
        if not items:
            self.graph_broken = True
        if isinstance(node, YSeq) and not items:
            self.fail(f"replies of node '{node_id}' must hold at least one reply", node)
        for item in items:
            mapping = self.mapping(item, "a reply")
            if mapping is None:
                self.graph_broken = True
                continue
            self.keys(mapping, "a reply", REPLY_KEYS, ("id", "examples"))
            reply_id = self.ident(mapping.get("id"), "reply id", NODE_ID, "letters, digits, '_' and '-'")
            if reply_id is not None:
                id_node = mapping.get("id")
                assert id_node is not None
                if reply_id in seen:
                    self.fail(
                        f"duplicate reply id '{reply_id}' in node '{node_id}'"
                        f" (first at line {seen[reply_id].line})",
                        id_node,
                        "DLG002",
                    )
                seen.setdefault(reply_id, self.pos(id_node))
            examples: list[Example] = []
            examples_node = mapping.get("examples")
            none = "a reply needs at least one example (two or more is better)"
            if isinstance(examples_node, YScalar) and self.optional(examples_node) is None:
                # `examples:` with nothing after it: point at the key, the empty value has no place.
                self.fail(none, mapping.key("examples"))
            elif isinstance(examples_node, YSeq) and not examples_node.items:
                self.fail(none, examples_node)
            elif isinstance(examples_node, YScalar):
                text = self.text(examples_node, "example")
                if text is not None:
                    examples.append(Example(text, self.pos(examples_node)))
            else:
                for example in self.items(examples_node, "examples"):
                    text = self.text(example, "example")
                    if text is not None:
                        examples.append(Example(text, self.pos(example)))
            replies.append(
                Reply(
                    id=reply_id or "",
                    examples=tuple(examples),
                    tags=self.read_tags(self.optional(mapping.get("tags"))),
                    effects=self.read_effects(mapping, f"reply '{reply_id}'"),
                    feedback=self.text(mapping.get("feedback"), "feedback"),
                    when=self.condition(mapping.get("when")),
                    pos=self.pos(mapping),
                )
            )
        return tuple(replies)

    def read_tags(self, node: YNode | None) -> tuple[str, ...]:
        tags: list[str] = []
        items: list[YNode] = [node] if isinstance(node, YScalar) else self.items(node, "tags")
        for item in items:
            tag = self.choice(item, "tag", TAGS)
            if tag is not None and tag not in tags:
                tags.append(tag)
        return tuple(tags)

    def read_otherwise(self, mapping: YMap, node_id: str) -> Otherwise | None:
        node = self.optional(mapping.get("otherwise"))
        if node is None:
            return None
        otherwise = self.mapping(node, "otherwise")
        if otherwise is None:
            self.graph_broken = True
            return None
        self.keys(otherwise, "otherwise", OTHERWISE_KEYS)
        emotion = (
            self.choice(otherwise.get("emotion"), "emotion", EMOTIONS) if "emotion" in otherwise else None
        )
        return Otherwise(
            say=self.read_say(otherwise.get("say"), f"{node_id}.otherwise"),
            emotion=emotion,
            effects=self.read_effects(otherwise, f"otherwise of node '{node_id}'"),
            feedback=self.text(otherwise.get("feedback"), "feedback"),
            pos=self.pos(mapping.key("otherwise")),
        )

    def read_effects(self, mapping: YMap, what: str) -> Effects:
        delta = MoodDelta()
        mood = self.mapping(self.optional(mapping.get("mood")), "mood")
        if mood is not None:
            self.keys(mood, "mood", ("anger", "trust"))
            anger = self.integer(mood.get("anger"), "anger change", -100, 100)
            trust = self.integer(mood.get("trust"), "trust change", -100, 100)
            delta = MoodDelta(anger or 0, trust or 0)
        assignments: dict[str, Value] = {}
        assign = self.mapping(self.optional(mapping.get("set")), "set")
        if assign is not None:
            for name, (key, value_node) in assign.entries.items():
                value = self.assignment(name, key, value_node)
                if value is not None:
                    assignments[name] = value
        goto = self.read_next(mapping.get("next"), f"next of {what}") if "next" in mapping else None
        return Effects(mood=delta, set=assignments, next=goto)

    def assignment(self, name: str, key: YKey, node: YNode) -> Value | None:
        if name in BUILTIN_TYPES:
            self.fail(
                f"'{name}' cannot be set: change it with mood: (anger, trust) or not at all (turn)", key
            )
            return None
        declared = self.types.get(name)
        if declared is None:
            close = self.suggest.closest(name, self.variables)
            hint = f" (did you mean '{close}'?)" if close else " (declare it under variables:)"
            self.fail(f"set: '{name}' is not a declared variable{hint}", key)
            return None
        value = node.value if isinstance(node, YScalar) else None
        if (
            declared == "str"
            and isinstance(node, YScalar)
            and value is not None
            and not isinstance(value, str)
        ):
            value = node.raw  # a plain `yes` assigned to a text variable is the word "yes"
        if value is None or isinstance(value, float) or type_of(value) != declared:
            words = {"bool": "true or false", "int": "a whole number", "str": "a text"}
            self.fail(
                f"set: '{name}' holds {words[declared]} (its default is {_show(self.variables[name])})", node
            )
            return None
        return value

    def read_next(self, node: YNode | None, what: str) -> tuple[Goto, ...] | None:
        before = len(self.findings)
        gotos = self._read_next(node, what)
        if any(f.code == "DLG001" for f in self.findings[before:]):
            self.graph_broken = True
        return gotos

    def _read_next(self, node: YNode | None, what: str) -> tuple[Goto, ...] | None:
        if node is None:
            self.fail(f"{what} must be a node id or a list of {{when, goto}}", Pos(self.path, 1, 1))
            return None
        if isinstance(node, YScalar):
            target = self.ident(node, what, NODE_ID, "a node id")
            if target is None:
                return None
            self.references.append((target, self.pos(node), what))
            return (Goto(target, None, self.pos(node)),)
        items = self.items(node, what)
        if isinstance(node, YSeq) and not items:
            self.fail(f"{what} must not be an empty list", node)
            return None
        gotos: list[Goto] = []
        for item in items:
            mapping = self.mapping(item, f"an entry of {what}")
            if mapping is None:
                continue
            self.keys(mapping, f"an entry of {what}", GOTO_KEYS, ("goto",))
            target_node = mapping.get("goto")
            target = self.ident(target_node, "goto", NODE_ID, "a node id")
            if target is None or target_node is None:
                continue
            self.references.append((target, self.pos(target_node), "goto"))
            gotos.append(Goto(target, self.condition(mapping.get("when")), self.pos(mapping)))
        return tuple(gotos) if gotos else None

    def condition(self, node: YNode | None) -> Condition | None:
        if node is None:
            return None
        if not isinstance(node, YScalar) or node.value is None:
            self.fail("when: must be a condition like 'anger >= 50 and not offered_refund'", node, "DLG006")
            return None
        text = node.value if isinstance(node.value, str) else node.raw
        try:
            condition = parse_condition(text)
        except ConditionError as problem:
            self.fail(f"condition: {problem.message}", self.offset_pos(node, problem.offset), "DLG006")
            return None
        for mistake in check_condition(condition, self.types, self.suggest.closest):
            self.fail(f"condition: {mistake.message}", self.offset_pos(node, mistake.offset), "DLG006")
        return condition

    def offset_pos(self, node: YScalar, offset: int) -> Pos:
        """Where character ``offset`` of a condition sits in the file (exact for one-line scalars)."""
        if node.end_line not in (0, node.line) or node.style in ("|", ">"):
            return self.pos(node)
        shift = 1 if node.style in ("'", '"') else 0
        return Pos(self.path, node.line, node.col + shift + offset)


def _show(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)
