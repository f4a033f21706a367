"""``policycheck``'s entry point: the command table, the command word, one error handler."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from policycheck import __version__
from policycheck.cli import audit, checklist, drift, init, merge, new, plan, rules, scan, test
from policycheck.cli.command import Command
from policycheck.errors import EXIT_USAGE, PolicycheckError, UsageError

COMMANDS: tuple[Command, ...] = (scan, plan, audit, drift, merge, checklist, rules, new, test, init)
"""Every command, in the order ``--help`` lists them."""

DEFAULT_COMMAND = "scan"
TOP_LEVEL_OPTIONS = ("-h", "--help", "--version")


def command_names() -> tuple[str, ...]:
    return tuple(command.NAME for command in COMMANDS)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policycheck",
        description="Policy-as-code for production readiness of infrastructure.",
        epilog="Run `policycheck COMMAND --help` for a command's options. "
        "`policycheck PATH...` is short for `policycheck scan PATH...`.",
    )
    parser.add_argument("--version", action="version", version=f"policycheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return parser


def _looks_like_path(word: str) -> bool:
    return Path(word).exists() or any(c in word for c in "/\\.~*") or word.endswith(":")


def normalise_argv(argv: Sequence[str]) -> list[str]:
    """``policycheck PATH...`` means ``policycheck scan PATH...``; a first word that is neither
    a command nor a path is a mistyped command (a usage error with a hint), never scanned."""
    words = list(argv)
    if not words:
        return [DEFAULT_COMMAND]
    first = words[0]
    if first in TOP_LEVEL_OPTIONS or first in command_names():
        return words
    if first.startswith("-") or _looks_like_path(first):
        return [DEFAULT_COMMAND, *words]
    import difflib

    close = difflib.get_close_matches(first, command_names(), n=1, cutoff=0.6)
    hint = f"did you mean `policycheck {close[0]}`? " if close else ""
    raise UsageError(f"{first!r} is neither a command nor an existing path; {hint}"
                     f"commands: {', '.join(command_names())}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every user-facing error becomes one line on stderr and exit 2."""
    words = list(sys.argv[1:] if argv is None else argv)
    thresholds = gc.get_threshold()
    # Start-up imports most of the modules a command runs, allocating much and freeing little:
    # the default thresholds would walk those objects every 700 allocations.
    gc.set_threshold(100_000, 50, 50)
    try:
        args = build_parser().parse_args(normalise_argv(words))
        if hasattr(args, "log_format"):
            from policycheck.observe.logs import configure

            configure(args.log_format, args.log_level)
        handler = {command.NAME: command.run for command in COMMANDS}[args.command]
        return handler(args)
    except PolicycheckError as exc:
        from policycheck.reporters.printable import printable

        print(f"policycheck: error: {printable(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    finally:
        gc.set_threshold(*thresholds)


def entry() -> NoReturn:
    """The console script and ``python -m policycheck``: :func:`main`, then an immediate exit.

    Every report is written and flushed by then; letting the interpreter free each object a
    large scan made would only cost time (a tenth of a second at 2,000 files)."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to write
            stream.flush()
    if "logging" in sys.modules:
        sys.modules["logging"].shutdown()
    os._exit(code)


__all__ = ["COMMANDS", "EXIT_USAGE", "build_parser", "entry", "main", "normalise_argv"]
