"""The runner of ``policycheck plan``: one plan file, loaded strictly and judged like a scan.

It lives in the engine (not in ``cli/plan.py``) because it composes engine steps (selection,
judging, the plan gates) with the plan loader, exactly as :func:`policycheck.engine.scan.scan`
does for a directory; the CLI module only parses options and prints.
"""

from __future__ import annotations

from pathlib import Path

from policycheck.engine.registry import Registry
from policycheck.engine.report import ScanReport
from policycheck.engine.scan import ScanOptions, judge_loaded
from policycheck.engine.selection import select_policies
from policycheck.loaders.base import SourceFile
from policycheck.loaders.plan.loader import load_plan
from policycheck.loaders.plan.model import PlanOptions


def scan_plan(plan: str, options: ScanOptions, registry: Registry, plan_options: PlanOptions
              ) -> ScanReport:
    """Judge the plan JSON at ``plan`` (as the user wrote the path) with ``options``."""
    policies = select_policies(registry, options.select, options.ignore)
    loaded = load_plan(SourceFile(Path(plan), plan), options.load, plan_options)
    return judge_loaded(loaded, options, registry, policies)
