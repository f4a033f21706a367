"""``policycheck audit aws|k8s``: judge what runs in a live AWS account or Kubernetes cluster."""

from __future__ import annotations

import argparse

from policycheck.cli import audit_aws, audit_k8s
from policycheck.cli.command import Command, SubParsers

NAME = "audit"
TARGETS: tuple[Command, ...] = (audit_aws, audit_k8s)


def register(sub: SubParsers) -> None:
    parser = sub.add_parser(NAME, help="judge a live AWS account or Kubernetes cluster",
                            description="Collect what runs live (read-only calls) and judge it "
                            "with the same policies the code is held to.",
                            epilog="exit codes: 0 nothing at or above --fail-on; 1 findings at "
                            "or above it; 2 usage error, or something NOT ASSESSED (access "
                            "denied, region not enabled) unless --no-fail-on-error")
    targets = parser.add_subparsers(dest="target", metavar="TARGET", required=True)
    for target in TARGETS:
        target.register(targets)


def run(args: argparse.Namespace) -> int:
    handler = {target.NAME: target.run for target in TARGETS}[args.target]
    return handler(args)
