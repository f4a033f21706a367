"""The generated policy pages match the policies' docstrings and metadata."""

from __future__ import annotations

from pathlib import Path

from policycheck.docs import render_all
from policycheck.engine.registry import load_registry

DOCS = Path(__file__).resolve().parent.parent / "docs" / "policies"
HEADINGS = ("## What", "## Why", "## Fail example", "## Fix", "## References")


def test_generated_docs_are_current() -> None:
    registry = load_registry(entry_points=False)
    expected = render_all(registry)
    actual = {p.name: p.read_text("utf-8") for p in DOCS.glob("*.md")}
    stale = sorted(n for n in expected.keys() | actual.keys() if expected.get(n) != actual.get(n))
    assert not stale, f"stale docs {stale}: run `python -m policycheck.docs docs/policies`"


def test_every_policy_doc_has_the_five_sections_and_a_remediation() -> None:
    for policy in load_registry(entry_points=False):
        missing = [h for h in HEADINGS if h not in policy.doc]
        assert not missing, f"{policy.id} doc lacks {missing}"
        assert policy.remediation, f"{policy.id} has no Fix paragraph"
