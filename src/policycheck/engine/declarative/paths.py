"""Attribute paths with list wildcards: ``ingress.*.cidr_blocks.*``.

A path is dotted keys; a key made of digits indexes a list; ``*`` stands for every item of a
list (or every value of a mapping). :func:`leaves` expands a path against a resource's
attributes into the concrete values it names, so each can be judged and located on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from policycheck.model import Reference, Unknown

WILDCARD = "*"


@dataclass(frozen=True, slots=True)
class Leaf:
    """One value a path names: its concrete path (wildcards filled in), the value (``None``
    when absent, :class:`Unknown` when it cannot be looked into) and whether it is present."""

    path: str
    value: Any
    present: bool


def path_problem(pattern: object) -> str | None:
    """Why ``pattern`` is not a usable attribute path, or ``None`` when it is."""
    if not isinstance(pattern, str) or not pattern.strip():
        return "attribute must be a non-empty dotted path such as tags.owner"
    if any(not part.strip() for part in pattern.split(".")):
        return f"attribute {pattern!r} has an empty segment"
    return None


def fixed_prefix(pattern: str) -> str | None:
    """The part of ``pattern`` before its first wildcard (``ingress`` of ``ingress.*.x``)."""
    parts = pattern.split(".")
    fixed = parts[: parts.index(WILDCARD)] if WILDCARD in parts else parts
    return ".".join(fixed) or None


def leaves(attributes: Mapping[str, Any], pattern: str) -> list[Leaf]:
    """The values ``pattern`` names in ``attributes``.

    A wildcard over a missing or empty collection names nothing. A key missing before the
    last segment, with no wildcard after it, names one absent leaf at the full path. A value
    that is :class:`Unknown` (or a :class:`Reference`, computed at apply time) where the path
    goes on is one leaf holding that unknown.
    """
    found: list[Leaf] = []
    _walk(attributes, pattern.split("."), [], found)
    return found


def _walk(value: Any, rest: list[str], done: list[str], found: list[Leaf]) -> None:
    if not rest:
        found.append(Leaf(".".join(done), value, True))
        return
    if isinstance(value, Reference):
        value = Unknown(f"{value} is known only after apply")
    if isinstance(value, Unknown):
        found.append(Leaf(".".join(done + rest), value, True))
        return
    head, tail = rest[0], rest[1:]
    if head == WILDCARD:
        items = (enumerate(value) if isinstance(value, list)
                 else value.items() if isinstance(value, Mapping) else ())
        for key, item in items:
            _walk(item, tail, [*done, str(key)], found)
        return
    child = _child(value, head)
    if child is not _ABSENT:
        _walk(child, tail, [*done, head], found)
    elif WILDCARD not in tail:
        found.append(Leaf(".".join(done + rest), None, False))


_ABSENT = object()


def _child(value: Any, key: str) -> Any:
    if isinstance(value, Mapping):
        return value.get(key, _ABSENT)
    if isinstance(value, list) and key.isdigit() and int(key) < len(value):
        return value[int(key)]
    return _ABSENT
