"""A whole static scan: discover, load, judge, suppress, report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from policycheck.engine.config import Config, ConfigError
from policycheck.engine.policy import Policy
from policycheck.engine.registry import Registry
from policycheck.engine.report import ScanReport
from policycheck.engine.runner import Selection, run_policies
from policycheck.engine.selection import select_policies
from policycheck.engine.suppress import apply_baseline, apply_inline, read_baseline
from policycheck.loaders.base import LoadOptions, LoadResult
from policycheck.loaders.discovery import Discovered, discover
from policycheck.model import ResourceGraph, Severity


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


def load_sources(found: Discovered, options: LoadOptions) -> LoadResult:
    """Run every loader on the files discovery assigned to it."""
    from policycheck.loaders import dockerfile, kubernetes, requirements, terraform

    result = LoadResult(errors=list(found.errors))
    result.extend(terraform.load(found.terraform, options))
    manifests = found.manifests
    for directory in found.kustomizations:
        rendered = kubernetes.render_kustomize(directory.path, directory.display, options)
        if rendered is None:
            result.warnings.append(kubernetes.NOT_RENDERED_KUSTOMIZE.format(display=directory.display))
            continue
        result.extend(rendered)
        manifests = [m for m in manifests if m.path.parent != directory.path]
    for chart in found.helm_charts:
        result.extend(kubernetes.render_helm(chart.path, chart.display, options))
    result.extend(kubernetes.load(manifests, options))
    result.extend(dockerfile.load(found.dockerfiles, options))
    result.extend(requirements.load(found.requirements, options))
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


def scan(options: ScanOptions, registry: Registry) -> ScanReport:
    config = options.config
    policies = select_policies(registry, options.select, options.ignore)
    found = discover(options.paths, [*config.exclude, *options.exclude], config.root)
    loaded = load_sources(found, options.load)
    graph = ResourceGraph(loaded.resources)
    outcome = run_policies(graph, Selection(policies, config.severity, _params(config, policies)))
    findings, warnings = apply_inline(outcome.findings, graph, {p.id for p in policies},
                                      options.today)
    if options.baseline is not None:
        findings = apply_baseline(findings, read_baseline(options.baseline))
    findings.sort(key=lambda f: (f.location.file, f.location.line, f.policy_id, f.resource))
    errors = [*registry.errors, *loaded.errors, *outcome.errors]
    errors.sort(key=lambda e: (e.file, e.line))
    return ScanReport(
        findings=findings,
        errors=errors,
        policies=policies,
        files=loaded.files,
        resources=len(graph),
        warnings=[*loaded.warnings, *warnings],
        fail_on=options.fail_on,
        unknown_fails=options.unknown_fails,
    )
