"""redshift: clusters' encryption, public accessibility and security groups."""

from __future__ import annotations

import pytest

from policycheck.live.aws.services import redshift
from policycheck.model import Reference, Verdict
from tests.live.aws.audit import audit, verdicts
from tests.live.aws.conftest import Moto
from tests.live.aws.recorded import SCOPE, judge, open_security_group, recorded

WAREHOUSE = "arn:aws:redshift:us-east-1:123456789012:cluster:warehouse"


def test_cluster_shape_and_verdicts() -> None:
    raw = recorded("redshift", "DescribeClusters", {"Clusters": [
        {"ClusterIdentifier": "warehouse", "NodeType": "ra3.xlplus", "ClusterStatus": "available",
         "MasterUsername": "admin", "DBName": "dev", "Endpoint": {
             "Address": "warehouse.abc.us-east-1.redshift.amazonaws.com", "Port": 5439},
         "AutomatedSnapshotRetentionPeriod": 1,
         "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-dw", "Status": "active"}],
         "ClusterParameterGroups": [{"ParameterGroupName": "default.redshift-1.0"}],
         "ClusterSubnetGroupName": "private", "VpcId": "vpc-1", "AvailabilityZone": "us-east-1a",
         "PubliclyAccessible": True, "Encrypted": False, "NumberOfNodes": 2,
         "Tags": [{"Key": "team", "Value": "bi"}]}]})
    (cluster,) = redshift.normalise(raw, SCOPE)
    assert (cluster.address, cluster.get("id"), cluster.get("cluster_type")) == (WAREHOUSE, "warehouse", "multi-node")
    assert cluster.get("endpoint") == "warehouse.abc.us-east-1.redshift.amazonaws.com:5439"
    sg = "arn:aws:ec2:us-east-1:123456789012:security-group/sg-dw"
    assert cluster.get("vpc_security_group_ids") == [Reference(sg)]
    verdicts = judge([cluster, open_security_group("sg-dw", 5439)], "PC-AWS-020", "PC-AWS-074", "PC-AWS-021")
    assert verdicts == {("PC-AWS-020", WAREHOUSE): Verdict.FAIL, ("PC-AWS-074", WAREHOUSE): Verdict.FAIL,
                        ("PC-AWS-021", WAREHOUSE): Verdict.FAIL}


@pytest.mark.slow
def test_against_moto(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    moto.client("redshift").create_cluster(
        ClusterIdentifier="warehouse", NodeType="dc2.large", MasterUsername="admin",
        MasterUserPassword="Passw0rd-not-shown", ClusterType="single-node", PubliclyAccessible=True, Encrypted=False)
    code, report = audit(capsys, "redshift", "--select", "PC-AWS-020,PC-AWS-074")
    assert verdicts(report) == {("PC-AWS-020", WAREHOUSE): "fail", ("PC-AWS-074", WAREHOUSE): "fail"}
    assert code == 1
