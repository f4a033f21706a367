"""How ``policycheck plan`` asks for a plan to be loaded. What a loaded plan holds
(:class:`~policycheck.model.LoadedPlan`) is part of the shared model: the engine's plan gates
read it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
