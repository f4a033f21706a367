"""The PC-DRIFT findings of a matching.

- PC-DRIFT-001: a declared resource (covered by what the live side read) that does not exist live;
- PC-DRIFT-002: a live resource nothing declares (defaults and children excluded);
- PC-DRIFT-003: a managed resource whose live value of a security-relevant attribute differs
  (AWS: the attributes a policy of the type reads, found by running the policies on both sides;
  Kubernetes: image, resources, probes, securityContext, replicas unless an HPA scales the
  workload, Service ports), with path, declared and live value (secrets hidden);
- PC-DRIFT-004: a policy passes on the declared resource and fails on the live one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from policycheck.drift._plan import AttributeChange, drift_message, read_changes, worst_verdicts
from policycheck.drift.compare import aws_view, differences, k8s_differences, k8s_view
from policycheck.drift.match import Matching, Pair
from policycheck.engine.policy import Policy
from policycheck.engine.runner import Selection, fingerprint
from policycheck.model import Finding, Location, Resource, ResourceGraph, Verdict

MISSING, UNMANAGED, DRIFTED, WEAKER = "PC-DRIFT-001", "PC-DRIFT-002", "PC-DRIFT-003", "PC-DRIFT-004"
DRIFT_IDS = (MISSING, UNMANAGED, DRIFTED, WEAKER)
DECLARED_BY = {"aws": "Terraform", "cluster": "the manifests"}


@dataclass(frozen=True, slots=True)
class Judged:
    """The policies' findings on both sides, and the graphs they judged."""

    declared: Sequence[Finding]
    live: Sequence[Finding]
    declared_graph: ResourceGraph
    live_graph: ResourceGraph
    selection: Selection
    """The non-drift policies that judged."""


@dataclass(slots=True)
class FindingMaker:
    gates: Mapping[str, Policy]
    """The selected PC-DRIFT policies by ID."""
    selection: Selection
    source: str

    def make(self, policy_id: str, resource: str, location: Location, message: str, key: str) -> Finding | None:
        gate = self.gates.get(policy_id)
        if gate is None:
            return None
        return Finding(policy_id=gate.id, title=gate.title,
                       severity=self.selection.severity.get(gate.id, gate.severity), verdict=Verdict.FAIL,
                       source=self.source, location=location, resource=resource, message=message,
                       remediation=gate.remediation, checklist=gate.checklist,
                       fingerprint=fingerprint(gate.id, resource, location.file, key))


def _label(resource: Resource) -> str:
    """``aws_s3_bucket 'logs'``, ``Deployment 'api' (namespace shop)``: what the finding is about,
    in words (the report shows the address next to it)."""
    metadata = resource.attributes.get("metadata")
    if isinstance(metadata, Mapping):
        namespace = metadata.get("namespace")
        return f"{resource.kind} {metadata.get('name')!r}" + (f" (namespace {namespace})" if namespace else "")
    ident = resource.attributes.get("id")
    return f"{resource.kind} {ident!r}" if isinstance(ident, str) and ident else resource.address


def missing(maker: FindingMaker, matching: Matching) -> list[Finding]:
    found = []
    for resource in matching.missing:
        message = f"{_label(resource)} is declared but does not exist live (deleted or renamed outside the code)"
        found.append(maker.make(MISSING, resource.address, resource.location, message, ""))
    return [f for f in found if f is not None]


def unmanaged(maker: FindingMaker, matching: Matching, parent_of: Mapping[int, Resource]) -> list[Finding]:
    folded: dict[int, int] = {}
    for child in matching.folded:
        top = parent_of.get(id(child))
        if top is not None:
            folded[id(top)] = folded.get(id(top), 0) + 1
    found = []
    for resource in matching.unmanaged:
        extra = folded.get(id(resource), 0)
        message = f"{_label(resource)} exists live but nothing declares it" + (
            f" (with {extra} object{'s' if extra != 1 else ''} that belong to it)" if extra else "")
        found.append(maker.make(UNMANAGED, resource.address, resource.location, message, ""))
    return [f for f in found if f is not None]


