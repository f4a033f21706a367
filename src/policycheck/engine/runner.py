"""Running policies over a resource graph and turning their results into findings."""

from __future__ import annotations

import hashlib
import traceback
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policycheck.engine.policy import ANY_KIND, Context, Policy
from policycheck.model import (
    Finding,
    Resource,
    ResourceGraph,
    Result,
    ScanError,
    Severity,
    UnknownValueError,
    Verdict,
)


@dataclass(frozen=True, slots=True)
class Selection:
    """The policies a run applies, with their effective severity and parameters."""

    policies: Sequence[Policy]
    severity: Mapping[str, Severity] = field(default_factory=dict)
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def params_for(self, policy: Policy) -> dict[str, Any]:
        return {**policy.params, **self.params.get(policy.id, {})}


def fingerprint(policy_id: str, resource: str, file: str, path: str | None) -> str:
    key = "|".join((policy_id, resource, Path(file).as_posix(), path or ""))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _finding(policy: Policy, severity: Severity, subject: Resource, result: Result) -> Finding:
    target = result.resource or subject
    location = result.location or target.location_of(result.path)
    return Finding(
        policy_id=policy.id,
        title=policy.title,
        severity=result.severity or severity,
        verdict=result.verdict,
        source=target.source,
        location=location,
        resource=target.address,
        message=result.message or policy.title,
        remediation=policy.remediation,
        checklist=policy.checklist,
        fingerprint=fingerprint(policy.id, target.address, location.file, result.path),
    )


def _crash(policy: Policy, subject: str, exc: BaseException) -> ScanError:
    line = policy.line
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == policy.file and frame.lineno:
            line = frame.lineno
    return ScanError(policy.file, line,
                     f"policy {policy.id} failed on {subject}: {type(exc).__name__}: {exc}")


@dataclass(slots=True)
class RunOutcome:
    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)


def _judge(policy: Policy, severity: Severity, subject: Resource | None, ctx: Context,
           outcome: RunOutcome) -> None:
    """Collect one policy's results; an Unknown touched mid-way becomes an UNKNOWN verdict."""
    try:
        for result in _results(policy.check(subject or ctx.graph, ctx)):
            anchor = result.resource or subject
            if anchor is None:
                raise TypeError("a graph-scoped policy must name the resource of each result")
            outcome.findings.append(_finding(policy, severity, anchor, result))
    except UnknownValueError as exc:
        if subject is not None:
            reason = exc.unknown.reason or "a value is not known"
            outcome.findings.append(_finding(policy, severity, subject, Result(
                Verdict.UNKNOWN, f"cannot decide: {reason}")))
        else:
            outcome.errors.append(ScanError(policy.file, policy.line,
                                            f"policy {policy.id} met an unknown value: {exc}"))
    except Exception as exc:
        outcome.errors.append(_crash(policy, subject.address if subject else "the scan", exc))


def run_policies(graph: ResourceGraph, selection: Selection) -> RunOutcome:
    """Apply each selected policy to the resources of its kinds and sources."""
    outcome = RunOutcome()
    by_kind: dict[str, list[Policy]] = {}
    for policy in selection.policies:
        severity = selection.severity.get(policy.id, policy.severity)
        if policy.scope == "graph":
            if any(r.source in policy.sources for r in graph):
                ctx = Context(graph, selection.params_for(policy))
                _judge(policy, severity, None, ctx, outcome)
            continue
        for kind in policy.kinds:
            by_kind.setdefault(kind, []).append(policy)
    contexts = {p.id: Context(graph, selection.params_for(p)) for p in selection.policies}
    every_kind = by_kind.pop(ANY_KIND, [])
    for resource in graph:
        for policy in (*by_kind.get(resource.kind, ()), *every_kind):
            if resource.source in policy.sources:
                severity = selection.severity.get(policy.id, policy.severity)
                _judge(policy, severity, resource, contexts[policy.id], outcome)
    return outcome


def _results(produced: Iterable[Result] | Result | None) -> Iterable[Result]:
    """A policy may return one result, none, or an iterable (usually a generator)."""
    if produced is None:
        return ()
    if isinstance(produced, Result):
        return (produced,)
    return produced
