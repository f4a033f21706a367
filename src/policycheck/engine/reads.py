"""Which attributes a policy reads on a resource, found by running it on a recording copy."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from policycheck.engine.policy import Context, Policy
from policycheck.model import Resource, ResourceGraph, Result


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
