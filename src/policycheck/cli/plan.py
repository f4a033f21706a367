"""``policycheck plan PLAN.json``: gate a ``terraform show -json`` plan."""

from __future__ import annotations

import argparse
from pathlib import Path

from policycheck.cli.command import SubParsers
from policycheck.cli.options import add_judging_options, add_report_options, report_options, scan_setup
from policycheck.cli.output import emit

NAME = "plan"


def register(sub: SubParsers) -> None:
    parser = sub.add_parser(
        NAME,
        help="gate a Terraform plan: policies on the planned values, plus the plan gates",
        description="Judge `terraform show -json PLANFILE` output: every Terraform policy on "
        "the planned values, PC-PLAN-001 (stateful data destroyed), PC-PLAN-002 (a passing "
        "control made to fail) and PC-DRIFT-003 (drift of attributes policies read). Findings "
        "name the resource address and start with the change ([update] ...).",
        epilog="exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; "
        "2 usage error, or a file that is not a readable plan (unless --no-fail-on-error)",
    )
    parser.add_argument("paths", nargs=1, metavar="PLAN", help="`terraform show -json` output")
    parser.add_argument("--source", type=Path, metavar="DIR",
                        help="the Terraform root the plan was made from: findings point at its .tf "
                        "files and its policycheck:ignore comments apply (default: the plan's "
                        "directory, when it has .tf files)")
    parser.add_argument("--changed-only", action="store_true",
                        help="judge only resources the plan creates, updates or replaces "
                        "(PC-PLAN-001 still judges deletions)")
    add_report_options(parser)
    add_judging_options(parser)


def run(args: argparse.Namespace) -> int:
    from policycheck.engine.plan_scan import scan_plan
    from policycheck.loaders.plan.model import PlanOptions

    report = report_options(args)
    registry, options = scan_setup(args)
    source = args.source
    plan_options = PlanOptions(source=source, source_display=str(source) if source else None,
                               changed_only=args.changed_only, report_source_errors=True)
    return emit(scan_plan(args.paths[0], options, registry, plan_options), report)
