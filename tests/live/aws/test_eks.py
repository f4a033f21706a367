"""eks: secrets encryption, control-plane logs and endpoint access (PC-AWS-076/094/096)."""

from __future__ import annotations

from typing import Any

import pytest

from policycheck.live.aws.services import eks
from policycheck.model import Verdict
from tests.live.aws.audit import audit, network, verdicts
from tests.live.aws.conftest import Moto
from tests.live.aws.recorded import SCOPE, judge, recorded

PROD = "arn:aws:eks:us-east-1:123456789012:cluster/prod"
DEV = "arn:aws:eks:us-east-1:123456789012:cluster/dev"


def _cluster(name: str, arn: str, **extra: Any) -> dict[str, Any]:
    cluster = {"name": name, "arn": arn, "createdAt": "2024-03-01T00:00:00Z", "version": "1.30",
               "roleArn": "arn:aws:iam::123456789012:role/eks", "status": "ACTIVE",
               "endpoint": f"https://{name}.gr7.us-east-1.eks.amazonaws.com", "platformVersion": "eks.5",
               "kubernetesNetworkConfig": {"serviceIpv4Cidr": "172.20.0.0/16", "ipFamily": "ipv4"},
               "tags": {"env": name}, **extra}
    return recorded("eks", "DescribeCluster", {"cluster": cluster})["cluster"]


def test_cluster_shape_and_verdicts() -> None:
    prod = _cluster("prod", PROD,
                    resourcesVpcConfig={"subnetIds": ["subnet-a"], "securityGroupIds": ["sg-eks"],
                                        "vpcId": "vpc-1", "endpointPublicAccess": True,
                                        "endpointPrivateAccess": True, "publicAccessCidrs": ["203.0.113.0/24"]},
                    logging={"clusterLogging": [{"types": ["api", "audit"], "enabled": True},
                                                {"types": ["scheduler"], "enabled": False}]},
                    encryptionConfig=[{"resources": ["secrets"],
                                       "provider": {"keyArn": "arn:aws:kms:us-east-1:123456789012:key/k"}}])
    dev = _cluster("dev", DEV, resourcesVpcConfig={"endpointPublicAccess": True, "publicAccessCidrs": ["0.0.0.0/0"]},
                   logging={"clusterLogging": [{"types": ["api", "audit"], "enabled": False}]})
    first, second = eks.normalise({"clusters": [prod, dev]}, SCOPE)
    assert (first.address, first.get("id"), first.get("enabled_cluster_log_types")) == (PROD, "prod", ["api", "audit"])
    assert first.get("encryption_config.0.provider.0.key_arn") == "arn:aws:kms:us-east-1:123456789012:key/k"
    assert first.get("vpc_config.0.public_access_cidrs") == ["203.0.113.0/24"]
    verdicts = judge([first, second], "PC-AWS-076", "PC-AWS-094", "PC-AWS-096")
    assert {k: v for k, v in verdicts.items() if k[1] == PROD} == {
        ("PC-AWS-076", PROD): Verdict.PASS, ("PC-AWS-094", PROD): Verdict.PASS, ("PC-AWS-096", PROD): Verdict.PASS}
    assert {k: v for k, v in verdicts.items() if k[1] == DEV} == {
        ("PC-AWS-076", DEV): Verdict.FAIL, ("PC-AWS-094", DEV): Verdict.FAIL, ("PC-AWS-096", DEV): Verdict.FAIL}


@pytest.mark.slow
def test_against_moto(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    _, subnets = network(moto)
    client = moto.client("eks")
    role = "arn:aws:iam::123456789012:role/eks"
    client.create_cluster(name="dev", roleArn=role, resourcesVpcConfig={"subnetIds": subnets})
    client.create_cluster(
        name="prod", roleArn=role,
        resourcesVpcConfig={"subnetIds": subnets, "endpointPublicAccess": False, "endpointPrivateAccess": True},
        logging={"clusterLogging": [{"types": ["api", "audit"], "enabled": True}]},
        encryptionConfig=[{"resources": ["secrets"],
                           "provider": {"keyArn": "arn:aws:kms:us-east-1:123456789012:key/k"}}])
    code, report = audit(capsys, "eks", "--select", "PC-AWS-076,PC-AWS-094,PC-AWS-096")
    found = verdicts(report)
    assert {k[0]: v for k, v in found.items() if k[1] == DEV} == {
        "PC-AWS-076": "fail", "PC-AWS-094": "fail", "PC-AWS-096": "fail"}
    assert {k[0]: v for k, v in found.items() if k[1] == PROD} == {
        "PC-AWS-076": "pass", "PC-AWS-094": "pass", "PC-AWS-096": "pass"}
    assert code == 1
