"""What several reporters share: render options, result levels, the summary and the outcome."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from policycheck.engine.report import ScanReport
from policycheck.model import Finding, Verdict

Level = Literal["error", "warning", "note"]


@dataclass(frozen=True, slots=True)
class Options:
    show_passed: bool = False
    color: bool = False
    width: int = 100


def level(report: ScanReport, finding: Finding) -> Level:
    """How loud a FAIL or UNKNOWN finding is: error if it gates the run, else warning (fail)
    or note (unknown)."""
    if report.gating(finding):
        return "error"
    return "note" if finding.verdict is Verdict.UNKNOWN else "warning"


def where(file: str, line: int) -> str:
    """``file:line``, or just the file when the line is not known."""
    return f"{file}:{line}" if line >= 1 else file


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def summary_line(report: ScanReport) -> str:
    """``3 failed, 1 unknown, 40 passed, 2 suppressed, 1 error in 9 files (120 resources)``;
    a live run counts scopes (account/region, cluster/namespace) and NOT ASSESSED entries."""
    s = report.summary
    errors = count(s.errors, "error")
    if report.live:
        errors += f", {len(report.not_assessed)} not assessed"
    place = count(s.files, "scope" if report.live else "file")
    return (f"{s.failed} failed, {s.unknown} unknown, {s.passed} passed, "
            f"{s.suppressed} suppressed, {errors} in {place} ({count(s.resources, 'resource')})")


def drift_line(report: ScanReport) -> str:
    """``drift: 40 managed, 1 missing, 2 unmanaged, 3 drifted; coverage 95.2% of 42 live``."""
    d = report.drift
    if d is None:
        return ""
    ignored = f", {d.ignored} ignored" if d.ignored else ""
    return (f"drift: {d.managed} managed, {d.missing} missing, {d.unmanaged} unmanaged, "
            f"{d.drifted} drifted{ignored}; coverage {d.coverage}% of {count(d.live, 'live resource')}")


def outcome(report: ScanReport) -> tuple[str, str]:
    """The run's status (PASSED, FAILED or ERROR, matching ``exit_code``) and its reason."""
    blocking = sum(map(report.gating, report.findings))
    found = f"{count(blocking, 'finding')} at or above {report.fail_on}"
    if (report.errors or report.not_assessed) and report.errors_fail:
        parts = [count(len(report.errors), "scan error")] if report.errors else []
        if report.not_assessed:
            parts.append(f"{len(report.not_assessed)} not assessed")
        errors = ", ".join(parts)
        return "ERROR", f"{errors}; {found}" if blocking else errors
    # with --no-fail-on-error a partial run may pass the gate, but it never reads as clean
    partial = (f"; {len(report.not_assessed)} not assessed, so not everything was judged"
               if report.not_assessed else "")
    if blocking:
        return "FAILED", found + partial
    return "PASSED", f"no findings at or above {report.fail_on}{partial}"
