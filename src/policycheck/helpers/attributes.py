"""Single-attribute checks that complement :func:`policycheck.api.require_true`."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from policycheck.helpers.values import truthy
from policycheck.model import Resource, Result, Unknown, Verdict


def is_set(value: Any) -> bool:
    """Whether an attribute is given a value: not ``None`` or empty; an :class:`Unknown` value
    counts as set (an expression is written there)."""
    return isinstance(value, Unknown) or value not in (None, "", [], {})


def forbid_flag(resource: Resource, path: str, flag: bool, message: str) -> Result:
    """FAIL with ``message`` when ``path`` is explicitly ``flag``; PASS when unset or the
    opposite (use it when the attribute's default is the safe value); UNKNOWN when unresolved."""
    raw = resource.get(path)
    value = truthy(raw)
    if isinstance(value, Unknown):
        return Result(Verdict.UNKNOWN, f"{path} is not known ({value.reason or 'unresolved'})",
                      path)
    if raw is not None and value is flag:
        return Result(Verdict.FAIL, message, path)
    shown = "unset" if raw is None else str(value).lower()
    return Result(Verdict.PASS, f"{path} is {shown}", path)


def number(value: Any) -> float | Unknown | None:
    """A numeric attribute value (numbers and numeric strings); ``None`` when unset."""
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, bool):
        return Unknown(f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        return value
    try:
        return float(str(value).strip())
    except ValueError:
        return Unknown(f"{value!r} is not a number")


def require_minimum(
    resource: Resource,
    path: str,
    minimum: float,
    *,
    unset: str,
    unset_values: Collection[float | None] = (None,),
) -> Result:
    """PASS when ``path`` is at least ``minimum``. FAIL with ``unset`` when it is absent (or
    one of ``unset_values``, such as ``0`` meaning "never expire"), FAIL naming the value when it
    is below ``minimum``; UNKNOWN when unresolved."""
    value = number(resource.get(path))
    if isinstance(value, Unknown):
        return Result(Verdict.UNKNOWN, f"{path} is not known ({value.reason or 'unresolved'})",
                      path)
    if value is None or value in unset_values:
        return Result(Verdict.FAIL, unset, path)
    shown = f"{path} = {value:g}"
    if value < minimum:
        return Result(Verdict.FAIL, f"{shown} is below the minimum of {minimum:g}", path)
    return Result(Verdict.PASS, f"{shown} (minimum {minimum:g})", path)
