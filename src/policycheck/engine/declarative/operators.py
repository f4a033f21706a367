"""The comparison operators of declarative policies.

Each operator judges one attribute value against the expected value and returns ``True``
(holds), ``False`` (does not) or an :class:`Unknown` (cannot tell). Values are read the way
Terraform and Kubernetes read them: an expected boolean accepts ``"true"``/``"false"``
strings, an expected number accepts numeric strings, an expected string accepts numbers and
booleans by their text. An absent value (``None``) equals nothing but ``null``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from policycheck.helpers.attributes import is_set
from policycheck.helpers.values import truthy
from policycheck.model import Unknown

Outcome = bool | Unknown
Test = Callable[[Any, Any], Outcome]


@dataclass(frozen=True, slots=True)
class Operator:
    """``phrase`` completes "the value must ..." in messages; ``operand`` says what the
    ``value:`` key must hold ("" for operators that take none)."""

    name: str
    phrase: str
    operand: str
    test: Test


def _text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return str(int(value))
    if isinstance(value, (float, str)):
        return str(value)
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        parsed = float(str(value).strip())
    except ValueError:
        return None
    return parsed if math.isfinite(parsed) else None


def equals(actual: Any, expected: Any) -> Outcome:
    if expected is None or actual is None:
        return actual is expected
    if isinstance(expected, bool):
        flag = truthy(actual)
        return flag if isinstance(flag, Unknown) else flag is expected
    if isinstance(expected, (int, float)):
        return _number(actual) == expected
    if isinstance(expected, str):
        return _text(actual) == expected
    return bool(actual == expected)


def is_in(actual: Any, expected: Sequence[Any]) -> Outcome:
    undecided: Unknown | None = None
    for candidate in expected:
        outcome = equals(actual, candidate)
        if outcome is True:
            return True
        if isinstance(outcome, Unknown):
            undecided = undecided or outcome
    return undecided if undecided is not None else False


def exists(actual: Any, _expected: Any) -> Outcome:
    return is_set(actual)


def matches(actual: Any, expected: re.Pattern[str]) -> Outcome:
    text = _text(actual)
    return text is not None and expected.search(text) is not None


def _ordered(compare: Callable[[float, float], bool]) -> Test:
    def test(actual: Any, expected: float) -> Outcome:
        if actual is None:
            return False
        value = _number(actual)
        if value is None:
            return Unknown(f"{actual!r} is not a number")
        return compare(value, expected)

    return test


def _negated(test: Test) -> Test:
    def negation(actual: Any, expected: Any) -> Outcome:
        outcome = test(actual, expected)
        return outcome if isinstance(outcome, Unknown) else not outcome

    return negation


VALUE, VALUES, NUMBER, REGEX, NOTHING = "a value", "a list of values", "a number", "a regex", ""
OPERATORS: dict[str, Operator] = {op.name: op for op in (
    Operator("equals", "equal", VALUE, equals),
    Operator("not-equals", "not equal", VALUE, _negated(equals)),
    Operator("in", "be one of", VALUES, is_in),
    Operator("not-in", "not be one of", VALUES, _negated(is_in)),
    Operator("exists", "be set", NOTHING, exists),
    Operator("not-exists", "not be set", NOTHING, _negated(exists)),
    Operator("matches", "match", REGEX, matches),
    Operator("not-matches", "not match", REGEX, _negated(matches)),
    Operator("greater-or-equal", "be at least", NUMBER, _ordered(lambda a, b: a >= b)),
    Operator("less-or-equal", "be at most", NUMBER, _ordered(lambda a, b: a <= b)),
)}
