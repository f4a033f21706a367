"""Which resources point at which: an attribute that designates another resource.

An attribute designates a target either by :class:`Reference` (``aws_vpc.main.id``, resolved
through the graph) or by a literal equal to one of the target's identifying attributes
(``id``, ``arn``, ``name``...), which is how plan and live (``aws``) resources link. An
attribute that is :class:`Unknown` may designate anything: callers decide whether that makes
their verdict UNKNOWN.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from policycheck.model import Reference, Resource, ResourceGraph, Unknown

IDENTIFIERS = ("id", "arn")


def values_of(value: object) -> list[object]:
    """An attribute value as a list: ``None`` is empty, a list is itself, anything else is
    a one-element list."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def literal_ids(target: Resource, identifiers: Sequence[str]) -> set[str]:
    """The non-empty string values of ``target``'s ``identifiers``: what a literal may name it by."""
    found = (target.get(name) for name in identifiers)
    return {v for v in found if isinstance(v, str) and v}


def designates(
    value: object,
    target: Resource,
    graph: ResourceGraph,
    like: Resource,
    identifiers: Sequence[str] = IDENTIFIERS,
) -> bool | Unknown:
    """Whether ``value`` (an attribute of ``like``, or a list of them) names ``target``."""
    if isinstance(value, Unknown):
        return value
    undecided: Unknown | None = None
    for item in values_of(value):
        if isinstance(item, Unknown):
            undecided = undecided or item
        elif isinstance(item, Reference):
            if graph.resolve(item, like=like) is target:
                return True
        elif isinstance(item, str) and item in literal_ids(target, identifiers):
            return True
    return undecided if undecided is not None else False


@dataclass(slots=True)
class Referring:
    """Resources whose attribute names a target (``found``) or may name it (``undecided``)."""

    found: list[Resource] = field(default_factory=list)
    undecided: list[tuple[Resource, Unknown]] = field(default_factory=list)


def referring(
    target: Resource,
    graph: ResourceGraph,
    kinds: str | Sequence[str],
    attribute: str,
    identifiers: Sequence[str] = IDENTIFIERS,
) -> Referring:
    """Resources of ``kinds`` (in ``target``'s source) whose ``attribute`` names ``target``.

    The first call for a graph, ``kinds`` and ``attribute`` indexes them; later calls look up.
    """
    kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
    index = _index(graph, kinds, attribute)
    found = list(index.by_target.get((target.source, target.address), ()))
    for literal in sorted(literal_ids(target, identifiers)):
        found += [r for r in index.by_literal.get((target.source, literal), ()) if r not in found]
    found = [r for r in found if r is not target]
    undecided = [(r, u) for r, u in index.undecided.get(target.source, ())
                 if r is not target and r not in found]
    return Referring(found, undecided)


@dataclass(slots=True)
class _Index:
    """Who points where, for one (kinds, attribute) pair of a graph."""

    by_target: dict[tuple[str, str], list[Resource]] = field(default_factory=dict)
    by_literal: dict[tuple[str, str], list[Resource]] = field(default_factory=dict)
    undecided: dict[str, list[tuple[Resource, Unknown]]] = field(default_factory=dict)


_INDEXES: WeakKeyDictionary[ResourceGraph, dict[tuple[tuple[str, ...], str], _Index]] = (
    WeakKeyDictionary())


def _index(graph: ResourceGraph, kinds: tuple[str, ...], attribute: str) -> _Index:
    """The index of ``attribute`` over ``graph``'s resources of ``kinds``, built once."""
    per_graph = _INDEXES.setdefault(graph, {})
    index = per_graph.get((kinds, attribute))
    if index is not None:
        return index
    index = per_graph[(kinds, attribute)] = _Index()
    for candidate in graph.of_kind(*kinds):
        value = candidate.get(attribute)
        items = [value] if isinstance(value, Unknown) else values_of(value)
        targets: set[str] = set()
        literals: set[str] = set()
        unknown: Unknown | None = None
        for item in items:
            if isinstance(item, Unknown):
                unknown = unknown or item
            elif isinstance(item, Reference):
                resolved = graph.resolve(item, like=candidate)
                if resolved is not None:
                    targets.add(resolved.address)
            elif isinstance(item, str) and item:
                literals.add(item)
        for address in targets:
            index.by_target.setdefault((candidate.source, address), []).append(candidate)
        for literal in literals:
            index.by_literal.setdefault((candidate.source, literal), []).append(candidate)
        if unknown is not None:
            index.undecided.setdefault(candidate.source, []).append((candidate, unknown))
    return index


def find_by_identifier(
    value: str,
    graph: ResourceGraph,
    kinds: Sequence[str],
    like: Resource,
    identifiers: Sequence[str] = IDENTIFIERS,
) -> Resource | None:
    """The resource of ``kinds`` in ``like``'s source one of whose ``identifiers`` is ``value``."""
    for candidate in graph.of_kind(*kinds):
        if candidate.source == like.source and value in literal_ids(candidate, identifiers):
            return candidate
    return None
