"""Recorded AWS responses for the normaliser tests, checked against botocore's output shapes,
and a one-call judge of normalised resources with the catalog policies."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

import botocore.session
from botocore.model import ServiceModel
from botocore.validate import ParamValidator

from policycheck.engine.live import LiveCollection, LiveOptions, judge_live
from policycheck.engine.registry import Registry, load_registry
from policycheck.live.aws.scope import Scope
from policycheck.model import Resource, Verdict

ACCOUNT = "123456789012"
REGION = "us-east-1"


SCOPE = Scope(ACCOUNT, REGION)
GLOBAL = Scope(ACCOUNT, "")
"""The scope the framework gives a global service (IAM, CloudFront)."""


@cache
def _model(service: str) -> ServiceModel:
    return botocore.session.get_session().get_service_model(service)


def recorded(service: str, operation: str, response: dict[str, Any]) -> dict[str, Any]:
    """``response`` after checking it has the shape botocore gives ``operation``'s output
    (member names, types, nesting): a recorded answer that AWS could not send fails the test."""
    shape = _model(service).operation_model(operation).output_shape
    assert shape is not None, f"{service}.{operation} has no output"
    report = ParamValidator().validate(response, shape)
    assert not report.has_errors(), report.generate_report()
    return response


@cache
def _registry() -> Registry:
    return load_registry()


def judge(resources: Iterable[Resource], *policy_ids: str) -> dict[tuple[str, str], Verdict]:
    """``{(policy id, resource address): verdict}`` of the selected catalog policies on the live
    resources (the worst verdict when a policy says several things about one resource)."""
    collection = LiveCollection("aws", list(resources), scopes=1)
    report = judge_live(collection, LiveOptions(select=list(policy_ids)), _registry())
    return worst(((f.policy_id, f.resource), f.verdict) for f in report.findings)


ORDER = {Verdict.PASS: 0, Verdict.UNKNOWN: 1, Verdict.FAIL: 2}


def worst(verdicts: Iterable[tuple[tuple[str, str], Verdict]]) -> dict[tuple[str, str], Verdict]:
    """The worst verdict per (policy id, resource)."""
    found: dict[tuple[str, str], Verdict] = {}
    for key, verdict in verdicts:
        if key not in found or ORDER[verdict] > ORDER[found[key]]:
            found[key] = verdict
    return found


def by_kind(resources: Iterable[Resource], kind: str) -> list[Resource]:
    return [r for r in resources if r.kind == kind]


def open_security_group(group_id: str, port: int) -> Resource:
    """A live security group admitting the internet on ``port``, from a recorded
    DescribeSecurityGroups answer through the ec2 collector."""
    from policycheck.live.aws.services import ec2

    response = recorded("ec2", "DescribeSecurityGroups", {"SecurityGroups": [{
        "GroupId": group_id, "GroupName": f"open-{port}", "Description": "open", "VpcId": "vpc-1",
        "OwnerId": ACCOUNT, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
                                               "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
        "IpPermissionsEgress": []}]})
    (group,) = [r for r in ec2.normalise({"security_groups": response["SecurityGroups"]}, SCOPE)
                if r.kind == "aws_security_group"]
    return group
