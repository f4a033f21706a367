"""``policycheck audit k8s``: judge a live Kubernetes cluster (built on branch `k8s`)."""

from __future__ import annotations

import argparse

from policycheck.cli.command import SubParsers
from policycheck.errors import UsageError

NAME = "k8s"


def register(sub: SubParsers) -> None:
    sub.add_parser(NAME, help="judge a live Kubernetes cluster")


def run(args: argparse.Namespace) -> int:
    raise UsageError("policycheck audit k8s is not available yet")
