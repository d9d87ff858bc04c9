"""Hostile-input-safe YAML: text in, a tree of plain values with 1-based positions out.

Built on PyYAML's *composer* with the safe resolver, so nothing is ever constructed from a tag
(``!!python/object/apply:...`` is rejected, never run). Every problem becomes a ``Finding``
instead of an exception. Limits, chosen far above any real scenario:

- files over ``MAX_BYTES`` (1 MB) are refused before parsing;
- bytes must be UTF-8 (a BOM is allowed) with no NUL bytes (binary files are refused);
- tabs in indentation are refused with their line (YAML forbids them; the parser's own message is cryptic);
- aliases (``*name``) are refused: they are how "billion laughs" bombs expand, and scenarios never need them;
- nesting deeper than ``MAX_DEPTH`` is refused;
- only the standard tags str, int, float, bool, null, map and seq (timestamps are kept as text);
- one document per file; the top level must be a mapping;
- a key repeated in one mapping is DLG002 (YAML would silently keep the last one; we keep the first
  and report the second).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import AliasEvent

from game.findings import Finding, error
from game.model import Pos

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
Scalar = str | int | float | bool | None

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}


@dataclass
class YScalar:
    value: Scalar
    line: int
    col: int
    style: str | None = None
    """None for plain scalars, ``'`` or ``"`` for quoted, ``|`` or ``>`` for block scalars."""
    end_line: int = 0
    raw: str = ""
    """The text as written, before resolving ``yes``/``12``/``~``: text fields use it, so a customer
    line ``No`` stays the word "No" instead of becoming false."""


@dataclass
class YKey:
    text: str
    line: int
    col: int


@dataclass
class YMap:
    line: int
    col: int
    entries: dict[str, tuple[YKey, YNode]] = field(default_factory=dict)

    def get(self, key: str) -> YNode | None:
        entry = self.entries.get(key)
        return entry[1] if entry else None

    def key(self, key: str) -> YKey:
        return self.entries[key][0]

    def __contains__(self, key: str) -> bool:
        return key in self.entries


@dataclass
class YSeq:
    line: int
    col: int
    items: list[YNode] = field(default_factory=list)


YNode = YScalar | YMap | YSeq


@dataclass
class YamlResult:
    root: YMap | None
    findings: list[Finding]


class _Refused(Exception):
    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


