"""The acceptance scenario of issue 12, through the CLI against moto's HTTP server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from policycheck.cli import main
from tests.live.aws.conftest import ACCOUNT, REGION, Moto
from tests.live.aws.seed import make_compliant, non_compliant

Audit = tuple[int, dict[str, Any]]


def audit(capsys: pytest.CaptureFixture[str], *args: str) -> Audit:
    code = main(["audit", "aws", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def failing(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f["policy_id"], f["resource"]) for f in report["findings"] if f["verdict"] == "fail"}


def verdicts(report: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return sorted((f["policy_id"], f["resource"], f["verdict"], f["file"]) for f in report["findings"])


@pytest.mark.slow
def test_each_problem_is_reported_by_arn_then_fixed_then_judged_offline_from_the_snapshot(
        moto: Moto, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    arns = non_compliant(moto)
    snapshot = tmp_path / "account.json"
    code, report = audit(capsys, "--regions", REGION, "--snapshot", str(snapshot))
    assert code == 1
    assert {
        ("PC-AWS-020", arns["database"]),   # publicly accessible
        ("PC-AWS-070", arns["database"]),   # storage not encrypted
        ("PC-AWS-021", arns["database"]),   # reachable through the SSH-open group
        ("PC-AWS-001", arns["group"]),      # SSH open to the internet
        ("PC-AWS-071", arns["bucket"]),     # no encryption configuration
        ("PC-AWS-090", arns["log_group"]),  # retention unset
        ("PC-AWS-063", arns["key"]),        # no rotation
        ("PC-AWS-092", f"arn:aws:cloudtrail::{ACCOUNT}:trail/*"),  # no trail at all
    } <= failing(report)
    ssh = next(f for f in report["findings"] if f["policy_id"] == "PC-AWS-001")
    assert ssh["file"] == f"aws://{ACCOUNT}/{REGION}" and ssh["severity"] == "critical"
    assert report["not_assessed"] == [] and report["errors"] == []

    # the snapshot, judged offline with no AWS variable at all, gives the same verdicts
    for name in [n for n in os.environ if n.startswith("AWS_")]:
        monkeypatch.delenv(name)
    offline_code, offline = audit(capsys, "--from-snapshot", str(snapshot))
    assert (offline_code, verdicts(offline)) == (code, verdicts(report))
    assert "not-a-real-password" not in snapshot.read_text()

    monkeypatch.setenv("AWS_ENDPOINT_URL", moto.url)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    make_compliant(moto, arns)
    code, report = audit(capsys, "--regions", REGION)
    high = [f for f in report["findings"] if f["verdict"] == "fail" and f["severity"] in ("high", "critical")]
    assert high == []
    assert code == 0
    passed_code, passed_report = audit(capsys, "--regions", REGION, "--show-passed")
    passing = {(f["policy_id"], f["resource"]) for f in passed_report["findings"] if f["verdict"] == "pass"}
    assert {("PC-AWS-020", arns["database"]), ("PC-AWS-001", arns["group"]), ("PC-AWS-071", arns["bucket"]),
            ("PC-AWS-090", arns["log_group"]), ("PC-AWS-063", arns["key"])} <= passing
    assert passed_code == 0


def test_a_snapshot_is_judged_without_importing_boto3(moto: Moto, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    moto.client("logs").create_log_group(logGroupName="app")
    snapshot = tmp_path / "s.json"
    assert main(["audit", "aws", "--regions", REGION, "--services", "logs", "--snapshot", str(snapshot),
                 "--format", "json", "--fail-on", "medium"]) == 1
    capsys.readouterr()
    script = ("import sys; from policycheck.cli import main; code = main(['audit', 'aws', '--from-snapshot', "
              f"{str(snapshot)!r}, '--format', 'json', '--fail-on', 'medium']); "
              "print('BOTO', 'boto3' in sys.modules or 'botocore' in sys.modules, file=sys.stderr); sys.exit(code)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "BOTO False" in done.stderr
    findings = json.loads(done.stdout)["findings"]
    assert [(f["policy_id"], f["resource"]) for f in findings] == [
        ("PC-AWS-090", f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:app")]
