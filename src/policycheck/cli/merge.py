"""``policycheck merge REPORT.json...``: join the shards of a run (or any saved reports)."""

from __future__ import annotations

import argparse
from pathlib import Path

from policycheck.cli.command import SubParsers
from policycheck.cli.options import (
    SEVERITIES,
    ReportOptions,
    add_observability_options,
    add_output_options,
    output_targets,
    registry,
)
from policycheck.cli.output import emit

NAME = "merge"


def register(sub: SubParsers) -> None:
    parser = sub.add_parser(
        NAME, help="join the JSON reports of a sharded run (or any reports) into one",
        description="Read `--format json` reports and write one report in any format, with one "
        "exit code. Shards (`audit --shard I/N`) must all be of one run and all be present.",
        epilog="exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 a report "
        "that cannot be read or merged, or errors/NOT ASSESSED entries in the reports (unless "
        "--no-fail-on-error)")
    parser.add_argument("reports", nargs="+", type=Path, metavar="REPORT",
                        help="`--format json` output of scan, plan, audit or drift")
    out = add_output_options(parser, "text, json, sarif, junit, github, markdown")
    out.add_argument("--show-passed", action="store_true", help="list passing checks too (those "
                     "the reports list)")
    out.add_argument("--no-color", action="store_true", help="no colours in text output")
    gate = parser.add_argument_group("gate")
    gate.add_argument("--fail-on", choices=SEVERITIES, default="high",
                      help="lowest severity that fails the run (default: high)")
    gate.add_argument("--unknown", choices=("pass", "fail"), default="pass",
                      help="whether UNKNOWN verdicts fail the run (default: pass)")
    gate.add_argument("--no-fail-on-error", action="store_true",
                      help="do not exit 2 for errors or NOT ASSESSED entries in the reports")
    add_observability_options(parser)


def run(args: argparse.Namespace) -> int:
    from policycheck.model import Severity
    from policycheck.reporters import FORMATS
    from policycheck.reporters.merge import MergeOptions, merge_reports

    report_options = ReportOptions(outputs=output_targets(args, FORMATS), show_passed=args.show_passed,
                                   no_color=args.no_color, fail_on_error=not args.no_fail_on_error,
                                   metrics_file=args.metrics_file, command=NAME)
    options = MergeOptions(fail_on=Severity.parse(args.fail_on), unknown_fails=args.unknown == "fail")
    return emit(merge_reports(args.reports, registry([]), options), report_options)
