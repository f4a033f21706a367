"""Everything the drift engine takes from the plan package, imported in this one place.

(The plan loader is ``policycheck.loaders.plan``; the plan gates are ``policycheck.engine.gates``.)
"""

from __future__ import annotations

from policycheck.engine.gates import worst_verdicts
from policycheck.engine.reads import drift_message, read_changes
from policycheck.loaders.base import LoadOptions, SourceFile
from policycheck.loaders.plan.loader import load_plan
from policycheck.loaders.plan.model import PlanOptions
from policycheck.loaders.plan.values import HIDDEN, Sensitive, changes, hide, show
from policycheck.model import AttributeChange, Resource, ScanError

__all__ = ["HIDDEN", "AttributeChange", "Sensitive", "changes", "drift_message", "hide", "plan_resources",
           "read_changes", "show", "worst_verdicts"]


def plan_resources(source: SourceFile) -> tuple[list[Resource], list[ScanError], list[str]]:
    """The managed resources a ``terraform show -json`` plan says exist after apply (its
    ``planned_values``, unknowns and sensitive values marked), with the loader's errors and warnings."""
    loaded = load_plan(source, LoadOptions(), PlanOptions())
    managed = [r for r in loaded.resources if not r.kind.startswith("data.")]
    return managed, list(loaded.errors), list(loaded.warnings)
