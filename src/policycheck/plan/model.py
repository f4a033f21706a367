"""What a loaded plan holds besides its planned resources: the prior objects, the attribute
changes and drift the plan gates judge."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from policycheck.model import Location, Resource
from policycheck.plan.values import AttributeChange

CHANGED = frozenset({"create", "update", "replace"})
"""The actions ``--changed-only`` keeps."""


@dataclass(frozen=True, slots=True)
class PlanOptions:
    """``source``: the Terraform root to map findings to (default: the plan's directory, when
    it holds ``.tf`` files); ``changed_only``: judge only created, updated and replaced
    resources; ``report_source_errors``: warn about errors in the mapped ``.tf`` files (a scan
    that loads them itself reports them already)."""

    source: Path | None = None
    source_display: str | None = None
    changed_only: bool = False
    report_source_errors: bool = False


@dataclass(frozen=True, slots=True)
class Drift:
    """A ``resource_drift`` entry: the object as Terraform recorded it and as it is live."""

    declared: Resource
    live: Resource
    changes: tuple[AttributeChange, ...]
    location: Location


@dataclass(slots=True)
class LoadedPlan:
    """One plan file: ``planned`` are the objects that exist after apply (the scan judges them),
    ``prior`` those that exist before it (with ``change`` set: update, replace, delete, no-op)."""

    display: str
    planned: list[Resource] = field(default_factory=list)
    prior: list[Resource] = field(default_factory=list)
    changes: dict[str, tuple[AttributeChange, ...]] = field(default_factory=dict)
    """Address -> what an update or replacement changes."""
    labels: dict[str, str] = field(default_factory=dict)
    """Address -> the action label findings carry (``update``, ``replace: engine``)."""
    drift: list[Drift] = field(default_factory=list)
    changed_only: bool = False
