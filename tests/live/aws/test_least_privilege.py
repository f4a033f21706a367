"""Least privilege, proven: every API call the collectors make is recorded (botocore's
``before-call`` event on the session) and must be a read-only call its module declares."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest

from policycheck.cli import main
from policycheck.live.aws import ALL_SERVICES, FRAMEWORK_ACTIONS, AwsOptions, collect
from policycheck.live.aws.module import actions
from tests.live.aws.conftest import ACCOUNT, REGION, Moto
from tests.live.aws.seed import BLOCK_ALL, default_vpc, non_compliant, trail

READ_ONLY = ("Describe", "List", "Get")


class Recorder:
    def __init__(self) -> None:
        self.calls: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def __call__(self, model: Any, **_: Any) -> None:
        with self._lock:
            self.calls.add((model.service_model.service_name, model.name))


def declared() -> dict[tuple[str, str], str]:
    found = {(client, op): action for module in ALL_SERVICES
             for client, ops in actions(module).items() for op, action in ops.items()}
    found.update({("sts", op): a for op, a in FRAMEWORK_ACTIONS.items() if a.startswith("sts:")})
    found.update({("ec2", op): a for op, a in FRAMEWORK_ACTIONS.items() if a.startswith("ec2:")})
    return found


def seed_everything(moto: Moto) -> None:
    """At least one resource on every code path of the collectors."""
    non_compliant(moto)
    trail(moto)
    ec2 = moto.client("ec2")
    ec2.create_flow_logs(ResourceIds=[default_vpc(moto)], ResourceType="VPC", TrafficType="ALL",
                         LogDestinationType="s3", LogDestination="arn:aws:s3:::acme-trail-logs")
    ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=8, Encrypted=True)
    rds = moto.client("rds")
    rds.create_db_parameter_group(DBParameterGroupName="tls", DBParameterGroupFamily="postgres16", Description="x")
    rds.create_db_cluster_parameter_group(DBClusterParameterGroupName="ctls", DBParameterGroupFamily="aurora-mysql8.0",
                                          Description="x")
    rds.create_db_cluster(DBClusterIdentifier="shop", Engine="aurora-mysql", MasterUsername="app",
                          MasterUserPassword="not-a-real-password-2", DBClusterParameterGroupName="ctls")
    s3 = moto.client("s3")
    s3.create_bucket(Bucket="acme-eu", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    s3.put_bucket_versioning(Bucket="acme-data", VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_lifecycle_configuration(Bucket="acme-data", LifecycleConfiguration={"Rules": [
        {"ID": "expire", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 30}}]})
    s3.create_bucket(Bucket="acme-access-logs", ACL="log-delivery-write")
    s3.put_bucket_logging(Bucket="acme-data", BucketLoggingStatus={"LoggingEnabled": {
        "TargetBucket": "acme-access-logs", "TargetPrefix": "s3/"}})
    s3.put_public_access_block(Bucket="acme-data", PublicAccessBlockConfiguration=BLOCK_ALL)
    moto.client("s3control").put_public_access_block(AccountId=ACCOUNT, PublicAccessBlockConfiguration=BLOCK_ALL)
    moto.client("backup").create_backup_vault(BackupVaultName="main")


@pytest.mark.slow
def test_every_call_is_read_only_and_declared(moto: Moto) -> None:
    seed_everything(moto)
    recorder = Recorder()
    collection = collect(AwsOptions(regions=(REGION, "eu-west-1"), event_hooks=(("before-call", recorder),)))
    assert collection.not_assessed == [] and collection.errors == []
    assert {r.kind for r in collection.resources} >= {
        "aws_cloudtrail", "aws_flow_log", "aws_ebs_volume", "aws_db_parameter_group", "aws_rds_cluster",
        "aws_rds_cluster_parameter_group", "aws_s3_bucket_versioning", "aws_s3_bucket_lifecycle_configuration",
        "aws_s3_bucket_logging", "aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block",
        "aws_backup_vault"}
    known = declared()
    undeclared = sorted(call for call in recorder.calls if call not in known)
    writes = sorted(call for call in recorder.calls if not call[1].startswith(READ_ONLY))
    assert undeclared == [] and writes == []
    # and the declarations are not padded: every declared operation was needed here
    # (not needed here: bucket regions come with ListBuckets, no role is assumed, --regions is given)
    unused = sorted(set(known) - recorder.calls - {
        ("s3", "GetBucketLocation"), ("sts", "AssumeRole"), ("ec2", "DescribeRegions")})
    assert unused == []


def test_the_printed_policy_grants_exactly_the_declared_actions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "aws", "--print-iam-policy"]) == 0
    (statement,) = json.loads(capsys.readouterr().out)["Statement"]
    expected = {action for action in declared().values() if action != "sts:AssumeRole"}
    assert set(statement["Action"]) == expected
    assert all(a.split(":")[1].startswith(READ_ONLY) for a in statement["Action"])
