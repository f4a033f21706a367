"""Testing policies with annotated fixtures (``# ruleid:`` / ``# ok:``), for plugin authors too."""

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
