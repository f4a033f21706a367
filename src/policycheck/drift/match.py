"""Declared against live: which pairs are the same object, what is missing, what nobody declares."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from policycheck.drift.exclusions import default_reason
from policycheck.drift.ignore import Ignore
from policycheck.drift.sides import AwsSide, K8sSide, index
from policycheck.model import Resource


@dataclass(frozen=True, slots=True)
class Pair:
    declared: Resource
    live: Resource


@dataclass(slots=True)
class Matching:
    pairs: list[Pair] = field(default_factory=list)
    missing: list[Resource] = field(default_factory=list)
    """Declared, covered, not found live (PC-DRIFT-001)."""
    unmanaged: list[Resource] = field(default_factory=list)
    """Live, nothing declares it or its parent, not a default (PC-DRIFT-002)."""
    attached: list[Resource] = field(default_factory=list)
    """Live children of a managed parent (managed through it)."""
    folded: list[Resource] = field(default_factory=list)
    """Live children of an unmanaged parent (reported with it)."""
    defaults: list[tuple[Resource, str]] = field(default_factory=list)
    ignored: list[Resource] = field(default_factory=list)
    """Live resources the drift-ignore file excludes."""
    ignored_declared: list[Resource] = field(default_factory=list)
    uncovered: list[Resource] = field(default_factory=list)
    """Declared resources the live side did not read (another region, type or namespace), and
    those a plan is about to create."""

    @property
    def managed(self) -> int:
        return len(self.pairs) + len(self.attached)

    @property
    def live(self) -> int:
        return self.managed + len(self.unmanaged)


def _pick(candidates: list[Resource], declared: Resource, taken: set[int]) -> Resource | None:
    free = [c for c in candidates if id(c) not in taken]
    if len(free) <= 1:
        return free[0] if free else None
    arn = declared.attributes.get("arn")
    return next((c for c in free if arn and c.attributes.get("arn") == arn), None)


def match(declared: Sequence[Resource], live: Sequence[Resource], side: AwsSide | K8sSide,
          ignore: Ignore) -> Matching:
    """Pair every declared resource with the live one of the same identity (the first key that
    finds one: AWS type and ``id``, then ARN), and sort the rest."""
    result = Matching()
    by_key = index(side, live)
    taken: set[int] = set()
    for resource in declared:
        if ignore.matches(side.names(resource)):
            result.ignored_declared.append(resource)
            continue
        found = None
        for key in side.keys(resource):
            found = _pick(by_key.get(key, []), resource, taken)
            if found is not None:
                break
        if found is not None:
            taken.add(id(found))
            if ignore.matches(side.names(found)):
                result.ignored.append(found)
            else:
                result.pairs.append(Pair(resource, found))
        elif resource.change == "create":
            result.uncovered.append(resource)  # a plan's new resource: not there yet, by design
        elif side.covers(resource):
            result.missing.append(resource)
        else:
            result.uncovered.append(resource)
    managed = {id(p.live) for p in result.pairs}
    unmanaged_ids: set[int] = set()
    rest = [r for r in live if id(r) not in taken]
    for resource in rest:
        if ignore.matches(side.names(resource)):
            result.ignored.append(resource)
            continue
        top = top_of(resource, side)
        if top is not resource and id(top) in managed:
            result.attached.append(resource)
        elif top is not resource and id(top) not in taken and not ignore.matches(side.names(top)) \
                and default_reason(top) is None:
            result.folded.append(resource)
        elif top is not resource:
            result.defaults.append((resource, "belongs to " + top.address))
        elif (reason := default_reason(resource)) is not None:
            result.defaults.append((resource, reason))
        else:
            result.unmanaged.append(resource)
            unmanaged_ids.add(id(resource))
    return result


def top_of(resource: Resource, side: AwsSide | K8sSide) -> Resource:
    """The resource's parent's parent... (itself when it has none)."""
    seen = {id(resource)}
    while (parent := side.parent(resource)) is not None and id(parent) not in seen:
        seen.add(id(parent))
        resource = parent
    return resource
