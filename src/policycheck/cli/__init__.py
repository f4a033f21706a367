"""Command-line interface: parsing and wiring only.

:mod:`policycheck.cli.app` reads the command word and hands the arguments to one module per
command; each command module registers its sub-parser and turns the parsed arguments into the
typed options of the layer that does the work.
"""

from policycheck.cli.app import build_parser, entry, main, normalise_argv

__all__ = ["build_parser", "entry", "main", "normalise_argv"]
