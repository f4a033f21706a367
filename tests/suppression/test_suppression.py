from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from policycheck.model import Finding, Location, Resource, Severity, Suppression, Verdict
from policycheck.suppression.baseline import (
    BaselineError,
    apply_baseline,
    read_baseline,
    write_baseline,
)
from policycheck.suppression.inline import apply_inline
from policycheck.suppression.syntax import parse_annotation, parse_comment

HERE = Location("main.tf", 4, 4)


def _finding(policy_id: str = "PC-AWS-070", resource: str = "aws_db_instance.a", line: int = 5,
             verdict: Verdict = Verdict.FAIL) -> Finding:
    return Finding(policy_id, "t", Severity.HIGH, verdict, "tf", Location("main.tf", line, line),
                   resource, "m", "r", ())


def test_comment_with_reason_ids_and_expiry() -> None:
    found, problems = parse_comment(
        "# policycheck:ignore=PC-AWS-070,PC-AWS-081 legacy instance until=2027-01-31", HERE)
    assert problems == []
    assert [(s.policy_id, s.reason, s.until) for s in found] == [
        ("PC-AWS-070", "legacy instance", date(2027, 1, 31)),
        ("PC-AWS-081", "legacy instance", date(2027, 1, 31)),
    ]


@pytest.mark.parametrize(("text", "problem"), [
    ("# policycheck:ignore=PC-AWS-070", "has no reason"),
    ("# policycheck:ignore=PC-AWS-070 until=2027-01-01", "has no reason"),
    ("# policycheck:ignore=PC-AWS-070 why until=tomorrow", "bad until= date"),
    ("# policycheck:ignore=AWS70 why", "malformed policy ID"),
])
def test_invalid_comments_suppress_nothing(text: str, problem: str) -> None:
    found, problems = parse_comment(text, HERE)
    assert found == []
    assert problem in problems[0]
    assert problems[0].startswith("main.tf:4:")


def test_annotation_entries() -> None:
    found, problems = parse_annotation(
        "PC-K8S-001=batch job, PC-K8S-003=runs to completion until=2030-01-01, PC-K8S-010", HERE)
    assert [(s.policy_id, s.reason) for s in found] == [
        ("PC-K8S-001", "batch job"), ("PC-K8S-003", "runs to completion")]
    assert len(problems) == 1 and "PC-K8S-010" in problems[0]


def test_apply_inline_marks_warns_unused_and_expired() -> None:
    resource = Resource("aws_db_instance", "aws_db_instance.a", "tf", {}, Location("main.tf", 1, 9),
                        suppressions=(
                            Suppression("PC-AWS-070", "legacy", HERE),
                            Suppression("PC-AWS-081", "old", HERE, date(2020, 1, 1)),
                            Suppression("PC-AWS-082", "nothing here", HERE),
                            Suppression("PC-AWS-099", "not run", HERE),
                            Suppression("PC-AWS-083", "judged on plans only", HERE),
                        ))
    findings = [_finding(), _finding("PC-AWS-081")]
    ran = {"PC-AWS-070": ("tf",), "PC-AWS-081": ("tf",), "PC-AWS-082": ("tf",),
           "PC-AWS-083": ("plan",)}
    marked, warnings = apply_inline(findings, [resource], ran, date(2026, 1, 1))
    assert [(f.policy_id, f.suppressed, f.suppression_reason) for f in marked] == [
        ("PC-AWS-070", True, "legacy"), ("PC-AWS-081", False, "")]
    assert any("PC-AWS-081 expired on 2020-01-01" in w for w in warnings)
    assert any("PC-AWS-082 matches no finding" in w for w in warnings)
    assert not any("PC-AWS-099" in w or "PC-AWS-083" in w for w in warnings)


def test_baseline_round_trip_ignores_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(path, [_finding(line=5), _finding("PC-AWS-081", verdict=Verdict.PASS)])
    keys = read_baseline(path)
    assert keys == {("PC-AWS-070", "aws_db_instance.a", "main.tf")}
    moved = apply_baseline([_finding(line=40), _finding(resource="aws_db_instance.b")], keys)
    assert [f.suppressed for f in moved] == [True, False]


def test_bad_baseline_file(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text("[1, 2]")
    with pytest.raises(BaselineError, match="not a policycheck baseline"):
        read_baseline(path)
