"""``policycheck drift``: compare declared infrastructure with what runs (built on branch `drift`)."""

from __future__ import annotations

import argparse

from policycheck.cli.command import SubParsers
from policycheck.errors import UsageError

NAME = "drift"


def register(sub: SubParsers) -> None:
    sub.add_parser(NAME, help="compare Terraform state or manifests with what runs live")


def run(args: argparse.Namespace) -> int:
    raise UsageError("policycheck drift is not available yet")
