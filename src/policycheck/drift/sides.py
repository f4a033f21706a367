"""What each live source needs for matching: keys, coverage, parents, names for the ignore file.

:class:`AwsSide` and :class:`K8sSide` answer the same questions, so :mod:`policycheck.drift.match`
is written once:

- ``key(resource)``: the identity a declared and a live object share (AWS: type and ``id``, with
  the ARN as a second key; Kubernetes: kind, namespace and name);
- ``covers(declared)``: whether the live side read what would hold this declared object (its
  type in its account and region, its kind in its namespace) - a declared object outside it is
  neither missing nor managed;
- ``parent(live)``: the live object a child belongs to (a bucket's encryption configuration, a
  Deployment's ReplicaSet), or None;
- ``names(resource)``: what a drift-ignore pattern may match.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from policycheck.drift.exclusions import CHILDREN
from policycheck.model import NotAssessed, Reference, Resource, ResourceGraph, live_scope

KIND_ALIASES = {"aws_default_vpc": "aws_vpc", "aws_default_subnet": "aws_subnet",
                "aws_default_security_group": "aws_security_group",
                "aws_iam_service_linked_role": "aws_iam_role"}
"""Types that Terraform and a collector may name differently for the same object."""

Key = tuple[str, ...]


def arn_parts(arn: object) -> tuple[str, str] | None:
    """``(account, region)`` of an ARN (either may be empty), or None if it is not one."""
    if not isinstance(arn, str) or not arn.startswith("arn:"):
        return None
    parts = arn.split(":", 5)
    return (parts[4], parts[3]) if len(parts) == 6 else None


@dataclass(slots=True)
class AwsSide:
    """``reads``: every (account, region, type) the collection read successfully (region ``""``:
    a global service, which covers every region)."""

    reads: set[tuple[str, str, str]]
    gaps: Sequence[NotAssessed] = ()
    graph: ResourceGraph = field(default_factory=lambda: ResourceGraph(()))

    def keys(self, resource: Resource) -> list[Key]:
        kind = KIND_ALIASES.get(resource.kind, resource.kind)
        found: list[Key] = []
        ident = resource.attributes.get("id")
        if isinstance(ident, str) and ident:
            found.append((kind, ident))
        arn = resource.attributes.get("arn")
        if isinstance(arn, str) and arn:
            found.append(("arn", arn))
        return found

    def _where(self, resource: Resource) -> tuple[str, str]:
        scope = live_scope(resource.location.file)
        if scope is not None:
            return scope
        return arn_parts(resource.attributes.get("arn")) or ("", "")

    def covers(self, declared: Resource) -> bool:
        account, region = self._where(declared)
        kind = declared.kind
        kinds = {kind, KIND_ALIASES.get(kind, kind)} | {k for k, v in KIND_ALIASES.items() if v == kind}
        read = any(k in kinds and account in ("", a) and (not region or r in ("", region))
                   for a, r, k in self.reads)
        # a gap in any region may hold a declared resource whose region is not known
        denied = any(kinds.intersection(g.kinds) and account in ("", g.account)
                     and (not region or g.where in ("", region)) for g in self.gaps)
        return read and not denied

    def parent(self, live: Resource) -> Resource | None:
        child = CHILDREN.get(live.kind)
        if child is None:
            return None
        value = live.attributes.get(child.attribute)
        if isinstance(value, Reference):
            return self.graph.resolve(value, live)
        if isinstance(value, str) and value:
            for candidate in self.graph.of_kind(*child.parents):
                if candidate.root == live.root and value in (
                        candidate.attributes.get("id"), candidate.attributes.get("arn"),
                        candidate.attributes.get("name")):
                    return candidate
        return None

    def names(self, resource: Resource) -> list[str]:
        names = [resource.address, f"{resource.kind}.{resource.attributes.get('id', '')}"]
        arn = resource.attributes.get("arn")
        return [*names, arn] if isinstance(arn, str) else names


@dataclass(slots=True)
class K8sSide:
    """``kinds``: the kinds the collection lists; ``namespaces``: those read (None: all) minus
    ``excluded``; ``owner_of``: live address -> its collected controller's address."""

    kinds: frozenset[str]
    namespaces: tuple[str, ...] | None = None
    excluded: tuple[str, ...] = ()
    gaps: Sequence[NotAssessed] = ()
    owner_of: Mapping[str, str] = field(default_factory=dict)
    cluster_scoped: frozenset[str] = frozenset()
    default_namespace: str = "default"
    graph: ResourceGraph = field(default_factory=lambda: ResourceGraph(()))

    def namespace(self, resource: Resource) -> str:
        if resource.kind in self.cluster_scoped:
            return ""
        metadata = resource.attributes.get("metadata")
        named = metadata.get("namespace") if isinstance(metadata, Mapping) else None
        return str(named) if named else self.default_namespace

    @staticmethod
    def name(resource: Resource) -> str:
        metadata = resource.attributes.get("metadata")
        return str(metadata.get("name") or "") if isinstance(metadata, Mapping) else ""

    def keys(self, resource: Resource) -> list[Key]:
        return [(resource.kind, self.namespace(resource), self.name(resource))]

    def covers(self, declared: Resource) -> bool:
        namespace = self.namespace(declared)
        if declared.kind not in self.kinds:
            return False
        if namespace and (namespace in self.excluded or (
                self.namespaces is not None and namespace not in self.namespaces)):
            return False
        return not any(declared.kind in g.kinds and g.where in ("", namespace) for g in self.gaps)

    def parent(self, live: Resource) -> Resource | None:
        owner = self.owner_of.get(live.address)
        return self.graph.get(owner, live.source) if owner else None

    def names(self, resource: Resource) -> list[str]:
        namespace, name = self.namespace(resource), self.name(resource)
        return [f"{resource.kind}/{namespace}/{name}" if namespace else f"{resource.kind}/{name}",
                resource.address]


def index(side: AwsSide | K8sSide, resources: Iterable[Resource]) -> dict[Key, list[Resource]]:
    found: dict[Key, list[Resource]] = {}
    for resource in resources:
        for key in side.keys(resource):
            found.setdefault(key, []).append(resource)
    return found
