from __future__ import annotations

from typing import Any

import pytest

from policycheck.helpers.attributes import forbid_flag, is_set, number, require_minimum
from policycheck.model import Location, Resource, Unknown, Verdict


def tf(**attributes: Any) -> Resource:
    return Resource("aws_x", "aws_x.y", "tf", attributes, Location("main.tf", 1, 5))


@pytest.mark.parametrize(
    ("value", "verdict"),
    [(True, Verdict.FAIL), ("true", Verdict.FAIL), (False, Verdict.PASS), (None, Verdict.PASS),
     (Unknown("var.x"), Verdict.UNKNOWN)],
)
def test_forbid_true(value: Any, verdict: Verdict) -> None:
    result = forbid_flag(tf(flag=value), "flag", True, "flag is on")
    assert (result.verdict, result.path) == (verdict, "flag")
    if verdict is Verdict.FAIL:
        assert result.message == "flag is on"


@pytest.mark.parametrize(
    ("value", "verdict"),
    [(False, Verdict.FAIL), ("false", Verdict.FAIL), (True, Verdict.PASS), (None, Verdict.PASS)],
)
def test_forbid_false_passes_when_unset(value: Any, verdict: Verdict) -> None:
    assert forbid_flag(tf(flag=value), "flag", False, "off").verdict is verdict


def test_number() -> None:
    assert number(7) == 7
    assert number("14") == 14
    assert number(None) is None
    assert isinstance(number("seven"), Unknown)
    assert isinstance(number(True), Unknown)


@pytest.mark.parametrize(
    ("value", "verdict", "message"),
    [
        (None, Verdict.FAIL, "unset"),
        (0, Verdict.FAIL, "days = 0 is below the minimum of 7"),
        ("3", Verdict.FAIL, "days = 3 is below the minimum of 7"),
        (7, Verdict.PASS, "days = 7 (minimum 7)"),
        (35, Verdict.PASS, "days = 35 (minimum 7)"),
    ],
)
def test_require_minimum(value: Any, verdict: Verdict, message: str) -> None:
    result = require_minimum(tf(days=value), "days", 7, unset="unset")
    assert (result.verdict, result.message, result.path) == (verdict, message, "days")


def test_require_minimum_treats_unset_values_as_unset_and_unknown_as_unknown() -> None:
    zero = require_minimum(tf(days=0), "days", 7, unset="forever", unset_values=(None, 0))
    assert (zero.verdict, zero.message) == (Verdict.FAIL, "forever")
    unknown = require_minimum(tf(days=Unknown("var.days has no value")), "days", 7, unset="u")
    assert unknown.verdict is Verdict.UNKNOWN
    assert "var.days has no value" in unknown.message


def test_is_set_counts_unknown_as_set_and_empties_as_unset() -> None:
    assert is_set(Unknown("var.password has no value")) is True
    assert is_set("x") is True
    assert is_set(0) is True
    empties: list[Any] = [None, "", [], {}]
    assert [is_set(v) for v in empties] == [False] * 4
