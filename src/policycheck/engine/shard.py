"""Splitting a live run into shards that run in parallel and merge back into one report.

A shard owns a key (``account/region``, ``cluster/namespace``) by a stable hash of the key, so the
split does not depend on the order accounts, regions or namespaces were given in, and every key is
owned by exactly one shard. Shards of one run share a run ID (by default a hash of the run's
inputs), which ``policycheck merge`` checks.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from policycheck.errors import UsageError

_SHARD = re.compile(r"^(\d+|job)/(\d+)$")
JOB_INDEX = "JOB_COMPLETION_INDEX"
"""Set by Kubernetes in each pod of an Indexed Job (0-based); ``--shard job/N`` reads it."""


@dataclass(frozen=True, slots=True)
class Shard:
    """Shard ``index`` (1-based) of ``count``."""

    index: int
    count: int
    run_id: str = ""

    @classmethod
    def parse(cls, text: str, run_id: str = "", env: Mapping[str, str] | None = None) -> Shard:
        """``I/N``, or ``job/N`` in a pod of a Kubernetes Indexed Job (shard
        ``JOB_COMPLETION_INDEX + 1``)."""
        match = _SHARD.match(text.strip())
        if match is None:
            raise UsageError(f"--shard must be I/N with 1 <= I <= N (e.g. 2/4) or job/N, not {text!r}")
        count = int(match[2])
        if match[1] == "job":
            value = (os.environ if env is None else env).get(JOB_INDEX, "")
            if not value.isdigit():
                raise UsageError(f"--shard {text}: {JOB_INDEX} is not set to a number (run as a "
                                 "pod of an Indexed Job, or give the index)")
            index = int(value) + 1
        else:
            index = int(match[1])
        if not 1 <= index <= count:
            raise UsageError(f"--shard {text}: the index must be between 1 and {count}")
        return cls(index, count, run_id)

    def owns(self, key: str) -> bool:
        return owner(key, self.count) == self.index

    def select(self, keys: Iterable[str]) -> list[str]:
        """The keys this shard owns, in their given order."""
        return [key for key in keys if self.owns(key)]

    def as_dict(self) -> dict[str, object]:
        return {"run": self.run_id, "index": self.index, "count": self.count}


def owner(key: str, count: int) -> int:
    """The 1-based shard that owns ``key`` among ``count``."""
    digest = hashlib.sha256(key.encode()).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def run_id(*inputs: Iterable[str] | str) -> str:
    """A run ID that every shard of one run computes alike: a hash of its inputs, order-free."""
    parts = sorted(p if isinstance(p, str) else ",".join(sorted(p)) for p in inputs)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
