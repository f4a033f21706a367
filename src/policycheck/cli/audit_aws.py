"""``policycheck audit aws``: judge live AWS accounts (built on branch `aws`)."""

from __future__ import annotations

import argparse

from policycheck.cli.command import SubParsers
from policycheck.errors import UsageError

NAME = "aws"


def register(sub: SubParsers) -> None:
    sub.add_parser(NAME, help="judge live AWS accounts")


def run(args: argparse.Namespace) -> int:
    raise UsageError("policycheck audit aws is not available yet")
