"""Every annotated fixture of every built-in policy, through the same runner users get."""

from __future__ import annotations

from pathlib import Path

import pytest

from policycheck.engine.registry import Registry, load_registry
from policycheck.testing import collect_annotations, coverage_gaps, fixture_dirs, run_fixture_dir

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_ROOTS = [ROOT / "terraform_fixtures", ROOT / "k8s_fixtures", ROOT / "docker_fixtures"]
PLAN_FIXTURES = ROOT / "terraform_fixtures" / "plan"  # one fixture directory per plan case
DIRS = [d for d in fixture_dirs([*FIXTURE_ROOTS, PLAN_FIXTURES]) if d != PLAN_FIXTURES]


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


def test_every_policy_has_failing_and_passing_cases(registry: Registry) -> None:
    annotations = [a for d in DIRS for a in collect_annotations(d, d.as_posix())]
    assert coverage_gaps(annotations, registry) == []
