"""Everything the drift engine takes from the plan package, imported in this one place.

(The plan package is moving from ``policycheck.plan`` to ``policycheck.loaders.plan``: only the
imports below change.)
"""

from __future__ import annotations

from policycheck.loaders.base import LoadOptions, SourceFile
from policycheck.loaders.plan import load_plan
from policycheck.model import Resource, ScanError
from policycheck.plan.gate import worst_verdicts
from policycheck.plan.model import PlanOptions
from policycheck.plan.reads import drift_message, read_changes
from policycheck.plan.values import HIDDEN, AttributeChange, Sensitive, changes, hide, show

__all__ = ["HIDDEN", "AttributeChange", "Sensitive", "changes", "drift_message", "hide", "plan_resources",
           "read_changes", "show", "worst_verdicts"]


def plan_resources(source: SourceFile) -> tuple[list[Resource], list[ScanError], list[str]]:
    """The managed resources a ``terraform show -json`` plan says exist after apply (its
    ``planned_values``, unknowns and sensitive values marked), with the loader's errors and warnings."""
    loaded = load_plan(source, LoadOptions(), PlanOptions())
    managed = [r for r in loaded.resources if not r.kind.startswith("data.")]
    return managed, list(loaded.errors), list(loaded.warnings)
