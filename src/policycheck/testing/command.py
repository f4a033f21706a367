"""``policycheck test``: run the annotated fixtures of policy directories and report.

A policy directory holds policy files and, anywhere below it, fixture directories named after
a policy ID (``fixtures/PC-ACME-001/``). Each fixture directory is run by
:func:`policycheck.testing.run_fixture_dir`, the runner of the project's own fixture test.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from policycheck.engine.registry import FIXTURE_DIR, Registry, load_registry
from policycheck.model import ScanError
from policycheck.testing.fixtures import FixtureOutcome, coverage_gaps, run_fixture_dir

EXIT_OK, EXIT_FAILED, EXIT_BROKEN = 0, 1, 2


def find_fixture_dirs(root: Path) -> list[Path]:
    """``root`` if it is a fixture directory, else every fixture directory below it (not
    looking inside fixture directories, nor inside hidden ones)."""
    if FIXTURE_DIR.match(root.name):
        return [root]
    found: list[Path] = []
    for child in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        found.extend(find_fixture_dirs(child))
    return found


def shown_path(path: Path) -> Path:
    """``path`` relative to the working directory when it is inside it (shorter messages)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


@dataclass(slots=True)
class TestRun:
    outcomes: list[FixtureOutcome] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    broken: list[ScanError] = field(default_factory=list)
    """Policies that could not be loaded; every other policy was still tested."""
    missing: list[Path] = field(default_factory=list)
    """Policy directories without any fixture directory."""

    @property
    def exit_code(self) -> int:
        if self.broken or any(o.errors for o in self.outcomes):
            return EXIT_BROKEN
        if self.gaps or self.missing or not all(o.ok for o in self.outcomes):
            return EXIT_FAILED
        return EXIT_OK

    def report(self) -> str:
        lines = [f"error    {shown_path(Path(e.file))}:{e.line}: {e.message}" for e in self.broken]
        for outcome in self.outcomes:
            cases = sum(a.kind in ("ruleid", "ok", "unknown") for a in outcome.annotations)
            lines.append(f"{'ok' if outcome.ok else 'FAILED':8} {outcome.directory}: {cases} "
                         f"case{'' if cases == 1 else 's'}")
            lines += [f"  {line}" for line in outcome.report().splitlines()]
            lines += [f"  todo     {a.describe()}" for a in outcome.todo]
        lines += [f"no fixtures: {d} has no fixture directory (named after a policy ID)"
                  for d in self.missing]
        lines += [f"coverage: {gap}" for gap in self.gaps]
        failed = sum(not o.ok for o in self.outcomes)
        count = len(self.outcomes)
        lines.append(f"{count} fixture director{'y' if count == 1 else 'ies'}: {count - failed} ok, "
                     f"{failed} failed; {len(self.gaps)} coverage gaps; "
                     f"{len(self.broken)} broken policies")
        return "\n".join(lines) + "\n"


def run_tests(directories: Sequence[Path], extra_policy_dirs: Sequence[Path] = (), *,
              entry_points: bool = True) -> TestRun:
    """Load the built-in policies, ``directories``, ``extra_policy_dirs`` and installed
    plugins, then run every fixture directory found under ``directories``."""
    registry = load_registry([*directories, *extra_policy_dirs], entry_points=entry_points)
    run = TestRun(broken=list(registry.errors))
    for directory in directories:
        found = find_fixture_dirs(directory) if directory.is_dir() else []
        if not found:
            run.missing.append(directory)
        run.outcomes += [run_fixture_dir(shown_path(d), registry) for d in found]
    annotations = [a for o in run.outcomes for a in o.annotations if registry.get(a.policy_id)]
    run.gaps = coverage_gaps(
        annotations, _tested(registry, directories, {a.policy_id for a in annotations}))
    return run


def _tested(registry: Registry, directories: Sequence[Path], annotated: set[str]) -> Registry:
    """The policies whose coverage is checked: those defined in ``directories`` and those the
    fixtures name."""
    roots = [d.resolve() for d in directories]
    return Registry({p.id: p for p in registry if p.id in annotated or any(
        Path(p.file).resolve().is_relative_to(root) for root in roots)})
