"""The expression evaluator on its own, with a small scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from policycheck.loaders.hcl.expressions import MISSING, Computed, EvalError, evaluate_string
from policycheck.loaders.terraform.functions import FUNCTIONS
from policycheck.model import Reference, Unknown

NAMES: dict[str, Any] = {
    "m": {"a": 1, "b": 2},
    "l": [1, 2, 3],
    "s": "hi",
    "n": None,
    "u": Unknown("u is unknown"),
    "r": Reference("x_bucket.b", ""),
}


class _Scope:
    def __init__(self) -> None:
        self.noted: list[str] = []

    def lookup(self, name: str) -> Any:
        if name in NAMES:
            return NAMES[name]
        raise EvalError(f"unknown name {name!r}")

    def function(self, name: str) -> Callable[..., Any] | None:
        return FUNCTIONS.get(name)

    def note(self, address: str) -> None:
        self.noted.append(address)

    def literal(self, reference: Reference) -> Any:
        return "logs" if str(reference) == "x_bucket.b.bucket" else MISSING


def run(text: str) -> tuple[Any, list[str]]:
    errors: list[str] = []
    return evaluate_string(text, _Scope(), errors.append), errors


@pytest.mark.parametrize(("text", "expected"), [
    ("plain", "plain"),
    ("$${literal} %%{x}", "${literal} %{x}"),
    ("${1 + 2 * 3}", 7),
    ("${10 / 4}", 2.5),
    ('${"5" + 1}', 6),
    ('${1 == "1"}', False),
    ("${true ? 1 : false ? 2 : 3}", 1),
    ("${false ? 1 : false ? 2 : 3}", 3),
    ("${(false ? true : false) ? 1 : 2}", 2),
    ("${m.a + m[\"b\"] + l.1}", 5),
    ('${"tab\\tquote\\"" == "tab\tquote\\""}', True),
    ("a-${s}-%{ if m.a == 1 }one%{ else }other%{ endif }", "a-hi-one"),
    ("%{ for k, v in m }${k}=${v};%{ endfor }", "a=1;b=2;"),
    ("${[for x in l : x * 10 if x != 2]}", [10, 30]),
    ("${{for x in l : (x % 2 == 0 ? \"even\" : \"odd\") => x...}}", {"odd": [1, 3], "even": [2]}),
    ("${n[*]}", []),
    ("${try(m.c, m.a)}", 1),
    ("${can(m.c)}", False),
    ("${true || u}", True),
    ("${false && u}", False),
    ("bucket ${r.bucket}", "bucket logs"),
    ("${r.bucket}", Reference("x_bucket.b", "bucket")),
    ("${r[0].id}", Reference("x_bucket.b[0]", "id")),
])
def test_values(text, expected):
    value, errors = run(text)
    assert value == expected
    assert type(value) is type(expected)
    assert errors == []


@pytest.mark.parametrize(("text", "reason"), [
    ("${u}", "u is unknown"),
    ("x-${u}", "u is unknown"),
    ("${u == 1}", "u is unknown"),
    ("${u || false}", "u is unknown"),
    ("${length(u)}", "u is unknown"),
    ("${m[u]}", "u is unknown"),
    ("${timestamp()}", "timestamp() is known only after apply"),
    ("${nosuch(1)}", "function nosuch() is not evaluated"),
])
def test_unknowns(text, reason):
    value, errors = run(text)
    assert isinstance(value, Unknown)
    assert value.reason == reason
    assert errors == []


def test_template_of_a_computed_attribute_keeps_its_shape():
    value, _ = run("${r.arn}/*")
    assert isinstance(value, Computed)
    assert value.placeholder == "${x_bucket.b.arn}/*"
    assert value.reason == "x_bucket.b.arn is known only after apply"


@pytest.mark.parametrize(("text", "message"), [
    ("${m.c}", "object has no attribute 'c'"),
    ("${l[5]}", "index 5 is out of range for a list of 3"),
    ("x-${n}", "a null value cannot be used in a string template"),
    ("${1 / 0}", "division by zero"),
    ("${1 +}", "cannot parse expression '${1 +}'"),
    ("${nope}", "unknown name 'nope'"),
])
def test_errors_become_unknown_and_are_reported(text, message):
    value, errors = run(text)
    assert isinstance(value, Unknown)
    assert errors == [message]


def test_indexing_a_resource_notes_the_instance_address():
    scope = _Scope()
    evaluate_string("${r[1].id}", scope, lambda _m: None)
    assert scope.noted == ["x_bucket.b[1]"]
