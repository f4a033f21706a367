"""Evidence: judged results from one source, in the one shape the roll-up reads.

The roll-up knows nothing about where findings come from: a static scan, a saved ``--format
json`` result (for example of a live audit) or any future source is turned into an
:class:`Evidence` here, and findings count for the checklist items their ``checklist`` IDs name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from policycheck.engine.report import ScanReport
from policycheck.errors import PolicycheckError
from policycheck.model import Finding, ScanError, Verdict
from policycheck.reporters.json_read import ReportFileError, read_report

T = TypeVar("T")
_KINDS: dict[type, str] = {str: "a string", int: "an integer", bool: "true or false"}


class ResultsError(PolicycheckError):
    """A results file that cannot be read; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """Findings of every verdict, the errors that kept something from being judged, and the
    policies that ran (a policy that ran but produced no finding judged nothing)."""

    source: str
    findings: tuple[Finding, ...]
    policies: frozenset[str]
    errors: tuple[ScanError, ...] = ()
    warnings: tuple[str, ...] = ()
    detail: str = ""
    """A one-line description for the report (files and resources scanned, say)."""
    notes: tuple[tuple[str, str], ...] = ()
    """``(checklist item ID, line)`` pairs shown with an item: a drift run's summary."""


DRIFT_ITEM = "change-management/change-documentation-completed"
"""The item a drift summary is evidence for (the PC-DRIFT policies' item)."""


def drift_notes(drift: object) -> tuple[tuple[str, str], ...]:
    """The drift summary (``DriftSummary.as_dict()``, the JSON ``drift`` key) as an item note."""
    if not isinstance(drift, Mapping) or not all(isinstance(drift.get(k), (int, float)) for k in
                                                  ("managed", "missing", "unmanaged", "drifted", "coverage")):
        return ()
    return ((DRIFT_ITEM, f"drift: {drift['managed']} managed, {drift['missing']} missing, "
                         f"{drift['unmanaged']} unmanaged, {drift['drifted']} drifted; "
                         f"coverage {drift['coverage']}%"),)


def from_scan(report: ScanReport, source: str) -> Evidence:
    s = report.summary
    detail = (f"{s.files} files, {s.resources} resources: {s.failed} failed, {s.unknown} unknown, "
              f"{s.passed} passed, {s.suppressed} suppressed")
    return Evidence(source, tuple(report.findings), frozenset(p.id for p in report.policies),
                    tuple(report.errors), tuple(report.warnings), detail,
                    drift_notes(report.drift.as_dict()) if report.drift else ())


def read_results(path: Path) -> Evidence:
    """Saved results: the ``--format json`` output of ``policycheck scan`` (or of any command
    that writes the same document). A policy counts as run when it has a finding, or when the
    ``policies`` list names it (objects with an ``id``, or bare IDs); without that list (results
    of older versions), an item whose policies found nothing to judge is OPEN rather than NOT
    APPLICABLE. Save results with ``--show-passed``:
    without passes, items only passing checks cover show as OPEN too."""
    try:
        saved = read_report(path)
    except ReportFileError as exc:
        raise ResultsError(str(exc)) from None
    findings = tuple(saved.findings)
    warnings: tuple[str, ...] = ()
    if saved.summary.get("passed") and not any(f.verdict is Verdict.PASS for f in findings):
        warnings = (f"{path} was saved without --show-passed: its passing checks are missing, "
                    "so items that only they cover show as OPEN",)
    errors = tuple(saved.errors)
    notes = drift_notes(saved.drift.as_dict()) if saved.drift else ()
    detail = f"{len(findings)} findings, {len(errors)} errors" + (f"; {notes[0][1]}" if notes else "")
    return Evidence(str(path), findings, frozenset([*saved.policies, *(f.policy_id for f in findings)]),
                    errors, warnings, detail, notes)
