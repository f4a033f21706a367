"""Which attributes a policy reads on a resource, found by running it on a recording copy."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from policycheck.engine.policy import Context, Policy
from policycheck.model import AttributeChange, Resource, ResourceGraph, Result

SHOWN_CHANGES = 3


class _Recording(Mapping[str, Any]):
    """A read-only view of attributes that remembers the top-level names looked up."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return self.data[key]

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.read.add(key)
        return key in self.data

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


def attributes_read(policy: Policy, resource: Resource, graph: ResourceGraph,
                    params: Mapping[str, Any]) -> set[str]:
    """The top-level attribute names a resource-scoped ``policy`` looks up on ``resource``
    (nothing for graph-scoped policies). Its verdicts are discarded."""
    if policy.scope != "resource":
        return set()
    recording = _Recording(resource.attributes)
    # A policy that stops early (an unknown value, a crash) has still read what it read.
    with contextlib.suppress(Exception):
        produced = policy.check(replace(resource, attributes=recording), Context(graph, params))
        if produced is not None and not isinstance(produced, Result):
            for _ in produced:
                pass
    return recording.read


def read_changes(policies: Iterable[Policy], source: str, declared: Resource, live: Resource,
                 changes: Sequence[AttributeChange], graphs: tuple[ResourceGraph, ResourceGraph],
                 params_for: Callable[[Policy], Mapping[str, Any]]) -> dict[str, list[AttributeChange]]:
    """The ``changes`` between a declared and a live object that matter to a policy: those of a
    top-level attribute that a resource-scoped policy of ``source`` and of the object's kind reads
    on either side (``graphs``: the declared and the live graph), grouped by attribute (PC-DRIFT-003,
    for plan drift and live drift alike)."""
    readers = [p for p in policies if p.scope == "resource" and source in p.sources and live.kind in p.kinds]
    reads = {name for p in readers for side, graph in zip((declared, live), graphs, strict=True)
             for name in attributes_read(p, side, graph, params_for(p))}
    by_attribute: dict[str, list[AttributeChange]] = {}
    for change in changes:
        if change.attribute in reads:
            by_attribute.setdefault(change.attribute, []).append(change)
    return by_attribute


def drift_message(attribute: str, changes: Sequence[AttributeChange], declared_by: str) -> str:
    """``ATTRIBUTE changed outside DECLARED_BY: path: declared X, live Y; ...`` (at most
    :data:`SHOWN_CHANGES` paths)."""
    shown = "; ".join(f"{c.path}: declared {c.before}, live {c.after}" for c in changes[:SHOWN_CHANGES])
    more = len(changes) - SHOWN_CHANGES
    return f"{attribute} changed outside {declared_by}: {shown}" + (f" (and {more} more)" if more > 0 else "")
