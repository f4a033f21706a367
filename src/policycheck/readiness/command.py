"""``policycheck checklist``: the CLI parses the arguments, this runs the command."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policycheck.checklist import Checklist, builtin_checklist, load_checklist
from policycheck.engine.registry import Registry
from policycheck.engine.scan import ScanOptions, scan
from policycheck.errors import UsageError
from policycheck.readiness import coverage, render
from policycheck.readiness.attestations import find_attestations, read_attestations
from policycheck.readiness.evidence import Evidence, from_scan, read_results
from policycheck.readiness.report import assess

FORMATS = render.FORMATS
COVERAGE_RENDERERS = {"text": coverage.render_text, "json": coverage.render_json}
EXIT_USAGE = 2


@dataclass(frozen=True, slots=True)
class ChecklistOptions:
    """What ``policycheck checklist`` was asked for."""

    outputs: Sequence[tuple[str, Path | None]]
    paths: Sequence[str] = ()
    coverage: bool = False
    results: Sequence[Path] = ()
    attestations: Path | None = None
    checklist: Path | None = None


def _write(text: str, target: Path | None) -> None:
    if target is None:
        sys.stdout.write(text)
    else:
        target.write_text(text, "utf-8")


def _coverage(checklist: Checklist, registry: Registry,
              outputs: Sequence[tuple[str, Path | None]]) -> int:
    unsupported = [fmt for fmt, _ in outputs if fmt not in COVERAGE_RENDERERS]
    if unsupported:
        raise UsageError(f"--coverage writes {' or '.join(COVERAGE_RENDERERS)}, not "
                         f"{', '.join(unsupported)}")
    mapping = coverage.policies_by_item(registry)
    for fmt, target in outputs:
        _write(COVERAGE_RENDERERS[fmt](checklist, mapping), target)
    for error in registry.errors:
        print(f"error: {error.file}:{error.line}: {error.message}", file=sys.stderr)
    return EXIT_USAGE if registry.errors else 0


def run_checklist(request: ChecklistOptions, registry: Registry, options: ScanOptions) -> int:
    """Scan ``request.paths`` (unless only ``results`` are given), roll the results and the
    attestations up over the checklist, write each ``(format, file or stdout)`` output and
    return 0 for GO, 1 for NO-GO, 2 when something could not be judged or read."""
    checklist = load_checklist(request.checklist) if request.checklist else builtin_checklist()
    if request.coverage:
        return _coverage(checklist, registry, request.outputs)
    attestations_file = request.attestations or find_attestations(list(request.paths))
    attestations = (read_attestations(attestations_file, checklist, options.today)
                    if attestations_file else {})
    evidence = [read_results(path) for path in request.results]
    if request.paths or not evidence:
        paths = list(request.paths or ["."])
        report = scan(dataclasses.replace(options, paths=paths), registry)
        evidence.insert(0, from_scan(report, f"static scan of {', '.join(paths)}"))
    elif registry.errors:
        evidence.insert(0, Evidence("policies", (), frozenset(), tuple(registry.errors)))
    readiness = assess(checklist, evidence, attestations, coverage.policies_by_item(registry),
                       today=options.today, unknown_fails=options.unknown_fails,
                       attestations_file=str(attestations_file) if attestations_file else None)
    for fmt, target in request.outputs:
        _write(render.render(fmt, readiness), target)
    if not any(fmt == "text" and target is None for fmt, target in request.outputs):
        for warning in readiness.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    return readiness.decision.exit_code
