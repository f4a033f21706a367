"""The declared side of a drift run and the options that shape it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from policycheck.model import Resource, ScanError

DECLARED_SOURCES = {"aws": ("tf", "plan"), "cluster": ("k8s",)}
"""The declared sources each live source is compared with."""


@dataclass(slots=True)
class Declared:
    """What the code declares: resources of a state, plan or manifests (their own ``source``:
    ``tf`` for a state, ``plan``, ``k8s``), in the attribute shape the live side has."""

    live_source: str
    """``aws`` or ``cluster``: the live source these resources are compared with."""
    resources: list[Resource] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: int = 0

    def extend(self, other: Declared) -> None:
        self.resources.extend(other.resources)
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)
        self.files += other.files


@dataclass(frozen=True, slots=True)
class DriftOptions:
    only_managed: bool = False
    """Skip PC-DRIFT-002 (live resources nothing declares)."""
    ignore: Sequence[IgnoreRule] = ()
    default_namespace: str = "default"
    """The namespace of a manifest that names none."""


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    """One drift-ignore line: a glob over addresses/ARNs/``Kind/namespace/name``, and why."""

    pattern: str
    reason: str
    negated: bool = False
    line: int = 0
