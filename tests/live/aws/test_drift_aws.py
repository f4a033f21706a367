"""``policycheck drift --state`` against a moto account: two states (a local one, and one in S3
with nested modules and ``for_each``), defaults that must not count, an ignore file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from policycheck.cli import main

from .conftest import Moto

STATES = Path(__file__).resolve().parents[2] / "drift" / "states"


def seed(moto: Moto) -> dict[str, str]:
    ec2, s3 = moto.client("ec2"), moto.client("s3")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    group = ec2.create_security_group(GroupName="acme-db", Description="database access", VpcId=vpc,
                                      TagSpecifications=[{"ResourceType": "security-group",
                                                          "Tags": [{"Key": "Name", "Value": "acme-db"}]}])["GroupId"]
    # widened by hand in the console: the state says 10.0.0.0/16
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    for name in ("acme-tfstate", "acme-assets", "acme-logs", "acme-scratch"):
        s3.create_bucket(Bucket=name)
    for name in ("acme-assets", "acme-logs"):
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True})
    s3.put_object(Bucket="acme-tfstate", Key="storage/terraform.tfstate",
                  Body=(STATES / "storage.tfstate").read_bytes())
    return {"VPC_ID": vpc, "SG_DB_ID": group}


def local_state(tmp_path: Path, ids: dict[str, str]) -> Path:
    text = (STATES / "network.tfstate").read_text("utf-8")
    for name, value in ids.items():
        text = text.replace("${" + name + "}", value)
    path = tmp_path / "network.tfstate"
    path.write_text(text, "utf-8")
    return path


def run(tmp_path: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    out = tmp_path / "drift.json"
    code = main(["drift", *extra, "--regions", "us-east-1", "--services", "ec2,s3,logs",
                 "--format", "json", "--output", str(out)])
    return code, json.loads(out.read_text("utf-8"))


@pytest.mark.slow
def test_drift_reports_missing_unmanaged_and_drifted_and_nothing_on_defaults(
        moto: Moto, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = seed(moto)
    ignore = tmp_path / "driftignore"
    ignore.write_text("arn:aws:s3:::acme-tfstate  # the state bucket, made by the bootstrap script\n")
    code, report = run(tmp_path, "--state", str(local_state(tmp_path, ids)),
                       "--state", "s3://acme-tfstate/storage/terraform.tfstate", "--driftignore", str(ignore))
    found = {(f["policy_id"], f["resource"]) for f in report["findings"]}
    group_arn = f"arn:aws:ec2:us-east-1:123456789012:security-group/{ids['SG_DB_ID']}"
    assert ("PC-DRIFT-001", "aws_cloudwatch_log_group.app") in found
    assert [r for p, r in found if p == "PC-DRIFT-002"] == ["arn:aws:s3:::acme-scratch"]
    drifted = [f for f in report["findings"] if f["policy_id"] == "PC-DRIFT-003"]
    assert [f["resource"] for f in drifted] == [group_arn]
    assert "ingress" in drifted[0]["message"] and "0.0.0.0/0" in drifted[0]["message"]
    assert "10.0.0.0/16" in drifted[0]["message"]
    # the default VPC, its subnets and default security groups are not unmanaged; the buckets of
    # the module's for_each and their public access blocks are managed; the eu-west-1 database
    # was not read, so it is not missing
    assert not any("vpc/" in r or "subnet/" in r or "aws_db_instance" in r for _, r in found)
    assert report["drift"]["missing"] == 1 and report["drift"]["unmanaged"] == 1
    assert report["drift"]["ignored"] == 1 and report["drift"]["drifted"] >= 1
    assert report["drift"]["managed"] >= 5
    assert code == 1
    err = capsys.readouterr().err
    assert "not compared" in err  # the eu-west-1 database, with its reason
    assert "not judged: " in err and "PC-AWS-092" in err  # CloudTrail was not read


@pytest.mark.slow
def test_only_managed_and_a_snapshot_give_the_same_declared_verdicts(moto: Moto, tmp_path: Path) -> None:
    ids = seed(moto)
    state = local_state(tmp_path, ids)
    snapshot = tmp_path / "account.json"
    assert main(["audit", "aws", "--regions", "us-east-1", "--services", "ec2,s3,logs", "--snapshot",
                 str(snapshot), "--format", "json", "--output", str(tmp_path / "audit.json")]) in (0, 1)
    code, report = run(tmp_path, "--state", str(state), "--from-snapshot", str(snapshot), "--only-managed")
    policies = sorted(f["policy_id"] for f in report["findings"])
    assert "PC-DRIFT-002" not in policies
    assert {"PC-DRIFT-001", "PC-DRIFT-003"} <= set(policies)
    assert code == 1


@pytest.mark.slow
def test_a_plan_as_the_declared_side(moto: Moto, tmp_path: Path) -> None:
    from policycheck.testing.plan_document import Instance, plan_document

    seed(moto)
    bucket = {"bucket": "acme-assets", "id": "acme-assets", "arn": "arn:aws:s3:::acme-assets",
              "force_destroy": False, "tags": {}}
    gone = {**bucket, "bucket": "acme-gone", "id": "acme-gone", "arn": "arn:aws:s3:::acme-gone"}
    planned = [Instance("aws_s3_bucket", "assets", ["no-op"], before=bucket, after=bucket),
               Instance("aws_s3_bucket", "gone", ["update"], before=gone, after={**gone, "tags": {"a": "b"}}),
               Instance("aws_s3_bucket", "archive", ["create"],
                        after={"bucket": "acme-archive", "force_destroy": False})]
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(plan_document(planned)), "utf-8")
    code, report = run(tmp_path, "--plan", str(plan), "--only-managed")
    # a bucket the plan is about to create is not missing; one it only updates is
    found = {(f["policy_id"], f["resource"]) for f in report["findings"]}
    assert found == {("PC-DRIFT-001", "aws_s3_bucket.gone")}
    assert report["drift"]["managed"] >= 1 and code == 1
