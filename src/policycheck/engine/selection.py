"""Choosing policies with ``--select``/``--ignore`` (IDs or prefixes)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from policycheck.engine.policy import Policy
from policycheck.errors import PolicycheckError


class SelectionError(PolicycheckError, ValueError):
    """A select or ignore entry that matches no policy."""


def _matches(policy_id: str, pattern: str) -> bool:
    return policy_id == pattern or policy_id.startswith(pattern)


def select_policies(policies: Iterable[Policy], select: Sequence[str],
                    ignore: Sequence[str]) -> list[Policy]:
    available = list(policies)
    for pattern in (*select, *ignore):
        if not any(_matches(p.id, pattern) for p in available):
            raise SelectionError(f"{pattern!r} matches no policy")
    return [
        p for p in available
        if (not select or any(_matches(p.id, s) for s in select))
        and not any(_matches(p.id, i) for i in ignore)
    ]
