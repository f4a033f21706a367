"""Bounds on what evaluating expressions may build, so that a hostile configuration cannot
exhaust memory or time: the length of one string, the elements of one collection and, within
a :func:`budget`, the iterations of every ``for`` expression and directive together.

Past a bound evaluation raises :class:`LimitExceeded`, which is not an evaluation error
(``try()`` does not catch it): the loader turns it into an error entry.
"""

from __future__ import annotations

from collections.abc import Iterator, Sized
from contextlib import contextmanager

MAX_STRING = 4 << 20
"""Characters of one string a template or function builds."""
MAX_ELEMENTS = 100_000
"""Elements of one list or map a function or ``for`` expression builds."""
MAX_RANGE = 1024
"""Elements ``range()`` may produce (Terraform's own limit)."""
MAX_STEPS = 5_000_000
"""``for`` iterations within one :func:`budget` (a Terraform root module)."""


class LimitExceeded(Exception):
    """An expression built more than a bound allows."""


class _Budget:
    remaining: int | None = None


_budget = _Budget()


@contextmanager
def budget() -> Iterator[None]:
    """Allow :data:`MAX_STEPS` ``for`` iterations in the block (outside any budget: unlimited)."""
    saved, _budget.remaining = _budget.remaining, MAX_STEPS
    try:
        yield
    finally:
        _budget.remaining = saved


def charge(steps: int = 1) -> None:
    """Spend ``steps`` iterations of the current budget."""
    if _budget.remaining is None:
        return
    _budget.remaining -= steps
    if _budget.remaining < 0:
        raise LimitExceeded(f"expressions iterate more than {MAX_STEPS} times")


def check_chars(length: int) -> None:
    if length > MAX_STRING:
        raise LimitExceeded(f"a string of {length} characters is over the {MAX_STRING} limit")


def check_string(text: str) -> str:
    check_chars(len(text))
    return text


def check_length(length: int, what: str = "a collection") -> None:
    if length > MAX_ELEMENTS:
        raise LimitExceeded(f"{what} of {length} elements is over the {MAX_ELEMENTS} limit")


def check_size(value: object) -> None:
    """``value`` (a function's result) within the string and collection bounds."""
    if isinstance(value, str):
        check_string(value)
    elif isinstance(value, list | dict) and isinstance(value, Sized):
        check_length(len(value))
