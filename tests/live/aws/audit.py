"""Running ``policycheck audit aws`` against the moto server as a user would, and reading the
JSON report (for the service modules' integration tests)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from policycheck.cli import main
from policycheck.live.aws.services import (
    acm,
    apigateway,
    apigatewayv2,
    cloudfront,
    dynamodb,
    ecs,
    efs,
    eks,
    elasticache,
    elbv2,
    iam,
    opensearch,
    redshift,
    secretsmanager,
    sns,
    sqs,
    wafv2,
)
from policycheck.model import Verdict
from tests.live.aws.recorded import worst

AWS_MORE = (elbv2, acm, wafv2, apigateway, apigatewayv2, cloudfront, iam, secretsmanager, efs, elasticache,
            redshift, opensearch, dynamodb, sqs, sns, eks, ecs)
"""The service modules of branch aws-more."""


def audit(capsys: pytest.CaptureFixture[str], services: str, *args: str) -> tuple[int, dict[str, Any]]:
    """Exit code and JSON report of an audit of ``services`` in us-east-1."""
    capsys.readouterr()
    code = main(["audit", "aws", "--regions", "us-east-1", "--services", services, "--format", "json",
                 "--show-passed", *args])
    return code, json.loads(capsys.readouterr().out)


def verdicts(report: dict[str, Any]) -> dict[tuple[str, str], str]:
    """``{(policy id, resource): worst verdict}`` of a JSON report."""
    return {key: str(verdict) for key, verdict in worst(
        ((f["policy_id"], f["resource"]), Verdict(f["verdict"])) for f in report["findings"]).items()}


def network(moto: Any) -> tuple[str, list[str]]:
    """A VPC with two subnets in two zones (what load balancers and clusters need)."""
    ec2 = moto.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"us-east-1{zone}")
               ["Subnet"]["SubnetId"] for i, zone in enumerate("ab", start=1)]
    return vpc, subnets
