"""The when: language: parsing, positions of mistakes, types, evaluation; never eval."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.conditions import BUILTIN_TYPES, ConditionError, check_condition, parse_condition

TYPES = {**BUILTIN_TYPES, "offered_refund": "bool", "warnings": "int", "tier": "str"}


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        ("trust >= 40 and not offered_refund", {"trust": 40, "offered_refund": False}, True),
        ("trust >= 40 and not offered_refund", {"trust": 39, "offered_refund": False}, False),
        ("trust >= 40 and not offered_refund", {"trust": 90, "offered_refund": True}, False),
        ("anger > 80 or trust < 10", {"anger": 50, "trust": 5}, True),
        ("not (anger > 80 or trust < 10)", {"anger": 50, "trust": 5}, False),
        ("anger >= 30 and anger <= 60", {"anger": 60}, True),
        ("tier == 'gold'", {"tier": "gold"}, True),
        ('tier != "gold"', {"tier": "gold"}, False),
        ("offered_refund == true", {"offered_refund": True}, True),
        ("offered_refund", {"offered_refund": False}, False),
        ("warnings == -1", {"warnings": -1}, True),
        ("turn > 2 or anger == 100", {"turn": 3, "anger": 0}, True),
        # and binds tighter than or, as in Python and SQL
        ("true or false and false", {}, True),
    ],
)
def test_conditions_evaluate_as_read(text: str, env: dict[str, object], expected: bool) -> None:
    condition = parse_condition(text)
    assert check_condition(condition, TYPES) == []
    assert condition.evaluate(env) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "offset", "words"),
    [
        ("trust >= and anger < 50", 9, "before 'and'"),
        ("anger = 40", 6, "use =="),
        ("anger > 40 && trust < 3", 11, "write 'and'"),
        ("(anger > 40", 0, "missing ')'"),
        ("0 < anger < 50", 10, "do not chain"),
        ("anger >", 7, "ends too early"),
        ("tier == 'gold", 8, "not closed"),
        ("anger > 4.5", 8, "whole numbers"),
        ("", 0, "empty"),
        ("anger > 40 trust", 11, "expected 'and'"),
        ("offered_refund == True", 18, "lower case"),
        ("__import__('os').system('ls')", 16, "unexpected character '.'"),
    ],
)
def test_syntax_errors_point_at_the_offending_character(text: str, offset: int, words: str) -> None:
    with pytest.raises(ConditionError) as caught:
        parse_condition(text)
    assert caught.value.offset == offset
    assert words in caught.value.message


@pytest.mark.parametrize(
    ("text", "offset", "words"),
    [
        ("refunded", 0, "unknown name 'refunded'"),
        ("offerd_refund", 0, "did you mean 'offered_refund'"),
        ("anger >= 'high'", 6, "cannot compare a number with a string"),
        ("offered_refund > 1", 15, "cannot compare"),
        ("tier < 'gold'", 5, "use == or !="),
        ("anger", 0, "must be true or false"),
        ("not warnings", 4, "'not' needs true/false"),
        ("anger > 3 and trust", 14, "'and' joins"),
    ],
)
def test_names_and_types_are_checked_against_the_scenario(text: str, offset: int, words: str) -> None:
    problems = check_condition(parse_condition(text), TYPES)
    assert [p.offset for p in problems] == [offset]
    assert words in problems[0].message


def test_names_and_compared_constants_are_exposed_for_the_validator() -> None:
    condition = parse_condition("(anger > 50 or 20 >= trust) and tier == 'gold' and not offered_refund")
    assert condition.names() == {"anger", "trust", "tier", "offered_refund"}
    assert {(c.name, c.op, c.constant) for c in condition.comparisons()} == {
        ("anger", ">", 50),
        ("trust", "<=", 20),
        ("tier", "==", "gold"),
    }


def test_a_missing_name_at_runtime_is_a_clear_condition_error() -> None:
    with pytest.raises(ConditionError, match="unknown name 'trust'"):
        parse_condition("trust > 3").evaluate({})


def test_mixed_types_at_runtime_are_simply_unequal_never_an_exception() -> None:
    assert parse_condition("x == 1").evaluate({"x": True}) is False
    assert parse_condition("x != 1").evaluate({"x": "1"}) is True
    assert parse_condition("x < 1").evaluate({"x": "0"}) is False


def test_deep_parentheses_are_refused_not_a_recursion_crash() -> None:
    with pytest.raises(ConditionError, match="nested too deeply"):
        parse_condition("(" * 500 + "true" + ")" * 500)
    with pytest.raises(ConditionError, match="longer than"):
        parse_condition("not " * 1000 + "true")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="anger trust<>=!()'\"0123456789-_andornt\t", max_size=40))
def test_any_text_either_parses_or_raises_condition_error_within_bounds(text: str) -> None:
    try:
        condition = parse_condition(text)
    except ConditionError as problem:
        assert 0 <= problem.offset <= len(text)
        return
    for problem in check_condition(condition, TYPES):
        assert 0 <= problem.offset <= len(text)


_ANGER = st.integers(0, 100)


@settings(max_examples=100, deadline=None)
@given(a=_ANGER, b=_ANGER, anger=_ANGER, flag=st.booleans())
def test_evaluation_matches_python_on_formulas(a: int, b: int, anger: int, flag: bool) -> None:
    text = f"(anger >= {a} and not flag) or anger < {b} and flag"
    expected = (anger >= a and not flag) or (anger < b and flag)
    assert parse_condition(text).evaluate({"anger": anger, "flag": flag}) is expected
