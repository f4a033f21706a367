"""Testing policies with annotated fixtures (``# ruleid:`` / ``# ok:``), for plugin authors too.

:mod:`policycheck.testing.plan_document` writes ``terraform show -json`` plans for tests and
benchmarks."""

from policycheck.testing.fixtures import (
    Annotation,
    FixtureOutcome,
    collect_annotations,
    coverage_gaps,
    fixture_dirs,
    run_fixture_dir,
)

__all__ = [
    "Annotation",
    "FixtureOutcome",
    "collect_annotations",
    "coverage_gaps",
    "fixture_dirs",
    "run_fixture_dir",
]
