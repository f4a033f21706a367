"""Every annotated fixture of every built-in policy, through the same runner users get."""

from __future__ import annotations

from pathlib import Path

import pytest

from policycheck.engine.registry import Registry, load_registry
from policycheck.model import Finding, Verdict
from policycheck.testing import collect_annotations, coverage_gaps, fixture_dirs, run_fixture_dir

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_ROOTS = [ROOT / "terraform_fixtures", ROOT / "k8s_fixtures", ROOT / "docker_fixtures"]
PLAN_FIXTURES = ROOT / "terraform_fixtures" / "plan"  # one fixture directory per plan case
DIRS = [d for d in fixture_dirs([*FIXTURE_ROOTS, PLAN_FIXTURES]) if d != PLAN_FIXTURES]
DRIFT_DIRS = fixture_dirs([ROOT / "drift_fixtures"])
"""Drift cases: ``manifests/`` and a recorded ``cluster.json``, expectations in ``drift.expect.yaml``
by resource (the drift policies are computed by the drift engine, not by a scan)."""


@pytest.fixture(scope="module")
def registry() -> Registry:
    loaded = load_registry(entry_points=False)
    assert not loaded.errors, loaded.errors
    return loaded


@pytest.mark.parametrize("directory", DIRS, ids=[f"{d.parent.name}/{d.name}" for d in DIRS])
def test_fixture(directory: Path, registry: Registry) -> None:
    outcome = run_fixture_dir(directory, registry)
    assert outcome.annotations, f"{directory} has no annotations"
    assert outcome.ok, "\n" + outcome.report()


def drift_findings(directory: Path, registry: Registry) -> list[Finding]:
    from policycheck.drift.engine import run_drift
    from policycheck.drift.live_side import k8s_side
    from policycheck.drift.manifests import load_manifests
    from policycheck.drift.model import DriftOptions
    from policycheck.engine.live import LiveOptions

    declared = load_manifests([(directory / "manifests").as_posix()])
    from policycheck.live.k8s import load_snapshot

    live = k8s_side(load_snapshot(directory / "cluster.json", cluster="cluster"), "shop")
    report = run_drift(declared, live.collection, live.side, DriftOptions(default_namespace="shop"),
                       LiveOptions(), registry, live.objects)
    assert not report.errors, report.errors
    return [f for f in report.findings if f.policy_id.startswith("PC-DRIFT") and f.verdict is Verdict.FAIL]


@pytest.mark.parametrize("directory", DRIFT_DIRS, ids=[d.name for d in DRIFT_DIRS])
def test_drift_fixture(directory: Path, registry: Registry) -> None:
    expected = collect_annotations(directory, directory.as_posix())
    found = {(f.policy_id, f.resource) for f in drift_findings(directory, registry)}
    assert expected
    wanted = {(a.policy_id, a.resource) for a in expected if a.kind == "ruleid"}
    unwanted = {(a.policy_id, a.resource) for a in expected if a.kind == "ok"}
    assert wanted <= found, wanted - found
    assert not unwanted & found
    assert found <= wanted, f"unannotated drift findings: {found - wanted}"


def test_every_policy_has_failing_and_passing_cases(registry: Registry) -> None:
    annotations = [a for d in [*DIRS, *DRIFT_DIRS] for a in collect_annotations(d, d.as_posix())]
    assert coverage_gaps(annotations, registry) == []
