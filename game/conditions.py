"""The ``when:`` condition language (SPEC section 2), parsed by our own recursive-descent parser.

Content is data, never code: nothing here calls ``eval``/``exec``. Grammar::

    condition  := or_expr
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := operand (("==" | "!=" | "<" | "<=" | ">" | ">=") operand)?
    operand    := INTEGER | "-" INTEGER | STRING | "true" | "false" | NAME | "(" or_expr ")"

Types: whole numbers (``anger``, ``trust``, ``turn`` and int variables) compare with all six
operators; strings and true/false compare only with ``==``/``!=`` (ordering words alphabetically
is never what a trainer means); a bare true/false name is a condition on its own. Comparisons do
not chain (``0 < anger < 50`` is an error: write ``anger > 0 and anger < 50``).

``parse_condition`` checks syntax only; ``check_condition`` checks names and types against the
scenario's variables (the loader runs both, so a loaded scenario's conditions are well typed and
``evaluate`` never raises on them).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

Value = bool | int | str
VarType = Literal["bool", "int", "str"]

BUILTIN_TYPES: Mapping[str, VarType] = {"anger": "int", "trust": "int", "turn": "int"}
"""Names every scenario has: the customer's mood and the number of replies so far."""

KEYWORDS = frozenset({"and", "or", "not", "true", "false"})
COMPARE_OPS = ("==", "!=", "<=", ">=", "<", ">")
ORDERING_OPS = frozenset({"<", "<=", ">", ">="})
CompareOp = Literal["==", "!=", "<", "<=", ">", ">="]
MAX_LENGTH = 2000
"""Longer conditions are rejected: no trainer writes one, and it bounds parser recursion."""
MAX_NESTING = 50


