"""What a command module provides: its name, its sub-parser and its run function."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Protocol, TypeAlias

if TYPE_CHECKING:
    SubParsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    SubParsers = argparse._SubParsersAction


class Command(Protocol):
    """A module of :mod:`policycheck.cli` that implements one command."""

    NAME: str

    def register(self, sub: SubParsers) -> None:
        """Add the command's sub-parser (named ``NAME``) with its options."""

    def run(self, args: argparse.Namespace) -> int:
        """Turn ``args`` into typed options, do the work and return the exit code."""
