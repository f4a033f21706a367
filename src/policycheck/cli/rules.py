"""``policycheck rules [ID]``: the policy table, or one policy's documentation."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from policycheck.cli.command import SubParsers
from policycheck.cli.options import add_trust_option, confined_config, registry
from policycheck.errors import UsageError

NAME = "rules"


def register(sub: SubParsers) -> None:
    parser = sub.add_parser(NAME, help="list the policies, or print one policy's documentation",
                            description="Without an ID: a table of every policy. With an ID: its "
                            "documentation.")
    parser.add_argument("policy_id", nargs="?", metavar="ID")
    parser.add_argument("--policies", action="append", type=Path, metavar="DIR",
                        help="load extra policies from DIR (repeatable)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_trust_option(parser)


def run(args: argparse.Namespace) -> int:
    from policycheck.docs import policy_summary, policy_table

    config, refused = confined_config(None, Path("."))
    policies = registry(args.policies or [], config.policy_dirs, trust=args.trust_repo_policies)
    policies.errors += refused
    for error in policies.errors:
        print(f"error: {error.file}:{error.line}: {error.message}", file=sys.stderr)
    for warning in policies.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.policy_id:
        policy = policies.get(args.policy_id)
        if policy is None:
            raise UsageError(f"no policy {args.policy_id!r}; `policycheck rules` lists them")
        sys.stdout.write(policy_summary(policy, args.format))
        return 0
    sys.stdout.write(policy_table(policies, args.format))
    return 2 if policies.errors else 0