class _GuardedLoader(yaml.SafeLoader):
    """A SafeLoader whose composer refuses aliases and deep nesting before they can cost anything."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.nesting = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line, col = (event.start_mark.line + 1, event.start_mark.column + 1) if event.start_mark else (1, 1)
        if isinstance(event, AliasEvent):
            raise _Refused(
                "aliases (*name) are not allowed in scenario files; write the value out",
                line,
                col,
            )
        self.nesting += 1
        if self.nesting > MAX_DEPTH:
            raise _Refused(
                f"nested more than {MAX_DEPTH} levels deep",
                line,
                col,
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self.nesting -= 1


def decode(data: bytes, path: str) -> tuple[str | None, list[Finding]]:
    """UTF-8 text, or a DLG010 finding (binary, wrong encoding, too big)."""
    if len(data) > MAX_BYTES:
        return None, [
            error("DLG010", f"file is larger than {MAX_BYTES} bytes; is it a scenario?", Pos(path, 1, 1))
        ]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [error("DLG010", "UTF-16 text, not UTF-8; save the file as UTF-8", Pos(path, 1, 1))]
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _line_col(data, nul)
        return None, [
            error("DLG010", "binary file (contains NUL bytes), not a YAML scenario", Pos(path, line, col))
        ]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as problem:
        line, col = _line_col(data, problem.start)
        return None, [
            error(
                "DLG010",
                f"not UTF-8 text (byte 0x{data[problem.start]:02x}); save the file as UTF-8",
                Pos(path, line, col),
            )
        ]


def _line_col(data: bytes, index: int) -> tuple[int, int]:
    before = data[:index]
    line = before.count(b"\n") + 1
    col = index - (before.rfind(b"\n") + 1) + 1
    return line, col


def parse_yaml(source: str | bytes, path: str) -> YamlResult:
    """Parse one YAML document whose top level must be a mapping; never raises for bad content."""
    if isinstance(source, bytes):
        text, findings = decode(source, path)
        if text is None:
            return YamlResult(None, findings)
    else:
        if len(source.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            return YamlResult(
                None,
                [
                    error(
                        "DLG010", f"file is larger than {MAX_BYTES} bytes; is it a scenario?", Pos(path, 1, 1)
                    )
                ],
            )
        text = source.removeprefix("\ufeff")
        if "\x00" in text:
            return YamlResult(None, [error("DLG010", "binary content (NUL characters)", Pos(path, 1, 1))])
    tab = _tab_indentation(text)
    if tab is not None:
        return YamlResult(
            None,
            [error("DLG010", "tab used for indentation; indent with spaces", Pos(path, tab[0], tab[1]))],
        )
    retries = min(200, 4_000_000 // max(len(text), 1))
    while True:
        try:
            loader = _GuardedLoader(text)
        except yaml.reader.ReaderError as problem:
            # Raised while reading, before any parsing: a control character the YAML spec forbids.
            line, col = _text_line_col(text, problem.position)
            return YamlResult(
                None,
                [
                    error(
                        "DLG010",
                        f"control character U+{problem.character:04X} is not allowed in a YAML file;"
                        " remove it or save the file as plain UTF-8 text",
                        Pos(path, line, col),
                    )
                ],
            )
        try:
            node = loader.get_single_node()
        except _Refused as refused:
            return YamlResult(None, [error("DLG010", refused.message, Pos(path, refused.line, refused.col))])
        except yaml.MarkedYAMLError as problem:
            spot = _separating_tab(text, problem)
            if spot is not None and retries > 0:
                # YAML 1.2 allows a tab between words, before a comment or after a comma; PyYAML
                # (YAML 1.1) does not. It is whitespace there: read it as a space and parse again.
                retries -= 1
                text = text[:spot] + " " + text[spot + 1 :]
                continue
            if spot is not None:
                line, col = _text_line_col(text, spot)
                return YamlResult(
                    None,
                    [error("DLG010", "too many tabs to read as spaces; use spaces", Pos(path, line, col))],
                )
            mark = problem.problem_mark or problem.context_mark
            parts = (problem.context, problem.problem)
            message = "; ".join(part for part in parts if part) or "malformed YAML"
            if _points_at_the_opening(problem) and problem.context_mark is not None:
                # An unclosed quote or bracket, a key without ':': the parser notices it later (often at
                # the end of the file); the author needs the place where it was opened.
                if mark is not None and mark.line != problem.context_mark.line:
                    message += f" (noticed at line {mark.line + 1})"
                mark = problem.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            if problem.problem and "mapping values are not allowed" in problem.problem:
                message += (
                    " (check the indentation of this line; a text that contains ': ' must be in quotes:"
                    ' say: "Hi: it\'s me")'
                )
            return YamlResult(None, [error("DLG010", f"YAML syntax: {message}", Pos(path, line, col))])
        except yaml.YAMLError as problem:
            return YamlResult(None, [error("DLG010", f"YAML: {problem}", Pos(path, 1, 1))])
        except RecursionError:
            return YamlResult(None, [error("DLG010", "nested too deeply", Pos(path, 1, 1))])
        finally:
            loader.dispose()
        break
    if node is None:
        return YamlResult(
            None, [error("DLG001", "empty file: a scenario starts with 'format: 1'", Pos(path, 1, 1))]
        )
    converter = _Converter(path, loader)
    try:
        root = converter.convert(node)
    except _Refused as refused:
        return YamlResult(None, [error("DLG010", refused.message, Pos(path, refused.line, refused.col))])
    except RecursionError:
        return YamlResult(None, [error("DLG010", "nested too deeply", Pos(path, 1, 1))])
    if not isinstance(root, YMap):
        return YamlResult(
            None,
            [
                *converter.findings,
                error(
                    "DLG001",
                    "the top level must be a mapping (format:, id:, ...)",
                    Pos(path, root.line, root.col),
                ),
            ],
        )
    return YamlResult(root, converter.findings)


def _separating_tab(text: str, problem: yaml.MarkedYAMLError) -> int | None:
    """The index of a tab PyYAML refused as the start of a token, if that is the problem."""
    mark = problem.problem_mark
    if mark is None or "'\\t'" not in (problem.problem or ""):
        return None
    index = mark.index
    return index if 0 <= index < len(text) and text[index] == "\t" else None


def _points_at_the_opening(problem: yaml.MarkedYAMLError) -> bool:
    context = problem.context or ""
    return context.startswith(("while scanning a quoted scalar", "while scanning a simple key")) or (
        context.startswith(("while parsing a flow sequence", "while parsing a flow mapping"))
    )


def _text_line_col(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _tab_indentation(text: str) -> tuple[int, int] | None:
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        if "\t" in indent and stripped and not stripped.startswith("#"):
            return number, indent.index("\t") + 1
    return None


class _Converter:
    def __init__(self, path: str, loader: _GuardedLoader) -> None:
        self.path = path
        self.loader = loader
        self.findings: list[Finding] = []

    def convert(self, node: yaml.Node) -> YNode:
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        if node.tag not in _ALLOWED_TAGS:
            raise _Refused(f"YAML tag {node.tag!r} is not allowed in scenario files", line, col)
        if isinstance(node, yaml.MappingNode):
            mapping = YMap(line, col)
            for key_node, value_node in node.value:
                key = self._key(key_node)
                value = self.convert(value_node)
                if key.text in mapping.entries:
                    first = mapping.entries[key.text][0]
                    self.findings.append(
                        error(
                            "DLG002",
                            f"duplicate key '{key.text}' (first at line {first.line}); YAML would silently"
                            " keep only the last one",
                            Pos(self.path, key.line, key.col),
                        )
                    )
                    continue
                mapping.entries[key.text] = (key, value)
            return mapping
        if isinstance(node, yaml.SequenceNode):
            return YSeq(line, col, [self.convert(item) for item in node.value])
        assert isinstance(node, yaml.ScalarNode)
        return YScalar(self._scalar(node), line, col, node.style, node.end_mark.line + 1, str(node.value))

    def _key(self, node: yaml.Node) -> YKey:
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        if not isinstance(node, yaml.ScalarNode):
            raise _Refused("a key must be a plain word, not a list or mapping", line, col)
        if node.tag not in _ALLOWED_TAGS:
            raise _Refused(f"YAML tag {node.tag!r} is not allowed in scenario files", line, col)
        # Keys are kept as the author typed them: a node called 404 is the node "404".
        return YKey(str(node.value), line, col)

    def _scalar(self, node: yaml.ScalarNode) -> Scalar:
        tag = node.tag
        try:
            if tag == _TAG + "int":
                value: Scalar = self.loader.construct_yaml_int(node)
                return value
            if tag == _TAG + "float":
                return float(self.loader.construct_yaml_float(node))
            if tag == _TAG + "bool":
                return bool(self.loader.construct_yaml_bool(node))
            if tag == _TAG + "null":
                return None
        except (ValueError, OverflowError):
            raise _Refused(
                f"cannot read the value {node.value[:40]!r}",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            ) from None
        return str(node.value)
