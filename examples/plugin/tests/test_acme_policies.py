"""The plugin's fixtures, run by policycheck's fixture runner against the installed plugin."""

from __future__ import annotations

from pathlib import Path

from policycheck.engine.registry import load_registry
from policycheck.testing.command import run_tests

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_the_entry_point_registers_the_policy() -> None:
    policy = load_registry().get("PC-ACME-100")
    assert policy is not None, "policycheck-acme is not installed (pip install -e .)"
    assert policy.file.endswith("instance_class.py")


def test_fixtures() -> None:
    run = run_tests([FIXTURES])
    assert run.exit_code == 0, run.report()
