"""Bounds on what one scanned file may cost: its size, the time its loader may take, and the
number of instances one Terraform resource may expand to. A scanned repository is untrusted:
a file past a bound is an error entry (never judged, never a pass) and the scan goes on."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

MAX_FILE_BYTES = 10 * 1024 * 1024
FILE_TIMEOUT_SECONDS = 60.0
MAX_INSTANCES = 10_000
MAX_MODULE_DEPTH = 32
"""Module calls nested deeper than this are not evaluated (an error entry)."""
ROOT_INSTANCES_FACTOR = 10
"""A root module (with all its module instances) may yield this many times ``max_instances``."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-file bounds (``limits:`` in the config, ``--max-*``/``--file-timeout`` options)."""

    max_instances: int = MAX_INSTANCES
    max_file_bytes: int = MAX_FILE_BYTES
    file_timeout: float = FILE_TIMEOUT_SECONDS

    @property
    def max_root_instances(self) -> int:
        return self.max_instances * ROOT_INSTANCES_FACTOR


CONFIG_KEYS = {"max-instances": "max_instances", "max-file-bytes": "max_file_bytes",
               "file-timeout": "file_timeout"}
"""``limits:`` keys of the config file and the :class:`Limits` field each sets."""


def tightened(limits: Limits, lower: dict[str, Any]) -> Limits:
    """``limits`` with the values of ``lower`` that are smaller (a scanned repository's config
    may tighten a bound, never loosen it)."""
    changes = {name: value for name, value in lower.items() if value < getattr(limits, name)}
    return replace(limits, **changes)


class LoadTimeout(BaseException):
    """Loading one unit took longer than its time limit (a BaseException, like
    KeyboardInterrupt, so that no ``except Exception`` of a loader swallows it)."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`LoadTimeout` in the block once ``seconds`` have passed (a real-time
    interval timer; only in the main thread of a process with ``SIGALRM``, elsewhere no limit)."""
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expire(_signum: int, _frame: Any) -> None:
        raise LoadTimeout(f"took longer than the {seconds:g} s limit")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
