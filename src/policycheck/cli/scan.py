"""``policycheck scan PATH...``: judge files and directories."""

from __future__ import annotations

import argparse

from policycheck.cli.command import SubParsers
from policycheck.cli.options import add_judging_options, add_report_options, report_options, scan_setup
from policycheck.cli.output import emit, working

NAME = "scan"


def register(sub: SubParsers) -> None:
    parser = sub.add_parser(
        NAME,
        help="judge Terraform, Kubernetes manifests, Dockerfiles and requirement files",
        description="Scan paths (default: the current directory) and judge every resource "
        "against the policies. `policycheck PATH...` is short for `policycheck scan PATH...`.",
        epilog="exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; "
        "2 usage error or a file that could not be judged (unless --no-fail-on-error)",
    )
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    add_report_options(parser)
    add_judging_options(parser)


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from policycheck.engine.scan import scan

    report = report_options(args)
    registry, options = scan_setup(args)
    options = replace(options, list_passes=report.show_passed)  # otherwise passes are counted
    with working(f"judging {', '.join(options.paths)} with {len(registry)} policies"):
        result = scan(options, registry)
    return emit(result, report)
