"""Honest coverage: a call AWS refuses leaves its service NOT ASSESSED, never passing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from policycheck.cli import main
from tests.live.aws.conftest import ACCOUNT, REGION, Moto

DENY_RDS_INSTANCES = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"},
    {"Effect": "Deny", "Action": "rds:DescribeDBInstances", "Resource": "*"}]}


def auditor_keys(moto: Moto, document: dict[str, Any]) -> dict[str, str]:
    """An IAM user limited by ``document``, and its access key."""
    iam = moto.client("iam")
    iam.create_user(UserName="auditor")
    iam.put_user_policy(UserName="auditor", PolicyName="audit", PolicyDocument=json.dumps(document))
    key = iam.create_access_key(UserName="auditor")["AccessKey"]
    return {"AWS_ACCESS_KEY_ID": key["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"]}


def test_denied_describe_db_instances_is_not_assessed_and_exits_2(
        moto: Moto, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Real AccessDenied from moto's IAM enforcement (``POST /moto-api/reset-auth 0``): the
    auditor's inline policy denies rds:DescribeDBInstances; no botocore stub is involved."""
    moto.client("rds").create_db_instance(
        DBInstanceIdentifier="orders", Engine="postgres", DBInstanceClass="db.t3.micro", MasterUsername="app",
        MasterUserPassword="not-a-real-password-1", AllocatedStorage=20, PubliclyAccessible=True)
    moto.client("logs").create_log_group(logGroupName="app")
    for name, value in auditor_keys(moto, DENY_RDS_INSTANCES).items():
        monkeypatch.setenv(name, value)
    moto.enforce_iam()
    code = main(["audit", "aws", "--regions", REGION, "--services", "rds,logs", "--format", "json",
                 "--show-passed", "--fail-on", "medium"])
    report = json.loads(capsys.readouterr().out)
    (gap,) = report["not_assessed"]
    assert (gap["account"], gap["where"], gap["service"], gap["call"], gap["permission"]) == (
        ACCOUNT, REGION, "rds", "DescribeDBInstances", "rds:DescribeDBInstances")
    assert gap["reason"].startswith("AccessDenied")
    assert "aws_db_instance" in gap["kinds"]
    assert not [f for f in report["findings"] if ":rds:" in f["resource"]]
    # the other service is still judged
    assert [(f["policy_id"], f["verdict"]) for f in report["findings"]] == [("PC-AWS-090", "fail")]
    assert code == 2
    assert main(["audit", "aws", "--regions", REGION, "--services", "rds", "--no-fail-on-error"]) == 0
    assert "NOT ASSESSED  aws rds in 123456789012 us-east-1: DescribeDBInstances" in capsys.readouterr().out


def test_a_role_that_cannot_be_assumed_leaves_its_account_not_assessed(
        moto: Moto, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """moto's IAM enforcement refuses sts:AssumeRole to the auditor; the other account is read."""
    document = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::222222222222:role/audit"}]}
    for name, value in auditor_keys(moto, document).items():
        monkeypatch.setenv(name, value)
    moto.enforce_iam()
    code = main(["audit", "aws", "--role-arn", "arn:aws:iam::222222222222:role/audit", "--regions", REGION,
                 "--services", "logs", "--format", "json"])
    (gap,) = json.loads(capsys.readouterr().out)["not_assessed"]
    assert (gap["account"], gap["where"], gap["service"], gap["call"], gap["permission"]) == (
        "222222222222", "", "sts", "AssumeRole", "sts:AssumeRole")
    assert "aws_cloudwatch_log_group" in gap["kinds"]
    assert code == 2


def test_regions_that_cannot_be_listed_leave_the_account_not_assessed(
        moto: Moto, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    document = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": "ec2:DescribeRegions", "Resource": "*"}]}
    for name, value in auditor_keys(moto, document).items():
        monkeypatch.setenv(name, value)
    moto.enforce_iam()
    code = main(["audit", "aws", "--services", "logs", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert [(g["service"], g["call"], g["permission"]) for g in report["not_assessed"]] == [
        ("ec2", "DescribeRegions", "ec2:DescribeRegions")]
    assert report["findings"] == [] and code == 2
