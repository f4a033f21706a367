"""Normalised cluster objects as judged resources: addresses, locations, suppressions, owners.

The live collector and both snapshot formats end here, so a cluster read live and the same
cluster read from a snapshot give the same resources.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from policycheck.engine.live import LiveCollection
from policycheck.engine.report import ScanReport
from policycheck.engine.shard import Shard
from policycheck.live.k8s.kinds import BY_KIND
from policycheck.live.k8s.owners import Ownership, resolve
from policycheck.loaders.k8s.manifests import CLUSTER_SCOPED, DEFAULT_NAMESPACE
from policycheck.model import NotAssessed, Resource, ScanError, live_location
from policycheck.suppression.syntax import ANNOTATION, parse_annotation

SOURCE = "cluster"


@dataclass(slots=True)
class K8sCollection(LiveCollection):
    """A :class:`LiveCollection` of one cluster, with what the drift engine needs besides.

    ``resources`` holds what is judged: every collected object except workloads owned by a
    collected controller, which are in ``owned`` (``ownership.top_owner(address)`` names the
    object judged for them). ``objects`` are all normalised objects, in collection order (the
    snapshot payload)."""

    cluster: str = ""
    namespaces: tuple[str, ...] | None = None
    """The namespaces asked for; None: all namespaces."""
    excluded: tuple[str, ...] = ()
    objects: list[dict[str, Any]] = field(default_factory=list)
    owned: list[Resource] = field(default_factory=list)
    ownership: Ownership = field(default_factory=Ownership)
    warnings: list[str] = field(default_factory=list)

    def annotate(self, report: ScanReport) -> ScanReport:
        """Say in each finding of a workload judged without its controller why it is judged
        (resource-scoped policies: a namespace-wide finding only points at the workload), and
        add the collection's warnings to the report."""
        notes = self.ownership.notes
        per_resource = {p.id for p in report.policies if p.scope == "resource"}
        if notes:
            report.findings = [replace(f, message=f"{f.message} ({notes[f.resource]})")
                               if f.resource in notes and f.policy_id in per_resource else f
                               for f in report.findings]
        report.warnings = list(dict.fromkeys([*report.warnings, *self.warnings]))
        return report


def is_namespaced(kind: str) -> bool:
    spec = BY_KIND.get(kind)
    return spec.namespaced if spec is not None else kind not in CLUSTER_SCOPED


def object_address(cluster: str, kind: str, namespace: str, name: str) -> str:
    """``CLUSTER/NAMESPACE/Kind/name`` (cluster-scoped kinds: ``CLUSTER/Kind/name``)."""
    return f"{cluster}/{namespace}/{kind}/{name}" if namespace else f"{cluster}/{kind}/{name}"


def to_resource(obj: Mapping[str, Any], cluster: str, warnings: list[str]) -> Resource:
    """The judged resource of one normalised object."""
    kind = str(obj.get("kind") or "")
    metadata = obj.get("metadata")
    metadata = metadata if isinstance(metadata, Mapping) else {}
    name = str(metadata.get("name") or "")
    namespace = str(metadata.get("namespace") or DEFAULT_NAMESPACE) if is_namespaced(kind) else ""
    location = live_location(SOURCE, cluster, namespace)
    address = object_address(cluster, kind, namespace, name)
    annotations = metadata.get("annotations")
    suppressions: tuple[Any, ...] = ()
    if isinstance(annotations, Mapping) and ANNOTATION in annotations:
        found, problems = parse_annotation(annotations[ANNOTATION], location)
        suppressions = tuple(found)
        warnings.extend(f"{address}: {problem}" for problem in problems)
    return Resource(kind=kind, address=address, source=SOURCE, attributes=obj, location=location,
                    suppressions=suppressions, root=f"k8s://{cluster}")


def build_collection(cluster: str, objects: list[dict[str, Any]], *,
                     not_assessed: Iterable[NotAssessed] = (), errors: Iterable[ScanError] = (),
                     namespaces: Sequence[str] | None = None, excluded: Sequence[str] = (),
                     warnings: Iterable[str] = ()) -> K8sCollection:
    """The collection of normalised ``objects`` read from ``cluster``."""
    notes: list[str] = list(warnings)
    resources = [to_resource(obj, cluster, notes) for obj in objects]
    ownership = resolve(resources)
    seen = {r.location.file for r in resources}
    if namespaces is not None:
        seen |= {live_location(SOURCE, cluster, n).file for n in namespaces}
    return K8sCollection(
        source=SOURCE, resources=ownership.judged, not_assessed=list(not_assessed),
        errors=list(errors), scopes=len(seen), cluster=cluster,
        namespaces=tuple(namespaces) if namespaces is not None else None, excluded=tuple(excluded),
        objects=objects, owned=ownership.owned, ownership=ownership, warnings=notes)


def shard_collection(collection: K8sCollection, shard: Shard) -> K8sCollection:
    """The part of ``collection`` that ``shard`` judges: the namespaces it owns (by the stable
    hash of ``CLUSTER/NAMESPACE``), and cluster-scoped objects and cluster-wide NOT ASSESSED
    entries in the one shard that owns ``CLUSTER``."""

    def owned(namespace: str) -> bool:
        return shard.owns(f"{collection.cluster}/{namespace}" if namespace else collection.cluster)

    objects = [obj for obj in collection.objects
               if owned(str((obj.get("metadata") or {}).get("namespace") or ""))]
    part = build_collection(
        collection.cluster, objects,
        not_assessed=[g for g in collection.not_assessed if owned(g.where)],
        errors=collection.errors if owned("") else [], warnings=collection.warnings,
        namespaces=collection.namespaces, excluded=collection.excluded)
    # the calls this shard made (it listed the whole cluster)
    part.api_calls, part.api_throttles = dict(collection.api_calls), dict(collection.api_throttles)
    return part


def select_namespaces(collection: K8sCollection, namespaces: Sequence[str],
                      excluded: Sequence[str]) -> K8sCollection:
    """``collection`` restricted to ``namespaces`` (all when empty) minus ``excluded``; objects
    of cluster-scoped kinds stay (used on snapshots, which hold what was read)."""
    if not namespaces and not excluded:
        return collection
    wanted, dropped = set(namespaces), set(excluded)

    def kept(namespace: str) -> bool:
        return not namespace or ((not wanted or namespace in wanted) and namespace not in dropped)

    objects = [obj for obj in collection.objects
               if kept(str((obj.get("metadata") or {}).get("namespace") or ""))]
    return build_collection(
        collection.cluster, objects,
        not_assessed=[g for g in collection.not_assessed if kept(g.where)],
        errors=collection.errors, warnings=collection.warnings,
        namespaces=[n for n in namespaces if n not in dropped] or collection.namespaces,
        excluded=(*collection.excluded, *excluded))
