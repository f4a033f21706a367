"""The AWS framework end to end through the CLI: collection, ARNs, the printed IAM policy."""

from __future__ import annotations

import json
from typing import Any

import pytest

from policycheck.cli import main
from tests.live.aws.conftest import ACCOUNT, Moto


def audit(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["audit", "aws", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_a_log_group_is_judged_by_its_arn_with_account_and_region(
        moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    moto.client("logs").create_log_group(logGroupName="app")
    code, report = audit(capsys, "--regions", "us-east-1", "--services", "logs", "--fail-on", "medium")
    findings = [f for f in report["findings"] if f["policy_id"] == "PC-AWS-090"]
    assert [(f["resource"], f["verdict"], f["file"]) for f in findings] == [
        (f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:app", "fail", f"aws://{ACCOUNT}/us-east-1")]
    assert code == 1


def test_print_iam_policy_needs_no_credentials(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    assert main(["audit", "aws", "--print-iam-policy"]) == 0
    document = json.loads(capsys.readouterr().out)
    (statement,) = document["Statement"]
    assert statement["Effect"] == "Allow" and statement["Resource"] == "*"
    assert statement["Action"] == sorted(statement["Action"])
    assert {"logs:DescribeLogGroups", "ec2:DescribeRegions", "sts:GetCallerIdentity"} <= set(statement["Action"])
    # API Gateway has one read action for every read call: apigateway:GET
    assert all(a.split(":")[1].startswith(("Describe", "List", "Get", "GET")) for a in statement["Action"])


def test_unknown_service_is_a_usage_error(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "aws", "--regions", "us-east-1", "--services", "nosuch"]) == 2
    assert "unknown AWS service nosuch" in capsys.readouterr().err
