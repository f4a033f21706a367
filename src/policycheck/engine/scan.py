"""A whole static scan: discover, load (the loader table of :mod:`policycheck.loaders`),
judge, run the plan gates (:mod:`policycheck.engine.gates`, the one after-judging step, for
plans only), suppress, report."""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policycheck.engine.config import Config, ConfigError
from policycheck.engine.parallel import judge, load_and_judge_claimed, load_units, pool_size
from policycheck.engine.policy import Policy
from policycheck.engine.registry import Registry
from policycheck.engine.report import ScanReport
from policycheck.engine.runner import RunOutcome, Selection, schedule_run
from policycheck.engine.selection import select_policies
from policycheck.loaders import LOADERS, claim, schedule, units_of
from policycheck.loaders.base import LoadOptions, LoadResult, Unit
from policycheck.loaders.confine import scan_roots
from policycheck.loaders.discovery import Discovered, discover
from policycheck.model import Resource, ResourceGraph, Severity
from policycheck.suppression.baseline import apply_baseline, read_baseline
from policycheck.suppression.inline import apply_inline

if TYPE_CHECKING:
    from policycheck.engine.cache import Cache


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
    list_passes: bool = True
    """Whether the report lists PASS findings (``--show-passed``, the readiness roll-up) or
    only counts them; plans always list them (their gates compare passes)."""


def load_sources(found: Discovered, options: LoadOptions, *, jobs: int = 1,
                 cache: Cache | None = None, units: Sequence[Unit] | None = None,
                 render_jobs: int | None = None) -> LoadResult:
    """Run every loader on the files discovery assigned to it (``units``: their schedule, when
    known), in ``jobs`` processes; ``cache`` reuses the results of unchanged files."""
    result = LoadResult(errors=list(found.errors))
    if units is None:
        units = schedule(found, inputs=cache is not None)
    for part in load_units(units, options, jobs, cache,
                           render_jobs):
        result.extend(part)
    return result


def policy_params(config: Config, policies: Sequence[Policy]) -> dict[str, Mapping[str, Any]]:
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


def _cache(options: ScanOptions, load: LoadOptions) -> Cache | None:
    if options.cache_dir is None:
        return None
    from policycheck.engine.cache import Cache

    return Cache(options.cache_dir, load)


def scan(options: ScanOptions, registry: Registry) -> ScanReport:
    config = options.config
    policies = select_policies(registry, options.select, options.ignore)
    load = options.load
    if not load.roots:
        load = dataclasses.replace(load, roots=scan_roots(options.paths, config.root))
    found = discover(options.paths, [*config.exclude, *options.exclude], config.root, load.roots)
    cache = _cache(options, load)
    thresholds = gc.get_threshold()
    # Nearly all a scan allocates lives until its report, yet the default thresholds walk the
    # young objects every 700 allocations and the whole heap each time it grows by a quarter.
    gc.set_threshold(200_000, 30, 30)
    try:
        claimed = claim(found)
        if cache is None:
            pooled = load_and_judge_claimed(
                claimed, load, _selection(config, policies, options.list_passes), options.jobs)
            if pooled is not None:
                pooled.loaded.errors[:0] = found.errors
                return _report(pooled.outcome, pooled.suppressed, pooled.resources, pooled.loaded,
                               options, registry, policies)
        units = units_of(claimed, LOADERS, inputs=cache is not None)
        processes = pool_size(units, options.jobs)
        # the cache, plans and trees of mostly shared-root files load in a pool, then judge in
        # a second one (each with its own thresholds); small trees stay in this process
        jobs = options.jobs if processes > 1 else 1
        loaded = load_sources(found, load, jobs=jobs, cache=cache, units=units, render_jobs=options.jobs)
        return judge_loaded(loaded, options, registry, policies, cache, jobs)
    finally:
        gc.set_threshold(*thresholds)


def _selection(config: Config, policies: Sequence[Policy], list_passes: bool = True) -> Selection:
    return Selection(policies, config.severity, policy_params(config, policies), list_passes)


def judge_loaded(loaded: LoadResult, options: ScanOptions, registry: Registry,
                 policies: Sequence[Policy], cache: Cache | None = None,
                 jobs: int | None = None) -> ScanReport:
    """Judge loaded resources (plans also through the plan gates) in ``jobs`` processes (default
    ``options.jobs``), suppress and report."""
    jobs = options.jobs if jobs is None else jobs
    graph = ResourceGraph(loaded.resources)
    selection = _selection(options.config, policies, options.list_passes or bool(loaded.plans))
    outcome = judge(schedule_run(graph, selection), jobs, cache)
    resources: Sequence[Resource] = graph.resources
    if loaded.plans:
        from policycheck.engine.gates import run_gates  # plans only: it imports the plan model

        gated = run_gates(loaded.plans, graph, selection, outcome)
        outcome, resources = gated.outcome, gated.resources
    return _report(outcome, resources, len(graph), loaded, options, registry, policies, cache)


def _report(outcome: RunOutcome, resources: Sequence[Resource], count: int, loaded: LoadResult,
            options: ScanOptions, registry: Registry, policies: Sequence[Policy],
            cache: Cache | None = None) -> ScanReport:
    """Suppress and report: ``resources`` are those whose inline suppressions apply (at least
    every one that has any), ``count`` how many resources were judged."""
    findings, inline_warnings = apply_inline(outcome.findings, resources,
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
        resources=count,
        warnings=[*registry.warnings, *loaded.warnings, *inline_warnings,
                  *(cache.warnings if cache else ())],
        fail_on=options.fail_on,
        unknown_fails=options.unknown_fails,
        unlisted_passes=outcome.passed,
    )
