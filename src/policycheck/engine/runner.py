"""Running policies over a resource graph and turning their results into findings."""

from __future__ import annotations

import functools
import hashlib
import traceback
from collections.abc import Iterable, Iterator, Mapping, Sequence
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
    list_passes: bool = True
    """Whether PASS results become findings; otherwise only their number is kept
    (:attr:`RunOutcome.passed`): most reports list no passes, and they are nine in ten results."""

    layout: _Layout = field(init=False, repr=False, compare=False)
    """What every schedule of this selection shares (a worker schedules each unit it judges)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "layout", _Layout.of(self))

    def params_for(self, policy: Policy) -> dict[str, Any]:
        return {**policy.params, **self.params.get(policy.id, {})}


@dataclass(frozen=True, slots=True)
class _Layout:
    """Each selected policy's effective severity, remediation and parameters, and the
    positions of the graph-scoped rules, of the rules of each kind and of those of every kind."""

    rules: tuple[tuple[Policy, Severity, str, dict[str, Any]], ...]
    graph: tuple[int, ...]
    by_kind: dict[str, tuple[int, ...]]
    every_kind: tuple[int, ...]

    @staticmethod
    def of(selection: Selection) -> _Layout:
        graph: list[int] = []
        by_kind: dict[str, list[int]] = {}
        every: list[int] = []
        for position, policy in enumerate(selection.policies):
            if policy.scope == "gate":
                continue  # computed after judging, by policycheck.engine.gates
            if policy.scope == "graph":
                graph.append(position)
                continue
            for kind in policy.kinds:
                (every if kind == ANY_KIND else by_kind.setdefault(kind, [])).append(position)
        rules = tuple((policy, selection.severity.get(policy.id, policy.severity),
                       policy.remediation, selection.params_for(policy))
                      for policy in selection.policies)
        return _Layout(rules, tuple(graph), {k: tuple(v) for k, v in by_kind.items()},
                       tuple(every))


@functools.lru_cache(maxsize=65536)
def _posix(file: str) -> str:
    return Path(file).as_posix()


def fingerprint(policy_id: str, resource: str, file: str, path: str | None) -> str:
    key = "|".join((policy_id, resource, _posix(file), path or ""))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Rule:
    """A selected policy with what a run derives from it once: severity, remediation, and a
    context per root (a policy only ever sees the graph of its subject's root)."""

    policy: Policy
    severity: Severity
    remediation: str
    contexts: Mapping[str, Context]
    list_passes: bool = True

    @property
    def params(self) -> Mapping[str, Any]:
        return next(iter(self.contexts.values())).params


def _finding(rule: Rule, subject: Resource, result: Result) -> Finding:
    policy = rule.policy
    target = result.resource or subject
    location = result.location or target.location_of(result.path)
    return Finding(
        policy_id=policy.id,
        title=policy.title,
        severity=result.severity or rule.severity,
        verdict=result.verdict,
        source=target.source,
        location=location,
        resource=target.address,
        message=result.message or policy.title,
        remediation=rule.remediation,
        checklist=policy.checklist,
        fingerprint=fingerprint(policy.id, target.address, location.file, result.path),
        trace=target.trace_of(result.path) if result.verdict is not Verdict.PASS else (),
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
    passed: dict[str, int] = field(default_factory=dict)
    """PASS results not listed in ``findings`` (:attr:`Selection.list_passes` is off), by
    policy ID."""

    def add(self, other: RunOutcome) -> None:
        self.findings.extend(other.findings)
        self.errors.extend(other.errors)
        add_counts(self.passed, other.passed)


def add_counts(counts: dict[str, int], more: Mapping[str, int]) -> None:
    for key, count in more.items():
        counts[key] = counts.get(key, 0) + count


def _judge(rule: Rule, subject: Resource | None, ctx: Context, outcome: RunOutcome) -> None:
    """Collect one policy's results; an Unknown touched mid-way becomes an UNKNOWN verdict."""
    policy = rule.policy
    try:
        for result in _results(policy.check(subject or ctx.graph, ctx)):
            anchor = result.resource or subject
            if anchor is None:
                raise TypeError("a graph-scoped policy must name the resource of each result")
            if result.verdict is Verdict.PASS and not rule.list_passes:
                outcome.passed[policy.id] = outcome.passed.get(policy.id, 0) + 1
            else:
                outcome.findings.append(_finding(rule, anchor, result))
    except UnknownValueError as exc:
        if subject is not None:
            reason = exc.unknown.reason or "a value is not known"
            outcome.findings.append(_finding(rule, subject, Result(
                Verdict.UNKNOWN, f"cannot decide: {reason}")))
        else:
            outcome.errors.append(ScanError(policy.file, policy.line,
                                            f"policy {policy.id} met an unknown value: {exc}"))
    except Exception as exc:
        outcome.errors.append(_crash(policy, subject.address if subject else "the scan", exc))


def roots(graph: ResourceGraph) -> dict[str, ResourceGraph]:
    """The graph of each root (Terraform root module, plan file; ``""`` for the rest): addresses
    repeat across roots and a root never refers to another, so each is judged on its own."""
    groups: dict[str, list[Resource]] = {}
    for resource in graph:
        groups.setdefault(resource.root, []).append(resource)
    if len(groups) == 1:
        return {next(iter(groups)): graph}
    return {root: ResourceGraph(members) for root, members in sorted(groups.items())}


@dataclass(slots=True)
class Schedule:
    """Which rules judge what: graph-scoped rules, and resource-scoped rules by kind."""

    graph: ResourceGraph
    subgraphs: dict[str, ResourceGraph] = field(default_factory=dict)
    """The graph of each root; ``graph`` holds them all."""
    rules: list[Rule] = field(default_factory=list)
    """Every rule, in selection order."""
    graph_rules: list[Rule] = field(default_factory=list)
    by_kind: dict[str, list[Rule]] = field(default_factory=dict)
    every_kind: list[Rule] = field(default_factory=list)


def schedule_run(graph: ResourceGraph, selection: Selection) -> Schedule:
    """The rules of ``selection`` over ``graph``, sorted by what they judge."""
    schedule = Schedule(graph, roots(graph))
    layout, subgraphs = selection.layout, schedule.subgraphs.items()
    rules = schedule.rules = [
        Rule(policy, severity, remediation,
             {root: Context(subgraph, own) for own in (dict(params),) for root, subgraph in subgraphs},
             selection.list_passes)
        for policy, severity, remediation, params in layout.rules]
    schedule.graph_rules = [rules[i] for i in layout.graph]
    schedule.by_kind = {kind: [rules[i] for i in positions]
                        for kind, positions in layout.by_kind.items()}
    schedule.every_kind = [rules[i] for i in layout.every_kind]
    return schedule


def graph_runs(schedule: Schedule) -> Iterator[tuple[int, str, Rule, Context]]:
    """The graph-scoped rules to run, in order: each rule (with its position in
    ``schedule.graph_rules``) on each root (sorted) whose graph holds one of its sources."""
    for position, rule in enumerate(schedule.graph_rules):
        for root, ctx in rule.contexts.items():
            if any(r.source in rule.policy.sources for r in ctx.graph):
                yield position, root, rule, ctx


def judge_graph(schedule: Schedule, outcome: RunOutcome) -> None:
    """Run the graph-scoped rules whose sources the graph holds."""
    for _, _, rule, ctx in graph_runs(schedule):
        _judge(rule, None, ctx, outcome)


def judge_graph_parts(schedule: Schedule) -> dict[tuple[int, str], RunOutcome]:
    """:func:`judge_graph`'s outcome for each rule position and root (where there is any)."""
    parts: dict[tuple[int, str], RunOutcome] = {}
    for position, root, rule, ctx in graph_runs(schedule):
        part = RunOutcome()
        _judge(rule, None, ctx, part)
        if part.findings or part.errors or part.passed:
            parts[position, root] = part
    return parts


def judge_resources(schedule: Schedule, resources: Iterable[Resource], outcome: RunOutcome) -> None:
    """Run the resource-scoped rules on each of ``resources``, in order."""
    for resource in resources:
        for rule in (*schedule.by_kind.get(resource.kind, ()), *schedule.every_kind):
            if resource.source in rule.policy.sources:
                _judge(rule, resource, rule.contexts[resource.root], outcome)


def run_policies(graph: ResourceGraph, selection: Selection) -> RunOutcome:
    """Apply each selected policy to the resources of its kinds and sources."""
    schedule = schedule_run(graph, selection)
    outcome = RunOutcome()
    judge_graph(schedule, outcome)
    judge_resources(schedule, graph, outcome)
    return outcome


def _results(produced: Iterable[Result] | Result | None) -> Iterable[Result]:
    """A policy may return one result, none, or an iterable (usually a generator)."""
    if produced is None:
        return ()
    if isinstance(produced, Result):
        return (produced,)
    return produced