class ConditionError(Exception):
    """A problem in a condition; ``offset`` is the 0-based character index in the condition text."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def type_of(value: Value) -> VarType:
    # bool before int: in Python True is an int, in a scenario it is not.
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    return "str"


# --- syntax tree -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lit:
    value: Value
    offset: int


@dataclass(frozen=True)
class Name:
    name: str
    offset: int


@dataclass(frozen=True)
class Not:
    operand: Expr
    offset: int


@dataclass(frozen=True)
class Logic:
    op: Literal["and", "or"]
    left: Expr
    right: Expr
    offset: int


@dataclass(frozen=True)
class Compare:
    op: CompareOp
    left: Expr
    right: Expr
    offset: int
    """Offset of the operator."""


Expr = Lit | Name | Not | Logic | Compare


@dataclass(frozen=True)
class Comparison:
    """A name compared with a constant, as the validator needs it to pick representative values."""

    name: str
    op: CompareOp
    constant: Value


@dataclass(frozen=True)
class Condition:
    """A parsed condition. Equal when the source text is equal."""

    source: str
    root: Expr

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Condition) and other.source == self.source

    def __hash__(self) -> int:
        return hash(self.source)

    def __str__(self) -> str:
        return self.source

    def evaluate(self, env: Mapping[str, Value]) -> bool:
        """True if the condition holds. Raises ConditionError only for a name missing from ``env``."""
        return bool(_evaluate(self.root, env))

    def names(self) -> frozenset[str]:
        return frozenset(node.name for node in walk(self.root) if isinstance(node, Name))

    def comparisons(self) -> tuple[Comparison, ...]:
        found: list[Comparison] = []
        for node in walk(self.root):
            if isinstance(node, Compare):
                if isinstance(node.left, Name) and isinstance(node.right, Lit):
                    found.append(Comparison(node.left.name, node.op, node.right.value))
                elif isinstance(node.right, Name) and isinstance(node.left, Lit):
                    found.append(Comparison(node.right.name, _mirror(node.op), node.left.value))
        return tuple(found)


def walk(node: Expr) -> Iterator[Expr]:
    yield node
    if isinstance(node, Not):
        yield from walk(node.operand)
    elif isinstance(node, Logic | Compare):
        yield from walk(node.left)
        yield from walk(node.right)


def _mirror(op: CompareOp) -> CompareOp:
    mirrored: dict[str, CompareOp] = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
    return mirrored[op]


# --- tokenizer ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: Literal["int", "str", "name", "op", "end"]
    text: str
    offset: int
    value: Value = ""


_HINTS = {
    "=": "use == to compare",
    "&&": "write 'and'",
    "&": "write 'and'",
    "||": "write 'or'",
    "|": "write 'or'",
    "!": "write 'not' (or != to compare)",
}


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in " \t\r\n":
            i += 1
            continue
        if ch.isdigit():
            start = i
            while i < n and text[i].isdigit():
                i += 1
            if i < n and (text[i] == "." or text[i].isalpha() or text[i] == "_"):
                raise ConditionError("only whole numbers are allowed (like 40)", start)
            if i - start > 9:
                raise ConditionError("number too large", start)
            tokens.append(_Token("int", text[start:i], start, int(text[start:i])))
            continue
        if ch.isalpha() or ch == "_":
            start = i
            while i < n and (text[i].isalnum() or text[i] == "_"):
                i += 1
            word = text[start:i]
            tokens.append(_Token("name", word, start))
            continue
        if ch in "'\"":
            start = i
            i += 1
            chars: list[str] = []
            while i < n and text[i] != ch:
                if text[i] == "\\" and i + 1 < n:
                    i += 1
                chars.append(text[i])
                i += 1
            if i >= n:
                raise ConditionError("string is not closed: add the closing quote", start)
            i += 1
            tokens.append(_Token("str", text[start:i], start, "".join(chars)))
            continue
        two = text[i : i + 2]
        if two in ("==", "!=", "<=", ">="):
            tokens.append(_Token("op", two, i))
            i += 2
            continue
        if two in ("&&", "||"):
            raise ConditionError(f"unexpected '{two}': {_HINTS[two]}", i)
        if ch in "<>()-":
            tokens.append(_Token("op", ch, i))
            i += 1
            continue
        if ch in _HINTS:
            raise ConditionError(f"unexpected '{ch}': {_HINTS[ch]}", i)
        raise ConditionError(f"unexpected character {ch!r}", i)
    tokens.append(_Token("end", "", n))
    return tokens


# --- parser ------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def at_end(self) -> bool:
        return self.current.kind == "end"

    def is_word(self, word: str) -> bool:
        return self.current.kind == "name" and self.current.text == word

    def parse(self) -> Expr:
        if self.at_end():
            raise ConditionError("empty condition", 0)
        expr = self.or_expr()
        if not self.at_end():
            token = self.current
            if token.kind == "op" and token.text in COMPARE_OPS:
                raise ConditionError(
                    "comparisons do not chain: join them with 'and' (e.g. anger > 0 and anger < 50)",
                    token.offset,
                )
            raise ConditionError(f"unexpected {token.text!r}: expected 'and', 'or' or the end", token.offset)
        return expr

    def or_expr(self) -> Expr:
        left = self.and_expr()
        while self.is_word("or"):
            token = self.advance()
            left = Logic("or", left, self.and_expr(), token.offset)
        return left

    def and_expr(self) -> Expr:
        left = self.not_expr()
        while self.is_word("and"):
            token = self.advance()
            left = Logic("and", left, self.not_expr(), token.offset)
        return left

    def not_expr(self) -> Expr:
        if self.is_word("not"):
            token = self.advance()
            self.enter(token.offset)
            operand = self.not_expr()
            self.depth -= 1
            return Not(operand, token.offset)
        return self.comparison()

    def comparison(self) -> Expr:
        left = self.operand()
        token = self.current
        if token.kind == "op" and token.text in COMPARE_OPS:
            self.advance()
            right = self.operand()
            op: CompareOp = token.text  # type: ignore[assignment]
            return Compare(op, left, right, token.offset)
        return left

    def enter(self, offset: int) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ConditionError("condition is nested too deeply", offset)

    def operand(self) -> Expr:
        token = self.advance()
        if token.kind == "end":
            raise ConditionError("condition ends too early: a value is missing", token.offset)
        if token.kind == "int":
            return Lit(token.value, token.offset)
        if token.kind == "str":
            return Lit(token.value, token.offset)
        if token.kind == "op" and token.text == "-":
            number = self.advance()
            if number.kind != "int" or number.offset != token.offset + 1:
                raise ConditionError("'-' must be followed directly by a number", token.offset)
            return Lit(-int(number.value), token.offset)
        if token.kind == "op" and token.text == "(":
            self.enter(token.offset)
            inner = self.or_expr()
            self.depth -= 1
            if self.current.kind != "op" or self.current.text != ")":
                raise ConditionError("missing ')' to close the '(' opened here", token.offset)
            self.advance()
            return inner
        if token.kind == "name":
            if token.text == "true":
                return Lit(True, token.offset)
            if token.text == "false":
                return Lit(False, token.offset)
            if token.text in KEYWORDS:
                raise ConditionError(f"expected a value before '{token.text}'", token.offset)
            if token.text in ("True", "False"):
                raise ConditionError(f"write {token.text.lower()} in lower case", token.offset)
            return Name(token.text, token.offset)
        raise ConditionError(f"unexpected {token.text!r}: expected a value", token.offset)


def parse_condition(text: str) -> Condition:
    """Parse ``text``; raise ConditionError(message, offset) if it is not a well-formed condition."""
    if len(text) > MAX_LENGTH:
        raise ConditionError(f"condition longer than {MAX_LENGTH} characters", MAX_LENGTH)
    return Condition(text, _Parser(text).parse())


# --- types -------------------------------------------------------------------------------------

_TYPE_WORDS: Mapping[VarType, str] = {"bool": "true/false", "int": "a number", "str": "a string"}


def check_condition(
    condition: Condition,
    types: Mapping[str, VarType],
    closest: Callable[[str, Iterable[str]], str | None] | None = None,
) -> list[ConditionError]:
    """Unknown names and type mismatches, given every name's type (builtins included).

    ``closest`` suggests a known name for an unknown one (default: difflib, unbounded).
    """
    problems: list[ConditionError] = []
    root_type = _infer(condition.root, types, problems, closest or _difflib_closest)
    if root_type is not None and root_type != "bool":
        problems.append(
            ConditionError(
                f"a condition must be true or false, but this is {_TYPE_WORDS[root_type]}"
                " (compare it, e.g. anger >= 50)",
                condition.root.offset,
            )
        )
    return problems


def _difflib_closest(word: str, candidates: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(candidates), n=1)
    return close[0] if close else None


def _infer(
    node: Expr,
    types: Mapping[str, VarType],
    problems: list[ConditionError],
    closest: Callable[[str, Iterable[str]], str | None],
) -> VarType | None:
    if isinstance(node, Lit):
        return type_of(node.value)
    if isinstance(node, Name):
        known = types.get(node.name)
        if known is None:
            close = closest(node.name, types)
            hint = f" (did you mean '{close}'?)" if close else " (declare it under variables:)"
            problems.append(ConditionError(f"unknown name '{node.name}'{hint}", node.offset))
        return known
    if isinstance(node, Not):
        operand = _infer(node.operand, types, problems, closest)
        if operand is not None and operand != "bool":
            problems.append(
                ConditionError(f"'not' needs true/false, not {_TYPE_WORDS[operand]}", node.operand.offset)
            )
        return "bool"
    if isinstance(node, Logic):
        for side in (node.left, node.right):
            side_type = _infer(side, types, problems, closest)
            if side_type is not None and side_type != "bool":
                problems.append(
                    ConditionError(
                        f"'{node.op}' joins true/false conditions, not {_TYPE_WORDS[side_type]}", side.offset
                    )
                )
        return "bool"
    left = _infer(node.left, types, problems, closest)
    right = _infer(node.right, types, problems, closest)
    if left is not None and right is not None:
        if left != right:
            problems.append(
                ConditionError(f"cannot compare {_TYPE_WORDS[left]} with {_TYPE_WORDS[right]}", node.offset)
            )
        elif node.op in ORDERING_OPS and left != "int":
            problems.append(
                ConditionError(
                    f"'{node.op}' compares numbers; use == or != for {_TYPE_WORDS[left]}", node.offset
                )
            )
    return "bool"


# --- evaluation --------------------------------------------------------------------------------


def _evaluate(node: Expr, env: Mapping[str, Value]) -> Value:
    if isinstance(node, Lit):
        return node.value
    if isinstance(node, Name):
        try:
            return env[node.name]
        except KeyError:
            raise ConditionError(f"unknown name '{node.name}'", node.offset) from None
    if isinstance(node, Not):
        return not _evaluate(node.operand, env)
    if isinstance(node, Logic):
        if node.op == "and":
            return bool(_evaluate(node.left, env)) and bool(_evaluate(node.right, env))
        return bool(_evaluate(node.left, env)) or bool(_evaluate(node.right, env))
    return compare(node.op, _evaluate(node.left, env), _evaluate(node.right, env))


def compare(op: CompareOp, left: Value, right: Value) -> bool:
    """Compare two values; values of different types are simply unequal (never an exception)."""
    if type_of(left) != type_of(right):
        return op == "!="
    if op == "==":
        return left == right
    if op == "!=":
        return left != right
    if not (isinstance(left, int) and isinstance(right, int)) or isinstance(left, bool):
        return False
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if op == ">":
        return left > right
    return left >= right
