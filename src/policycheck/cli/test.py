"""``policycheck test [DIR...]``: run the annotated fixtures of policy directories."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from policycheck.cli.command import SubParsers
from policycheck.cli.options import find_config
from policycheck.errors import UsageError

NAME = "test"


def register(sub: SubParsers) -> None:
    parser = sub.add_parser(NAME, help="run the annotated fixtures of policy directories",
                            description="Load the policies of each DIR (default: the configured "
                            "policy directories) and run every fixture directory under it "
                            "(a directory named after a policy ID).",
                            epilog="exit codes: 0 every fixture passes; 1 missed or unexpected "
                            "findings or a policy without a ruleid and an ok case; 2 a policy "
                            "could not be loaded or crashed")
    parser.add_argument("directories", nargs="*", type=Path, metavar="DIR")
    parser.add_argument("--policies", action="append", type=Path, metavar="DIR",
                        help="load extra policies from DIR without running its fixtures (repeatable)")
    parser.add_argument("--config", type=Path, metavar="FILE", help="configuration file")


def run(args: argparse.Namespace) -> int:
    from policycheck.testing.command import run_tests

    config = find_config(args.config, Path("."))
    directories = args.directories or list(config.policy_dirs)
    if not directories:
        raise UsageError("no policy directory: give one (policycheck test DIR) or set "
                         "`policies:` in .policycheck.yaml")
    outcome = run_tests(directories, [*config.policy_dirs, *(args.policies or [])])
    sys.stdout.write(outcome.report())
    return outcome.exit_code