def _hpa_targets(graphs: Sequence[ResourceGraph]) -> set[tuple[str, str, str]]:
    targets = set()
    for graph in graphs:
        for hpa in graph.of_kind("HorizontalPodAutoscaler"):
            ref = hpa.get("spec.scaleTargetRef")
            if isinstance(ref, Mapping):
                namespace = str(hpa.get("metadata.namespace") or "default")
                targets.add((str(ref.get("kind")), namespace, str(ref.get("name"))))
    return targets


def changed(pair: Pair, judged: Judged, source: str, declared_as: Resource,
            hpa: set[tuple[str, str, str]]) -> dict[str, list[AttributeChange]]:
    """The security-relevant differences of a managed pair, by attribute."""
    if source == "cluster":
        from policycheck.live.k8s import normalise_object

        live = pair.live
        key = (live.kind, str(live.get("metadata.namespace") or "default"), str(live.get("metadata.name")))
        scaled = key in hpa
        declared_view = k8s_view(normalise_object(pair.declared.attributes), scaled_by_hpa=scaled)
        live_view = k8s_view(normalise_object(live.attributes), scaled_by_hpa=scaled)
        by_attribute: dict[str, list[AttributeChange]] = {}
        for change in k8s_differences(declared_view, live_view):
            by_attribute.setdefault(change.attribute, []).append(change)
        return by_attribute
    diffs = differences(aws_view(declared_as, judged.declared_graph), aws_view(pair.live, judged.live_graph))
    if not diffs:
        return {}
    return read_changes(judged.selection.policies, source, declared_as, pair.live, diffs,
                        (judged.declared_graph, judged.live_graph), judged.selection.params_for)


def drifted(maker: FindingMaker, matching: Matching, judged: Judged, as_judged: Mapping[int, Resource]
            ) -> tuple[list[Finding], set[int]]:
    """PC-DRIFT-003 findings and the pairs (by live id) that drifted."""
    found: list[Finding] = []
    pairs: set[int] = set()
    hpa = _hpa_targets((judged.declared_graph, judged.live_graph))
    for pair in matching.pairs:
        by_attribute = changed(pair, judged, maker.source, as_judged[id(pair.declared)], hpa)
        for attribute, changes in by_attribute.items():
            pairs.add(id(pair.live))
            message = (f"{drift_message(attribute, changes, DECLARED_BY[maker.source])} "
                       f"(declared as {pair.declared.address} in {pair.declared.location.file})")
            finding = maker.make(DRIFTED, pair.live.address, pair.live.location, message, attribute)
            if finding is not None:
                found.append(finding)
    return found, pairs


def weaker(maker: FindingMaker, matching: Matching, judged: Judged, as_judged: Mapping[int, Resource]
           ) -> tuple[list[Finding], set[int]]:
    """PC-DRIFT-004: a (policy, pair) that passes declared and fails live."""
    declared_addresses = {as_judged[id(p.declared)].address for p in matching.pairs}
    before = worst_verdicts(judged.declared, declared_addresses)
    after = worst_verdicts(judged.live, {p.live.address for p in matching.pairs})
    titles = {p.id: p.title for p in judged.selection.policies}
    found: list[Finding] = []
    pairs: set[int] = set()
    for pair in matching.pairs:
        declared_address = as_judged[id(pair.declared)].address
        for (policy_id, address), (verdict, failing) in sorted(after.items()):
            if address != pair.live.address or verdict is not Verdict.FAIL:
                continue
            was = before.get((policy_id, declared_address))
            if was is None or was[0] is not Verdict.PASS:
                continue
            pairs.add(id(pair.live))
            message = (f"{policy_id} ({titles.get(policy_id, '')}) passes on {pair.declared.address} as declared "
                       f"in {pair.declared.location.file} and fails live: {failing.message}")
            finding = maker.make(WEAKER, pair.live.address, failing.location, message, policy_id)
            if finding is not None:
                found.append(finding)
    return found, pairs
