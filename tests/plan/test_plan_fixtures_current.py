"""The plan fixtures are what tests/plan/plan_fixtures.py writes."""

from __future__ import annotations

import importlib.util
from pathlib import Path


def test_plan_fixtures_are_current() -> None:
    spec = importlib.util.spec_from_file_location(
        "plan_fixtures", Path(__file__).with_name("plan_fixtures.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    stale = [str(p) for p, text in module.rendered().items()
             if not p.is_file() or p.read_text("utf-8") != text]
    assert stale == [], "run `python tests/plan/plan_fixtures.py`"
