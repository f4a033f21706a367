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
    """``3 failed, 1 unknown, 40 passed, 2 suppressed, 1 error in 9 files (120 resources)``."""
    s = report.summary
    return (f"{s.failed} failed, {s.unknown} unknown, {s.passed} passed, "
            f"{s.suppressed} suppressed, {count(s.errors, 'error')} in "
            f"{count(s.files, 'file')} ({count(s.resources, 'resource')})")


def outcome(report: ScanReport) -> tuple[str, str]:
    """The run's status (PASSED, FAILED or ERROR, matching ``exit_code``) and its reason."""
    blocking = sum(map(report.gating, report.findings))
    found = f"{count(blocking, 'finding')} at or above {report.fail_on}"
    if report.errors and report.errors_fail:
        errors = count(len(report.errors), "scan error")
        return "ERROR", f"{errors}; {found}" if blocking else errors
    if blocking:
        return "FAILED", found
    return "PASSED", f"no findings at or above {report.fail_on}"
