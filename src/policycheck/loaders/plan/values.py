"""Attribute values of a plan: unknown and sensitive marks, differences, safe display.

A change's ``after`` omits values known only after apply; ``after_unknown`` has ``true`` at
their paths. ``before_sensitive``/``after_sensitive`` have ``true`` at sensitive paths. Both
mark structures mirror the value (objects by key, lists by index).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from policycheck.model import AttributeChange, Unknown

HIDDEN = "(sensitive value)"
AFTER_APPLY = "(known after apply)"
_SHOWN_CHARS = 60


class Sensitive(str):
    """A string Terraform marks sensitive: it compares and parses like the string, but prints
    as ``(sensitive value)`` (``str()``, ``repr()``, f-strings)."""

    __slots__ = ()

    def __str__(self) -> str:
        return HIDDEN

    def __repr__(self) -> str:
        return HIDDEN

    def __format__(self, spec: str) -> str:
        return format(HIDDEN, spec)


def hide(value: Any) -> Any:
    """``value`` with every string in it a :class:`Sensitive` (one already is stays as it is)."""
    if isinstance(value, Sensitive):
        return value
    if isinstance(value, str):
        return Sensitive(value)
    if isinstance(value, dict):
        return {k: hide(v) for k, v in value.items()}
    if isinstance(value, list):
        return [hide(v) for v in value]
    return value


def _child(marks: Any, key: str | int) -> Any:
    if isinstance(marks, dict) and isinstance(key, str):
        return marks.get(key)
    if isinstance(marks, list) and isinstance(key, int) and key < len(marks):
        return marks[key]
    return None


def merge(value: Any, unknown: Any, sensitive: Any, label: str) -> Any:
    """``value`` with every path ``unknown`` marks replaced by an :class:`Unknown` naming
    ``label.path``, and every string under a ``sensitive`` mark wrapped in :class:`Sensitive`."""
    if unknown is True:
        return Unknown(f"{label} is known only after apply")
    if sensitive is True:
        return hide(value)
    if isinstance(value, dict):
        extra = [k for k in unknown if k not in value] if isinstance(unknown, dict) else []
        return {k: merge(value.get(k), _child(unknown, k), _child(sensitive, k), f"{label}.{k}")
                for k in [*value, *extra]}
    if isinstance(value, list):
        return [merge(v, _child(unknown, i), _child(sensitive, i), f"{label}.{i}")
                for i, v in enumerate(value)]
    return value


def is_marked(marks: Any, path: tuple[str | int, ...]) -> bool:
    """Whether ``marks`` has ``true`` at ``path`` or at one of its parents."""
    for key in path:
        if marks is True:
            return True
        marks = _child(marks, key)
    return marks is True


def show(value: Any) -> str:
    """A short JSON-like rendering; never the text of a :class:`Sensitive` string."""
    if isinstance(value, Unknown):
        return AFTER_APPLY
    text = json.dumps(_shown(value), default=str)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 3] + "..."


def _shown(value: Any) -> Any:
    if isinstance(value, Sensitive):
        return HIDDEN
    if isinstance(value, dict):
        return {k: _shown(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shown(v) for v in value]
    return value


def changes(before: Any, after: Any, before_sensitive: Any = None, after_sensitive: Any = None,
            after_unknown: Any = None) -> list[AttributeChange]:
    """Every leaf path at which ``before`` and ``after`` (with its unknown marks) differ."""
    found: list[AttributeChange] = []
    for path, old, new, unknown in _leaves(before, after, after_unknown, ()):
        if unknown:
            new_text = AFTER_APPLY
        elif old == new:
            continue
        else:
            new_text = HIDDEN if is_marked(after_sensitive, path) else show(new)
        old_text = HIDDEN if is_marked(before_sensitive, path) else show(old)
        found.append(AttributeChange(".".join(map(str, path)), old_text, new_text))
    return found


def _leaves(old: Any, new: Any, unknown: Any, path: tuple[str | int, ...]
            ) -> Iterator[tuple[tuple[str | int, ...], Any, Any, bool]]:
    if unknown is True:
        yield path, old, None, True
    elif isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            yield from _leaves(old.get(key), new.get(key), _child(unknown, key), (*path, key))
        if isinstance(unknown, dict):
            for key in unknown:
                if key not in old and key not in new:
                    yield from _leaves(None, None, unknown[key], (*path, key))
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            yield from _leaves(a, b, _child(unknown, index), (*path, index))
    else:
        yield path, old, new, False
