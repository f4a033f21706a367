"""Evidence: judged results from one source, in the one shape the roll-up reads.

The roll-up knows nothing about where findings come from: a static scan, a saved ``--format
json`` result (for example of a live audit) or any future source is turned into an
:class:`Evidence` here, and findings count for the checklist items their ``checklist`` IDs name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from policycheck.engine.report import ScanReport
from policycheck.errors import PolicycheckError
from policycheck.model import Finding, Location, ScanError, Severity, Verdict

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


def _field(entry: Mapping[str, Any], key: str, kind: type[T], where: str) -> T:
    value = entry.get(key)
    if type(value) is not kind:  # exact: JSON true is no int here
        raise ResultsError(f"{where}: {key} must be {_KINDS[kind]}")
    return value


def _parsed(entry: Mapping[str, Any], key: str, parse: Callable[[str], T], where: str) -> T:
    try:
        return parse(_field(entry, key, str, where))
    except ValueError as exc:
        raise ResultsError(f"{where}: {key}: {exc}") from None


def _finding(entry: object, where: str) -> Finding:
    if not isinstance(entry, dict):
        raise ResultsError(f"{where}: must be an object")
    checklist = entry.get("checklist")
    if not isinstance(checklist, list) or not all(isinstance(c, str) for c in checklist):
        raise ResultsError(f"{where}: checklist must be a list of item IDs")
    line = _field(entry, "line", int, where)
    end_line = entry.get("end_line")
    return Finding(
        policy_id=_field(entry, "policy_id", str, where),
        title=_field(entry, "title", str, where),
        severity=_parsed(entry, "severity", Severity.parse, where),
        verdict=_parsed(entry, "verdict", Verdict, where),
        source=_field(entry, "source", str, where),
        location=Location(_field(entry, "file", str, where), line,
                          end_line if type(end_line) is int else line),
        resource=_field(entry, "resource", str, where),
        message=_field(entry, "message", str, where),
        remediation=str(entry.get("remediation") or ""),
        checklist=tuple(checklist),
        suppressed=_field(entry, "suppressed", bool, where),
        fingerprint=str(entry.get("fingerprint") or ""),
    )


def _error(entry: object, where: str) -> ScanError:
    if not isinstance(entry, dict):
        raise ResultsError(f"{where}: must be an object")
    return ScanError(_field(entry, "file", str, where), _field(entry, "line", int, where),
                     _field(entry, "message", str, where))


def read_results(path: Path) -> Evidence:
    """Saved results: the ``--format json`` output of ``policycheck scan`` (or of any command
    that writes the same document). A policy counts as run when it has a finding, or when the
    optional ``policies`` list names it; without that list, an item whose policies found
    nothing to judge is OPEN rather than NOT APPLICABLE. Save results with ``--show-passed``:
    without passes, items only passing checks cover show as OPEN too."""
    try:
        document = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ResultsError(f"{path}: cannot read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ResultsError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    if not isinstance(document, dict) or not isinstance(document.get("findings"), list) \
            or not isinstance(document.get("errors", []), list):
        raise ResultsError(f"{path}: not a policycheck JSON result (an object with a "
                           "'findings' list, from `policycheck scan --format json`)")
    findings = tuple(_finding(e, f"{path}: findings[{n}]")
                     for n, e in enumerate(document["findings"]))
    ran = document.get("policies", [])
    if not isinstance(ran, list) or not all(isinstance(p, str) for p in ran):
        raise ResultsError(f"{path}: policies must be a list of the policy IDs that ran")
    errors = tuple(_error(e, f"{path}: errors[{n}]") for n, e in enumerate(document.get("errors", [])))
    summary = document.get("summary")
    warnings: tuple[str, ...] = ()
    if isinstance(summary, dict) and summary.get("passed") and not any(f.verdict is Verdict.PASS for f in findings):
        warnings = (f"{path} was saved without --show-passed: its passing checks are missing, "
                    "so items that only they cover show as OPEN",)
    notes = drift_notes(document.get("drift"))
    detail = f"{len(findings)} findings, {len(errors)} errors" + (f"; {notes[0][1]}" if notes else "")
    return Evidence(str(path), findings, frozenset([*ran, *(f.policy_id for f in findings)]),
                    errors, warnings, detail, notes)
