"""A whole static scan: discover, load, judge, suppress, report."""

from __future__ import annotations

import gc
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policycheck.engine.config import Config, ConfigError
from policycheck.engine.parallel import judge, load_units
from policycheck.engine.policy import Policy
from policycheck.engine.registry import Registry
from policycheck.engine.report import ScanReport
from policycheck.engine.runner import Selection, plan_run
from policycheck.engine.selection import select_policies
from policycheck.engine.suppress import apply_baseline, apply_inline, read_baseline
from policycheck.engine.units import Unit, plan
from policycheck.loaders.base import LoadOptions, LoadResult
from policycheck.loaders.discovery import Discovered, discover
from policycheck.model import ResourceGraph, Severity

if TYPE_CHECKING:
    from policycheck.engine.cache import Cache
    from policycheck.loaders.plan import PlanLoadResult


@dataclass(frozen=True, slots=True)
class ScanOptions:
    paths: Sequence[str]
    config: Config = field(default_factory=Config)
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    fail_on: Severity = Severity.HIGH
    unknown_fails: bool = False
    load: LoadOptions = field(default_factory=LoadOptions)
    exclude: Sequence[str] = ()
    baseline: Path | None = None
    today: date = field(default_factory=date.today)
    jobs: int = 1
    cache_dir: Path | None = None


def load_sources(found: Discovered, options: LoadOptions, *, jobs: int = 1,
                 cache: Cache | None = None) -> PlanLoadResult:
    """Run every loader on the files discovery assigned to it, in ``jobs`` processes;
    ``cache`` reuses the results of unchanged files."""
    from policycheck.loaders import kubernetes
    from policycheck.loaders.plan import PlanLoadResult, split_plans

    rendered = LoadResult()
    manifests = found.manifests
    for directory in found.kustomizations:
        overlay = kubernetes.render_kustomize(directory.path, directory.display, options)
        if overlay is None:
            rendered.warnings.append(kubernetes.NOT_RENDERED_KUSTOMIZE.format(display=directory.display))
            continue
        rendered.extend(overlay)
        manifests = [m for m in manifests if m.path.parent != directory.path]
    for chart in found.helm_charts:
        rendered.extend(kubernetes.render_helm(chart.path, chart.display, options))
    if cache and (found.kustomizations or found.helm_charts):
        cache.unkeyed_source()
    plans, manifests = split_plans(manifests)
    units = [*plan(found, manifests), *(Unit("plan", (p,), None) for p in plans)]
    loaded = load_units(units, options, jobs, cache)
    terraform = sum(unit.loader == "terraform" for unit in units)
    result = PlanLoadResult(errors=list(found.errors))
    for part in (*loaded[:terraform], rendered, *loaded[terraform:]):
        result.extend(part)
    return result


def _params(config: Config, policies: Sequence[Policy]) -> dict[str, Mapping[str, Any]]:
    """Per-policy parameter overrides; the config's ``images`` mapping feeds every policy that
    declares an ``images`` parameter."""
    declared = {p.id: p.params for p in policies}
    for policy_id, values in config.params.items():
        if policy_id not in declared:
            continue
        for name, value in values.items():
            if name not in declared[policy_id]:
                known = ", ".join(declared[policy_id]) or "none"
                raise ConfigError(f"{config.path}: {policy_id} has no parameter {name!r} (parameters: {known})")
            default = declared[policy_id][name]
            if default is not None and not isinstance(value, type(default)) and not (
                    isinstance(default, float) and isinstance(value, int)):
                raise ConfigError(f"{config.path}: {policy_id}.{name} must be a {type(default).__name__}")
    params: dict[str, Mapping[str, Any]] = {k: dict(v) for k, v in config.params.items()}
    if config.images:
        for policy in policies:
            if "images" in policy.params:
                params[policy.id] = {"images": dict(config.images), **params.get(policy.id, {})}
    return params


def _cache(options: ScanOptions) -> Cache | None:
    if options.cache_dir is None:
        return None
    from policycheck.engine.cache import Cache

    return Cache(options.cache_dir, options.load)


def scan(options: ScanOptions, registry: Registry) -> ScanReport:
    config = options.config
    policies = select_policies(registry, options.select, options.ignore)
    found = discover(options.paths, [*config.exclude, *options.exclude], config.root,
                     options.load.roots)
    cache = _cache(options)
    thresholds = gc.get_threshold()
    # Nearly all a scan allocates lives until its report, yet the default thresholds walk the
    # young objects every 700 allocations and the whole heap each time it grows by a quarter.
    gc.set_threshold(200_000, 30, 30)
    try:
        loaded = load_sources(found, options.load, jobs=options.jobs, cache=cache)
        return judge_loaded(loaded, options, registry, policies, cache)
    finally:
        gc.set_threshold(*thresholds)


def judge_loaded(loaded: PlanLoadResult, options: ScanOptions, registry: Registry,
                 policies: Sequence[Policy], cache: Cache | None = None) -> ScanReport:
    """Judge loaded resources (plans also through the plan gates), suppress and report."""
    from policycheck.plan.gate import run_gates

    config = options.config
    graph = ResourceGraph(loaded.resources)
    selection = Selection(policies, config.severity, _params(config, policies))
    gated = run_gates(loaded.plans, graph, selection, judge(plan_run(graph, selection), options.jobs, cache))
    outcome = gated.outcome
    findings, inline_warnings = apply_inline(outcome.findings, gated.resources,
                                             {p.id: p.sources for p in policies}, options.today)
    if options.baseline is not None:
        findings = apply_baseline(findings, read_baseline(options.baseline))
    findings.sort(key=lambda f: (f.location.file, f.location.line, f.policy_id, f.resource))
    errors = list(dict.fromkeys([*registry.errors, *loaded.errors, *outcome.errors]))
    errors.sort(key=lambda e: (e.file, e.line))
    return ScanReport(
        findings=findings,
        errors=errors,
        policies=list(policies),
        files=loaded.files,
        resources=len(graph),
        warnings=[*registry.warnings, *loaded.warnings, *inline_warnings,
                  *(cache.warnings if cache else ())],
        fail_on=options.fail_on,
        unknown_fails=options.unknown_fails,
    )
