"""``policycheck new ID --source tf|k8s|docker``: scaffold a policy with its fixtures."""

from __future__ import annotations

import argparse
from pathlib import Path

from policycheck.cli.command import SubParsers
from policycheck.cli.options import find_config

NAME = "new"


def register(sub: SubParsers) -> None:
    parser = sub.add_parser(NAME, help="scaffold a policy with a failing and a passing fixture",
                            description="Write a starter policy ID and its fixtures into DIR "
                            "(default: the first configured policy directory, else ./policies).")
    parser.add_argument("policy_id", metavar="ID", help="the new policy's ID, e.g. PC-ACME-001")
    parser.add_argument("--source", required=True, choices=("tf", "k8s", "docker"),
                        help="what the policy judges: Terraform, Kubernetes or Dockerfiles")
    parser.add_argument("--dir", type=Path, metavar="DIR", help="policy directory to write into")
    parser.add_argument("--yaml", action="store_true", help="a declarative YAML policy, not Python")
    parser.add_argument("--force", action="store_true", help="overwrite existing files")


def run(args: argparse.Namespace) -> int:
    from policycheck.scaffold import new_policy

    configured = find_config(None, Path(".")).policy_dirs
    for line in new_policy(args.policy_id, args.source, args.dir, configured,
                           declarative=args.yaml, force=args.force):
        print(line)
    return 0
