"""``policycheck drift`` options: which declared side, which snapshot, and the plan as declared side."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policycheck.cli import main
from policycheck.drift._plan import plan_resources
from policycheck.loaders.base import SourceFile

ROOT = Path(__file__).resolve().parents[2]
CLUSTER = ROOT / "tests" / "drift" / "cluster" / "examples-live.json"
STATE = ROOT / "tests" / "drift" / "states" / "storage.tfstate"


@pytest.mark.parametrize(("argv", "message"), [
    ([], "give the declared side"),
    (["--state", str(STATE), "--manifests", "examples"], "not both"),
    (["--state", str(STATE), "--plan", str(STATE)], "alternatives"),
    (["--state", str(STATE), "--from-snapshot", str(CLUSTER)], "is a cluster snapshot"),
    (["--manifests", "examples", "--from-snapshot", str(CLUSTER), "--snapshot", "x.json"], "takes no --snapshot"),
])
def test_usage_errors_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drift", *argv]) == 2
    assert message in capsys.readouterr().err


def test_an_unreadable_state_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.tfstate"
    broken.write_text('{"version": 3, "resources": []}')
    snapshot = tmp_path / "aws.json"
    snapshot.write_text(json.dumps({"format": "policycheck-snapshot", "version": 1, "source": "aws",
                                    "tool": "0.1.0", "created": "2026-12-01T00:00:00+00:00",
                                    "accounts": [], "not_assessed": []}))
    assert main(["drift", "--state", str(broken), "--from-snapshot", str(snapshot)]) == 2
    assert "state format version 3 is not supported" in capsys.readouterr().err


def test_a_plan_declares_its_planned_managed_resources() -> None:
    plan = ROOT / "terraform_fixtures" / "plan" / "drift" / "plan.json"
    resources, errors, _ = plan_resources(SourceFile(plan, plan.as_posix()))
    assert not errors
    assert {r.address for r in resources} == {"aws_security_group.db", "aws_db_instance.orders",
                                              "aws_s3_bucket.assets"}
    assert all(not r.kind.startswith("data.") and r.source == "plan" for r in resources)
