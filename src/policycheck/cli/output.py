"""Writing reports: each format to its file or standard output, warnings, the spinner."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from policycheck.cli.options import Outputs, ReportOptions

if TYPE_CHECKING:
    from policycheck.engine.report import ScanReport

LOG = logging.getLogger("policycheck.run")


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
        from policycheck.suppression.baseline import write_baseline

        write_baseline(options.write_baseline, report.findings)
        print(f"baseline of {report.summary.failed + report.summary.unknown} findings written "
              f"to {options.write_baseline}", file=sys.stderr)
        return 0
    _log(report, options)
    for fmt, target in options.outputs:
        color = target is None and fmt == "text" and sys.stdout.isatty() and not (
            options.no_color or os.environ.get("NO_COLOR"))
        write(render(fmt, report, show_passed=options.show_passed, color=color), target)
    print_warnings(report.warnings, options.outputs)
    if options.metrics_file is not None:
        from policycheck.observe.metrics import write_metrics

        write_metrics(options.metrics_file, report, command=options.command,
                      seconds=time.monotonic() - options.started)
    return report.exit_code


def _log(report: ScanReport, options: ReportOptions) -> None:
    """One event per error and NOT ASSESSED entry, and one for the run (at info level)."""
    for error in report.errors:
        LOG.error(error.message, extra={"event": "source.error", "file": error.file})
    for gap in report.not_assessed:
        LOG.error(gap.describe(), extra={"event": "source.not_assessed", "account": gap.account,
                                          "region" if gap.source == "aws" else "namespace": gap.where,
                                          "service": gap.service, "call": gap.call})
    s = report.summary
    LOG.info(f"{options.command or 'run'} finished: {s.failed} failed, {s.unknown} unknown, "
             f"{s.passed} passed, {s.errors} errors, exit {report.exit_code}",
             extra={"event": "run.done", "count": s.resources,
                    "seconds": round(time.monotonic() - options.started, 3)})


@contextlib.contextmanager
def working(what: str) -> Iterator[None]:
    """A spinner on the terminal while a long step runs (nothing when stderr is not a TTY)."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(what):
        yield
