"""Judging what a live collector read (AWS accounts, Kubernetes clusters) with the same policies.

A collector hands over a :class:`LiveCollection`: resources normalised to the shapes the static
loaders produce (Terraform attributes for ``aws``, manifests for ``cluster``), located with
:func:`policycheck.model.live_location`, and a :class:`~policycheck.model.NotAssessed` entry for
every part it could not read. :func:`judge_live` runs the policies of that source, withholds every
verdict that depended on what was not read (a partial collection is never "clean"), applies
suppressions and the baseline, and returns the report every reporter renders.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from policycheck.engine.config import Config
from policycheck.engine.policy import Policy
from policycheck.engine.registry import Registry
from policycheck.engine.report import DriftSummary, ScanReport
from policycheck.engine.runner import Selection, run_policies
from policycheck.engine.scan import policy_params
from policycheck.engine.selection import select_policies
from policycheck.engine.suppress import apply_baseline, apply_inline, read_baseline
from policycheck.model import Finding, NotAssessed, Resource, ResourceGraph, ScanError, Severity, live_scope


@dataclass(slots=True)
class LiveCollection:
    """What one live run read: resources of one source, what it could not read, and errors."""

    source: str
    """``aws`` or ``cluster``."""
    resources: list[Resource] = field(default_factory=list)
    not_assessed: list[NotAssessed] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    scopes: int = 0
    """How many (account, region) or (cluster, namespace) pairs were read."""

    def extend(self, other: LiveCollection) -> None:
        self.resources.extend(other.resources)
        self.not_assessed.extend(other.not_assessed)
        self.errors.extend(other.errors)
        self.scopes += other.scopes


@dataclass(frozen=True, slots=True)
class LiveOptions:
    """How a live run is judged and gated (the live counterpart of ``ScanOptions``)."""

    config: Config = field(default_factory=Config)
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    fail_on: Severity = Severity.HIGH
    unknown_fails: bool = False
    baseline: Path | None = None
    today: date = field(default_factory=date.today)


def withheld(finding: Finding, policy: Policy, gaps: Sequence[NotAssessed],
             kind: str | None = None) -> bool:
    """Whether ``finding`` depends on something a live source could not read: its policy judges
    or reads a kind that was not assessed in the finding's account and region/namespace.

    A resource-scoped finding on a resource of ``kind`` depends only on that kind and what the
    policy ``reads`` (a denied Pod list does not withhold a Deployment's own findings); a
    graph-scoped one on every kind its policy consults."""
    scope = live_scope(finding.location.file)
    if scope is None:
        return False
    account, where = scope
    consulted = (frozenset((kind, *policy.reads)) if kind is not None and policy.scope == "resource"
                 else policy.consults)
    return any(gap.account == account and gap.where in ("", where) and consulted.intersection(gap.kinds)
               for gap in gaps)


def judge_live(collection: LiveCollection, options: LiveOptions, registry: Registry, *,
               extra_findings: Iterable[Finding] = (), extra_policies: Iterable[Policy] = (),
               drift: DriftSummary | None = None) -> ScanReport:
    """Run the selected policies of ``collection.source`` over its resources and report.

    ``extra_findings`` (with their ``extra_policies``) are findings computed outside the policies'
    checks, such as the drift engine's PC-DRIFT findings; they are suppressed, baselined and
    gated like the rest."""
    config = options.config
    selected = select_policies(registry, options.select, options.ignore)
    policies = [p for p in selected if collection.source in p.sources]
    graph = ResourceGraph(collection.resources)
    selection = Selection(policies, config.severity, policy_params(config, policies))
    outcome = run_policies(graph, selection)
    by_id = {p.id: p for p in policies}
    gaps = collection.not_assessed
    kinds = {r.address: r.kind for r in graph.resources} if gaps else {}
    judged = [f for f in outcome.findings
              if not (gaps and withheld(f, by_id[f.policy_id], gaps, kinds.get(f.resource)))]
    extra = list(extra_policies)
    ran = [*policies, *(p for p in extra if p.id not in by_id)]
    findings, warnings = apply_inline([*judged, *extra_findings], graph.resources,
                                      {p.id: p.sources for p in ran}, options.today)
    if options.baseline is not None:
        findings = apply_baseline(findings, read_baseline(options.baseline))
    findings.sort(key=lambda f: (f.location.file, f.resource, f.policy_id, f.location.line, f.message))
    errors = sorted(dict.fromkeys([*registry.errors, *collection.errors, *outcome.errors]),
                    key=lambda e: (e.file, e.line))
    not_assessed = sorted(dict.fromkeys(gaps), key=lambda n: (n.account, n.where, n.service, n.call))
    return ScanReport(findings=findings, errors=errors, policies=ran, files=collection.scopes,
                      resources=len(graph), warnings=warnings, fail_on=options.fail_on,
                      unknown_fails=options.unknown_fails, live=True, not_assessed=not_assessed,
                      drift=drift)
