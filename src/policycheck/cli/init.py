"""``policycheck init [DIR]``: write a commented starter ``.policycheck.yaml``."""

from __future__ import annotations

import argparse
from pathlib import Path

from policycheck.cli.command import SubParsers

NAME = "init"


def register(sub: SubParsers) -> None:
    parser = sub.add_parser(NAME, help="write a starter .policycheck.yaml",
                            description="Write a commented .policycheck.yaml into DIR.")
    parser.add_argument("directory", nargs="?", type=Path, default=Path("."), metavar="DIR")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")


def run(args: argparse.Namespace) -> int:
    from policycheck.engine.config import write_starter_config

    print(f"wrote {write_starter_config(args.directory, force=args.force)}")
    return 0
