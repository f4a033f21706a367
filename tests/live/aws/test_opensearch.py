"""opensearch: domains' encryption at rest and VPC placement; DescribeDomains in batches of 5."""

from __future__ import annotations

from typing import Any

import pytest

from policycheck.live.aws.services import opensearch
from policycheck.model import Reference, Verdict
from tests.live.aws.audit import audit, verdicts
from tests.live.aws.conftest import Moto
from tests.live.aws.recorded import SCOPE, judge, open_security_group, recorded

SEARCH = "arn:aws:es:us-east-1:123456789012:domain/search"
LOGS = "arn:aws:es:us-east-1:123456789012:domain/logs"


class _Api:
    """Answers ListDomainNames with 7 names and records DescribeDomains batches."""

    account, region = "123456789012", "us-east-1"

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def map(self, read: Any, items: Any) -> list[Any]:
        return [read(item) for item in items]

    def call(self, operation: str, **params: Any) -> dict[str, Any]:
        if operation == "ListDomainNames":
            return recorded("opensearch", operation, {"DomainNames": [
                {"DomainName": f"dom{i}", "EngineType": "OpenSearch"} for i in range(7)]})
        self.batches.append(params["DomainNames"])
        return {"DomainStatusList": []}


def test_domains_are_described_five_at_a_time() -> None:
    api = _Api()
    opensearch.collect(api)  # type: ignore[arg-type]
    assert api.batches == [[f"dom{i}" for i in range(5)], ["dom5", "dom6"]]


def _status(name: str, arn: str, encrypted: bool, vpc: dict[str, Any] | None) -> dict[str, Any]:
    status: dict[str, Any] = {
        "DomainId": f"123456789012/{name}", "DomainName": name, "ARN": arn, "Created": True, "Deleted": False,
        "EngineVersion": "OpenSearch_2.11",
        "ClusterConfig": {"InstanceType": "r6g.large.search", "InstanceCount": 2},
        "EncryptionAtRestOptions": {"Enabled": encrypted},
        "NodeToNodeEncryptionOptions": {"Enabled": True},
        "DomainEndpointOptions": {"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
        "EBSOptions": {"EBSEnabled": True, "VolumeSize": 20, "VolumeType": "gp3"}}
    if vpc:
        status |= {"VPCOptions": vpc, "Endpoints": {"vpc": f"vpc-{name}.us-east-1.es.amazonaws.com"}}
    else:
        status["Endpoint"] = f"search-{name}.us-east-1.es.amazonaws.com"
    return status


def test_domain_shape_and_verdicts() -> None:
    vpc = {"VPCId": "vpc-1", "SubnetIds": ["subnet-a"], "AvailabilityZones": ["us-east-1a"],
           "SecurityGroupIds": ["sg-search"]}
    raw = recorded("opensearch", "DescribeDomains", {"DomainStatusList": [
        _status("search", SEARCH, True, vpc), _status("logs", LOGS, False, None)]})
    search, logs = opensearch.normalise(raw, SCOPE)
    assert (search.address, search.get("id"), search.get("domain_name")) == (SEARCH, SEARCH, "search")
    assert search.get("encrypt_at_rest.0.enabled") is True and logs.get("vpc_options") == []
    sg = "arn:aws:ec2:us-east-1:123456789012:security-group/sg-search"
    assert search.get("vpc_options.0.security_group_ids") == [Reference(sg)]
    verdicts = judge([search, logs, open_security_group("sg-search", 443)], "PC-AWS-074", "PC-AWS-021")
    assert verdicts == {("PC-AWS-074", SEARCH): Verdict.PASS, ("PC-AWS-074", LOGS): Verdict.FAIL,
                        ("PC-AWS-021", SEARCH): Verdict.FAIL, ("PC-AWS-021", LOGS): Verdict.PASS}


@pytest.mark.slow
def test_against_moto(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    client = moto.client("opensearch")
    for index in range(7):  # two DescribeDomains batches
        client.create_domain(DomainName=f"dom{index}", EncryptionAtRestOptions={"Enabled": index % 2 == 0})
    code, report = audit(capsys, "opensearch", "--select", "PC-AWS-074")
    assert verdicts(report) == {
        ("PC-AWS-074", f"arn:aws:es:us-east-1:123456789012:domain/dom{i}"): "pass" if i % 2 == 0 else "fail"
        for i in range(7)}
    assert code == 1
