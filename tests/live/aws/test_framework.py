"""The AWS framework end to end through the CLI: collection, ARNs, the printed IAM policy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from policycheck.cli import main
from tests.live.aws.conftest import ACCOUNT, Moto
from tests.live.aws.seed import trail


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
    assert all(a.split(":")[1].startswith(("Describe", "List", "Get")) for a in statement["Action"])


def test_unknown_service_is_a_usage_error(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "aws", "--regions", "us-east-1", "--services", "nosuch"]) == 2
    assert "unknown AWS service nosuch" in capsys.readouterr().err


def test_accounts_file_assumes_each_role_and_keys_findings_by_its_account(
        moto: Moto, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    second = "222222222222"
    role = f"arn:aws:iam::{second}:role/audit"
    credentials = moto.client("sts").assume_role(RoleArn=role, RoleSessionName="seed")["Credentials"]
    moto.client("logs", aws_access_key_id=credentials["AccessKeyId"],
                aws_secret_access_key=credentials["SecretAccessKey"],
                aws_session_token=credentials["SessionToken"]).create_log_group(logGroupName="other")
    moto.client("logs").create_log_group(logGroupName="mine")
    accounts = tmp_path / "accounts.txt"
    accounts.write_text(f"# production accounts\n{role}  # shop\n\narn:aws:iam::{ACCOUNT}:role/audit\n"
                        f"arn:aws:iam::{ACCOUNT}:role/other-role-same-account\n")
    code, report = audit(capsys, "--accounts", str(accounts), "--external-id", "policycheck", "--regions",
                         "us-east-1", "--services", "logs", "--fail-on", "medium")
    assert sorted(f["resource"] for f in report["findings"]) == [
        f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:mine",
        f"arn:aws:logs:us-east-1:{second}:log-group:other"]
    assert report["summary"]["files"] == 2  # two (account, region) scopes
    assert code == 1


def test_accounts_file_rejects_a_line_that_is_not_a_role_arn(moto: Moto, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    accounts = tmp_path / "accounts.txt"
    accounts.write_text("arn:aws:iam::123456789012:user/alice\n")
    assert main(["audit", "aws", "--accounts", str(accounts)]) == 2
    assert f"{accounts}:1: not an IAM role ARN" in capsys.readouterr().err


def test_without_regions_every_enabled_region_is_read(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    enabled = {r["RegionName"] for r in moto.client("ec2").describe_regions()["Regions"]}
    code, report = audit(capsys, "--services", "cloudtrail")
    assert report["summary"]["files"] == len(enabled) > 3
    assert [f["resource"] for f in report["findings"]] == [f"arn:aws:cloudtrail::{ACCOUNT}:trail/*"]
    assert code == 1


def test_a_stopped_trail_fails_and_a_logging_one_passes(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    arn = trail(moto, logging=False)
    code, report = audit(capsys, "--regions", "us-east-1", "--services", "cloudtrail,s3")
    stopped = [f for f in report["findings"] if f["policy_id"] == "PC-AWS-092"]
    assert [(f["resource"], f["message"]) for f in stopped] == [
        (arn, "enable_logging = false: the trail records nothing")]
    assert code == 1
    moto.client("cloudtrail").start_logging(Name="org")
    code, report = audit(capsys, "--regions", "us-east-1", "--services", "cloudtrail", "--select", "PC-AWS-092",
                         "--show-passed")
    assert {(f["resource"], f["verdict"]) for f in report["findings"]} == {(arn, "pass")}
    assert code == 0


def test_policies_reading_services_left_out_are_not_judged(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    """Without ec2, PC-AWS-021 cannot see the database's security groups: it is skipped, not
    passed; without cloudtrail, "no trail" is never claimed."""
    moto.client("rds").create_db_instance(
        DBInstanceIdentifier="orders", Engine="postgres", DBInstanceClass="db.t3.micro", MasterUsername="app",
        MasterUserPassword="not-a-real-password-1", AllocatedStorage=20)
    code = main(["audit", "aws", "--regions", "us-east-1", "--services", "rds", "--format", "json", "--show-passed"])
    captured = capsys.readouterr()
    judged = {f["policy_id"] for f in json.loads(captured.out)["findings"]}
    assert "PC-AWS-070" in judged and "PC-AWS-021" not in judged and "PC-AWS-092" not in judged
    assert "not judged: " in captured.err and "PC-AWS-021" in captured.err
    assert code == 1


def test_from_snapshot_takes_no_collection_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "aws", "--from-snapshot", str(tmp_path / "x.json"), "--regions", "us-east-1"]) == 2
    assert "--from-snapshot judges a saved snapshot" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text('{"format": "something-else"}')
    assert main(["audit", "aws", "--from-snapshot", str(tmp_path / "bad.json")]) == 2
    assert "not a policycheck snapshot" in capsys.readouterr().err


def test_the_order_of_resources_does_not_depend_on_the_workers(moto: Moto,
                                                               capfd: pytest.CaptureFixture[str]) -> None:
    from policycheck.live.aws import AwsOptions, collect

    for region in ("us-east-1", "eu-west-1", "ap-southeast-2"):
        for n in range(3):
            moto.client("logs", region).create_log_group(logGroupName=f"g{n}")
    regions = ("us-east-1", "eu-west-1", "ap-southeast-2")
    serial = collect(AwsOptions(regions=regions, services=("logs", "kms"), max_workers=1, progress=True))
    lines = capfd.readouterr().err.splitlines()
    parallel = collect(AwsOptions(regions=regions, services=("logs", "kms"), max_workers=8))
    assert [r.address for r in serial.resources] == [r.address for r in parallel.resources]
    assert [r.address for r in serial.resources if r.kind == "aws_cloudwatch_log_group"][:3] == [
        f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:g{n}" for n in range(3)]
    assert f"aws {ACCOUNT} eu-west-1 logs: read" in lines and len(lines) == 6
    assert capfd.readouterr().err == ""  # no progress unless asked for


def test_a_region_name_is_checked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "aws", "--regions", "us-east-1,Frankfurt"]) == 2
    assert "not an AWS region name: 'Frankfurt'" in capsys.readouterr().err


def test_without_credentials_the_run_stops_with_exit_2(moto: Moto, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    assert main(["audit", "aws", "--regions", "us-east-1"]) == 2
    assert "cannot identify the AWS caller (sts:GetCallerIdentity): NoCredentialsError" in capsys.readouterr().err
    assert main(["audit", "aws", "--profile", "nosuch", "--regions", "us-east-1"]) == 2
    assert "AWS profile 'nosuch' is not in the AWS config files" in capsys.readouterr().err
