"""``policycheck checklist PATH...``: the Go/No-Go readiness report."""

from __future__ import annotations

import argparse
from pathlib import Path

from policycheck.cli.command import SubParsers
from policycheck.cli.options import add_judging_options, add_output_options, output_targets, scan_setup

NAME = "checklist"


def register(sub: SubParsers) -> None:
    parser = sub.add_parser(
        NAME,
        help="Go/No-Go readiness report against the production deployment checklist",
        description="Scan paths (default: the current directory, unless only --results are "
        "given), roll the findings and the attestations up over the checklist item by item, "
        "and decide Go/No-Go.",
        epilog="exit codes: 0 GO; 1 NO-GO; 2 usage error, an invalid checklist, attestations "
        "or results file, or input that could not be judged",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH")
    out = add_output_options(parser, "text (default), markdown, html or json")
    out.add_argument("--coverage", action="store_true", help="only list which items policies "
                     "automate and which remain manual (text or json)")
    evidence = parser.add_argument_group("evidence")
    evidence.add_argument("--results", action="append", type=Path, metavar="FILE",
                          help="saved results to roll up too: `policycheck scan --format json "
                          "--show-passed` output (repeatable)")
    evidence.add_argument("--attestations", type=Path, metavar="FILE",
                          help="answers to manual items (default: policycheck-attestations.yaml "
                          "in the first PATH)")
    evidence.add_argument("--checklist", type=Path, metavar="FILE",
                          help="a checklist replacing the built-in one (or extending it, with "
                          "`extends: built-in`)")
    evidence.add_argument("--unknown", choices=("open", "fail"),
                          help="UNKNOWN verdicts leave their item open until attested (default) "
                          "or fail it")
    evidence.add_argument("--baseline", type=Path, metavar="FILE",
                          help="treat findings recorded in FILE as suppressed")
    parser.set_defaults(fail_on=None)  # read by scan_setup; the checklist decides itself
    add_judging_options(parser)


def run(args: argparse.Namespace) -> int:
    from policycheck.readiness.command import FORMATS, ChecklistOptions, run_checklist

    outputs = output_targets(args, FORMATS)
    options = ChecklistOptions(paths=tuple(args.paths), outputs=outputs, coverage=args.coverage,
                               results=tuple(args.results or ()), attestations=args.attestations,
                               checklist=args.checklist)
    return run_checklist(options, *scan_setup(args))
