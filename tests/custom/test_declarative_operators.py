"""The declarative operators, with Terraform/Kubernetes value coercions."""

from __future__ import annotations

import re

import pytest

from policycheck.engine.declarative.operators import OPERATORS
from policycheck.model import Unknown


def judge(operator: str, actual: object, expected: object = None) -> object:
    return OPERATORS[operator].test(actual, expected)


@pytest.mark.parametrize(("actual", "expected", "outcome"), [
    (True, True, True), ("true", True, True), ("false", True, False), (None, True, False),
    (None, None, True), (0, False, True),
    (5, 5, True), ("5", 5, True), ("5.0", 5, True), ("five", 5, False), (True, 1, False),
    ("tcp", "tcp", True), (-1, "-1", True), (443.0, "443", True), (False, "false", True),
    (["a"], ["a"], True), ({"a": 1}, {"a": 2}, False), ("TCP", "tcp", False),
])
def test_equals(actual: object, expected: object, outcome: bool) -> None:
    assert judge("equals", actual, expected) is outcome
    assert judge("not-equals", actual, expected) is (not outcome)


def test_boolean_expectation_on_a_non_boolean_string_is_unknown() -> None:
    assert isinstance(judge("equals", "maybe", True), Unknown)
    assert isinstance(judge("not-equals", "maybe", True), Unknown)


def test_in_and_not_in() -> None:
    assert judge("in", "TLSv1.2", ["TLSv1.2", "TLSv1.3"]) is True
    assert judge("in", 443, ["80", "443"]) is True
    assert judge("in", None, ["a"]) is False
    assert judge("in", None, ["a", None]) is True
    assert judge("not-in", "0.0.0.0/0", ["0.0.0.0/0", "::/0"]) is False
    assert isinstance(judge("in", "maybe", [True]), Unknown)
    assert judge("in", "maybe", [True, "maybe"]) is True


@pytest.mark.parametrize(("actual", "outcome"), [
    ("x", True), (0, True), (False, True), ([1], True), ("", False), ([], False), ({}, False),
    (None, False),
])
def test_exists_and_not_exists(actual: object, outcome: bool) -> None:
    assert judge("exists", actual) is outcome
    assert judge("not-exists", actual) is (not outcome)


def test_matches_searches_text_of_scalars() -> None:
    pattern = re.compile(r"^registry\.acme\.example/")
    assert judge("matches", "registry.acme.example/web:1", pattern) is True
    assert judge("matches", "docker.io/registry.acme.example/web", pattern) is False
    assert judge("matches", 8080, re.compile(r"^80")) is True
    assert judge("matches", None, pattern) is False
    assert judge("matches", ["registry.acme.example/x"], pattern) is False
    assert judge("not-matches", None, pattern) is True


@pytest.mark.parametrize(("actual", "at_least", "at_most"), [
    (7, True, False), ("7", True, False), (14, True, False), (3, False, True), (5, True, True),
    (None, False, False),
])
def test_ordering(actual: object, at_least: bool, at_most: bool) -> None:
    assert judge("greater-or-equal", actual, 5) is at_least
    assert judge("less-or-equal", actual, 5) is at_most


@pytest.mark.parametrize("actual", ["seven", True, "nan", [7]])
def test_ordering_of_a_non_number_is_unknown(actual: object) -> None:
    outcome = judge("greater-or-equal", actual, 5)
    assert isinstance(outcome, Unknown)
    assert "is not a number" in outcome.reason
