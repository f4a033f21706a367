"""A Markdown report for pull-request comments: status, summary table, findings by severity."""

from __future__ import annotations

from collections.abc import Iterable

from policycheck.engine.report import ScanReport
from policycheck.model import Severity
from policycheck.reporters._common import Options, outcome, where

SUMMARY_HEADER = ("Failed", "Unknown", "Passed", "Suppressed", "Errors", "Files", "Resources")
FINDINGS_HEADER = ("ID", "Severity", "Verdict", "Resource", "Location", "Message")


def cell(text: str) -> str:
    """Table-cell text: HTML-special characters, backslashes and ``|`` escaped, newlines as
    ``<br>``."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\\", "&#92;").replace("|", "\\|")
    return "<br>".join(text.splitlines())


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: tuple[str, ...], rows: Iterable[Iterable[str]],
           align: str = "---") -> list[str]:
    return [_row(header), _row([align] * len(header)), *(_row(map(cell, r)) for r in rows), ""]


def render(report: ScanReport, options: Options) -> str:
    status, detail = outcome(report)
    s = report.summary
    lines = [f"## policycheck: {status}", "", f"{detail[:1].upper()}{detail[1:]}.", ""]
    lines += _table(SUMMARY_HEADER, [map(str, (s.failed, s.unknown, s.passed, s.suppressed,
                                                s.errors, s.files, s.resources))], "---:")
    shown = [f for f in report.visible(options.show_passed) if not f.suppressed]
    if shown:
        lines += ["### Findings", ""]
    for severity in sorted(Severity, reverse=True):
        group = [f for f in shown if f.severity is severity]
        if group:
            lines += [f"#### {severity.name.capitalize()} ({len(group)})", ""]
            lines += _table(FINDINGS_HEADER, (
                (f.policy_id, str(f.severity), f.verdict.value, f.resource,
                 where(f.location.file, f.location.line),
                 "\n".join([f.message, *(f"set: {step}" for step in f.trace)]))
                for f in group))
    if report.errors:
        lines += ["### Errors", ""]
        lines += _table(("Location", "Message"),
                        ((where(e.file, e.line), e.message) for e in report.errors))
    if report.not_assessed:
        lines += ["### Not assessed", ""]
        lines += _table(("Source", "Account", "Where", "Service", "Call", "Needs", "Reason"),
                        ((g.source, g.account, g.where or "(all)", g.service, g.call, g.permission,
                          g.reason) for g in report.not_assessed))
    if report.drift is not None:
        d = report.drift
        lines += ["### Drift", ""]
        lines += _table(("Managed", "Missing", "Unmanaged", "Drifted", "Live", "Coverage"),
                        [map(str, (d.managed, d.missing, d.unmanaged, d.drifted, d.live,
                                   f"{d.coverage}%"))], "---:")
    if report.warnings:
        lines += ["### Warnings", "", *(f"- {cell(w)}" for w in report.warnings), ""]
    return "\n".join(lines).rstrip("\n") + "\n"

