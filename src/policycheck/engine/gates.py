"""The plan gates: the engine's after-judging step, run once the policies have judged the
planned resources (:func:`run_gates`, called by :func:`policycheck.engine.scan.judge_loaded`).

- PC-PLAN-001 is an ordinary policy of the prior and planned objects: a replacement is reported
  on the planned object, a deletion on the prior one (it exists only there).
- PC-PLAN-002 compares verdicts: every selected policy also judges the prior objects, and a
  (policy, address) that passes before the plan and fails after it is a weakened control.
- PC-DRIFT-003 reports ``resource_drift`` changes to attributes that a policy of the resource's
  type reads.

PC-PLAN-002 and PC-DRIFT-003 are registered policies declared ``scope="gate"`` (metadata,
docs, selection, severity overrides, suppressions; the runner never calls them) whose findings
this module computes, so that policies stay pure functions of one resource graph. Plan
findings carry the change as a message prefix: ``[update] storage is not encrypted ...``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from policycheck.engine.policy import Policy
from policycheck.engine.reads import SHOWN_CHANGES, attributes_read, drift_message, read_changes
from policycheck.engine.runner import RunOutcome, Selection, fingerprint, run_policies
from policycheck.loaders.plan.build import SOURCE
from policycheck.model import (
    PLAN_CHANGED,
    AttributeChange,
    Finding,
    LoadedPlan,
    Location,
    Resource,
    ResourceGraph,
    Verdict,
)

DESTROYED = "PC-PLAN-001"
WEAKENED = "PC-PLAN-002"
DRIFTED = "PC-DRIFT-003"
GATES = frozenset({DESTROYED, WEAKENED, DRIFTED})
_RANK = {Verdict.PASS: 0, Verdict.UNKNOWN: 1, Verdict.FAIL: 2}


@dataclass(slots=True)
class Gated:
    """The findings after the gates, and every resource a finding may belong to."""

    outcome: RunOutcome
    resources: list[Resource]


def run_gates(plans: Sequence[LoadedPlan], graph: ResourceGraph, selection: Selection,
              outcome: RunOutcome) -> Gated:
    """Add the gates' findings to the policies' ``outcome`` on ``graph``, label plan findings
    with their action, and apply ``--changed-only``."""
    if not plans:
        return Gated(outcome, list(graph))
    findings, errors = list(outcome.findings), list(outcome.errors)
    deleted: list[Resource] = []
    for plan in plans:
        prior = ResourceGraph(plan.prior)
        judged = run_policies(prior, selection)
        errors += [e for e in judged.errors if e not in errors]
        findings += [f for f in judged.findings if f.policy_id == DESTROYED
                     and _action(prior, f) == "delete"]
        findings += weakened(plan, judged.findings, outcome.findings, graph, selection)
        findings += drifted(plan, graph, selection)
        deleted += [r for r in plan.prior if r.change == "delete"]
    labels = {address: label for plan in plans for address, label in plan.labels.items()}
    hidden = _unchanged(plans)
    kept = [_labelled(f, labels) for f in findings
            if f.source != SOURCE or f.resource not in hidden]
    return Gated(RunOutcome(kept, errors), [*graph, *deleted])


def _action(graph: ResourceGraph, finding: Finding) -> str | None:
    resource = graph.get(finding.resource, SOURCE)
    return resource.change if resource else None


def _unchanged(plans: Iterable[LoadedPlan]) -> set[str]:
    """Addresses ``--changed-only`` hides: neither created, updated nor replaced (deletions
    stay: PC-PLAN-001 judges them)."""
    hidden: set[str] = set()
    for plan in plans:
        if plan.changed_only:
            hidden.update(r.address for r in plan.planned if r.change not in PLAN_CHANGED)
    return hidden


def _labelled(finding: Finding, labels: dict[str, str]) -> Finding:
    label = labels.get(finding.resource) if finding.source == SOURCE else None
    return replace(finding, message=f"[{label}] {finding.message}") if label else finding


def _selected(selection: Selection, policy_id: str) -> Policy | None:
    return next((p for p in selection.policies if p.id == policy_id), None)


def _gate_finding(gate: Policy, selection: Selection, address: str, location: Location,
                  message: str, key: str) -> Finding:
    return Finding(
        policy_id=gate.id, title=gate.title, severity=selection.severity.get(gate.id, gate.severity),
        verdict=Verdict.FAIL, source=SOURCE, location=location, resource=address, message=message,
        remediation=gate.remediation, checklist=gate.checklist,
        fingerprint=fingerprint(gate.id, address, location.file, key),
    )


# --- PC-PLAN-002 -----------------------------------------------------------------------------

def worst_verdicts(findings: Iterable[Finding], addresses: set[str]
              ) -> dict[tuple[str, str], tuple[Verdict, Finding]]:
    """The worst verdict of each (policy, address), with its first finding of that verdict."""
    worst: dict[tuple[str, str], tuple[Verdict, Finding]] = {}
    for finding in findings:
        if finding.policy_id in GATES or finding.resource not in addresses:
            continue
        key = (finding.policy_id, finding.resource)
        if key not in worst or _RANK[finding.verdict] > _RANK[worst[key][0]]:
            worst[key] = (finding.verdict, finding)
    return worst


def weakened(plan: LoadedPlan, prior_findings: Iterable[Finding],
             planned_findings: Iterable[Finding], graph: ResourceGraph, selection: Selection
             ) -> list[Finding]:
    """PC-PLAN-002 findings: a policy passes on an address before the plan and fails after."""
    gate = _selected(selection, WEAKENED)
    if gate is None:
        return []
    addresses = {r.address for r in plan.prior} & {r.address for r in plan.planned}
    before = worst_verdicts(prior_findings, addresses)
    after = worst_verdicts((f for f in planned_findings if f.source == SOURCE), addresses)
    policies = {p.id: p for p in selection.policies}
    found: list[Finding] = []
    for (policy_id, address), (verdict, failing) in sorted(after.items()):
        was = before.get((policy_id, address))
        resource = graph.get(address, SOURCE)
        if verdict is not Verdict.FAIL or was is None or was[0] is not Verdict.PASS \
                or resource is None:
            continue
        policy = policies[policy_id]
        reads = attributes_read(policy, resource, graph, selection.params_for(policy))
        own = plan.changes.get(address, ())
        changed = _relevant(own, reads)
        message = (f"{policy_id} ({policy.title}) passes before this change and fails after it: "
                   f"{failing.message}")
        if changed:
            message += "; changed: " + "; ".join(map(str, changed[:SHOWN_CHANGES]))
        elif not own:
            message += f" ({address} itself is unchanged: a resource it depends on changes)"
        found.append(_gate_finding(gate, selection, address, failing.location, message, policy_id))
    return found


def _relevant(changes: Sequence[AttributeChange], reads: set[str]) -> list[AttributeChange]:
    """The changes to attributes the policy reads (all of them when that is not known)."""
    return [c for c in changes if c.attribute in reads] if reads else list(changes)


# --- PC-DRIFT-003 ----------------------------------------------------------------------------

def drifted(plan: LoadedPlan, graph: ResourceGraph, selection: Selection) -> list[Finding]:
    """PC-DRIFT-003 findings: attributes changed outside Terraform that a policy reads."""
    gate = _selected(selection, DRIFTED)
    if gate is None:
        return []
    found: list[Finding] = []
    policies = [p for p in selection.policies if p.id not in GATES]
    for drift in plan.drift:
        by_attribute = read_changes(policies, SOURCE, drift.declared, drift.live, drift.changes,
                                    (graph, graph), selection.params_for)
        for attribute, changes in by_attribute.items():
            message = drift_message(attribute, changes, "Terraform")
            found.append(_gate_finding(gate, selection, drift.live.address,
                                       drift.live.location_of(attribute), message, attribute))
    return found
