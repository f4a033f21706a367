"""Writing reports: each format to its file or standard output, warnings, the spinner."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from policycheck.cli.options import Outputs, ReportOptions

if TYPE_CHECKING:
    from policycheck.engine.report import ScanReport


def write(text: str, target: Path | None) -> None:
    if target is None:
        sys.stdout.write(text)
    else:
        target.write_text(text, "utf-8")


def warnings_to_stderr(outputs: Outputs) -> bool:
    """Warnings go to stderr unless the text report on stdout already lists them."""
    return not any(fmt == "text" and target is None for fmt, target in outputs)


def print_warnings(warnings: list[str], outputs: Outputs) -> None:
    from policycheck.reporters.printable import printable

    if warnings_to_stderr(outputs):
        for warning in warnings:
            print(f"warning: {printable(warning)}", file=sys.stderr)


def emit(report: ScanReport, options: ReportOptions) -> int:
    """Write the report in each format (or the baseline) and return the exit code."""
    from policycheck.reporters import render

    report.errors_fail = options.fail_on_error
    if options.write_baseline:
        from policycheck.engine.suppress import write_baseline

        write_baseline(options.write_baseline, report.findings)
        print(f"baseline of {report.summary.failed + report.summary.unknown} findings written "
              f"to {options.write_baseline}", file=sys.stderr)
        return 0
    for fmt, target in options.outputs:
        color = target is None and fmt == "text" and sys.stdout.isatty() and not (
            options.no_color or os.environ.get("NO_COLOR"))
        write(render(fmt, report, show_passed=options.show_passed, color=color), target)
    print_warnings(report.warnings, options.outputs)
    return report.exit_code


@contextlib.contextmanager
def working(what: str) -> Iterator[None]:
    """A spinner on the terminal while a long step runs (nothing when stderr is not a TTY)."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(what):
        yield
