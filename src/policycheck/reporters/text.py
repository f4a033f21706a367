"""The human report: findings grouped by file, then errors, warnings, summary and outcome.

rich is imported only while rendering, so importing the reporters stays cheap. Message text
is never parsed as rich markup.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from itertools import groupby
from typing import TYPE_CHECKING

from policycheck.engine.report import ScanReport
from policycheck.model import Finding, Severity, Verdict
from policycheck.reporters._common import Options, drift_line, outcome, summary_line, where

if TYPE_CHECKING:
    from rich.console import RenderableType

SEVERITY_STYLE = {Severity.CRITICAL: "bold red", Severity.HIGH: "red", Severity.MEDIUM: "yellow",
                  Severity.LOW: "blue"}
VERDICT_STYLE = {Verdict.UNKNOWN: "magenta", Verdict.PASS: "green"}
OUTCOME_STYLE = {"PASSED": "bold green", "FAILED": "bold red", "ERROR": "bold red"}


def _label(finding: Finding) -> tuple[str, str]:
    """The left-column label and its style: the severity for a FAIL, else the verdict."""
    if finding.verdict is Verdict.FAIL:
        return finding.severity.name, SEVERITY_STYLE[finding.severity]
    return finding.verdict.name, VERDICT_STYLE[finding.verdict]


def _file_block(file: str, findings: list[Finding]) -> RenderableType:
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, min_width=8)
    grid.add_column(overflow="fold")
    shown = [f for f in findings if not f.suppressed]
    for f in sorted(shown, key=lambda f: f.location.line):
        body = Text()
        body.append(where(f.location.file, f.location.line), style="bold")
        body.append(f"  {f.policy_id}  {f.title}")
        if f.verdict is not Verdict.FAIL:
            body.append(f" ({f.severity})")
        body.append(f"\n{f.resource}: {f.message}")
        for step in f.trace:
            body.append(f"\nset: {step}")
        if f.remediation and f.verdict is not Verdict.PASS:
            body.append(f"\nfix: {f.remediation}", style="dim")
        grid.add_row(Text(*_label(f)), body)
    parts: list[RenderableType] = [Text(file, style="bold underline")]
    if shown:
        parts.append(Padding(grid, (0, 0, 0, 2)))
    suppressed = sum(f.suppressed for f in findings)
    if suppressed:
        parts.append(Text(f"  {suppressed} suppressed", style="dim"))
    return Group(*parts)


def _blocks(report: ScanReport, show_passed: bool) -> Iterator[RenderableType]:
    from rich.text import Text

    listed = report.visible(show_passed)
    for file, findings in groupby(listed, key=lambda f: f.location.file):
        yield _file_block(file, list(findings))
        yield Text()
    if report.errors:
        yield Text("Errors", style="bold")
        for e in report.errors:
            yield Text.assemble("  ", ("ERROR", "bold red"), "  ", (where(e.file, e.line), "bold"),
                                f"  {e.message}")
        yield Text()
    if report.not_assessed:
        yield Text("Not assessed (never counted as passing)", style="bold")
        for gap in report.not_assessed:
            yield Text.assemble("  ", ("NOT ASSESSED", "bold red"), f"  {gap.describe()[13:]}")
        yield Text()
    for warning in report.warnings:
        yield Text.assemble(("warning", "yellow"), f": {warning}")
    if report.warnings:
        yield Text()
    status, detail = outcome(report)
    if report.drift is not None:
        yield Text(drift_line(report))
    yield Text(summary_line(report))
    yield Text(f"{status}: {detail}", style=OUTCOME_STYLE[status])


def render(report: ScanReport, options: Options) -> str:
    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, force_terminal=options.color, no_color=not options.color,
                      color_system="standard" if options.color else None, width=options.width,
                      markup=False, emoji=False, highlight=False, legacy_windows=False)
    for block in _blocks(report, options.show_passed):
        console.print(block)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n"
