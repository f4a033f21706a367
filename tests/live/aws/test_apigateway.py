"""apigateway: REST APIs, stages and method settings (throttling), judged by PC-AWS-050/052."""

from __future__ import annotations

from typing import Any

import pytest

from policycheck.live.aws.services import apigateway, wafv2
from policycheck.model import Reference, Verdict
from tests.live.aws.audit import audit, verdicts
from tests.live.aws.conftest import Moto
from tests.live.aws.recorded import SCOPE, by_kind, judge, recorded

API = "arn:aws:apigateway:us-east-1::/restapis/abc123"
PROD = f"{API}/stages/prod"
DEV = f"{API}/stages/dev"
PRIVATE = "arn:aws:apigateway:us-east-1::/restapis/priv99/stages/prod"


def _raw() -> dict[str, Any]:
    apis = recorded("apigateway", "GetRestApis", {"items": [
        {"id": "abc123", "name": "shop", "createdDate": "2024-05-01T10:00:00Z",
         "apiKeySource": "HEADER", "endpointConfiguration": {"types": ["REGIONAL"]},
         "rootResourceId": "r00t", "tags": {"team": "shop"}},
        {"id": "priv99", "name": "internal", "endpointConfiguration": {"types": ["PRIVATE"]}}]})
    stages = recorded("apigateway", "GetStages", {"item": [
        {"stageName": "prod", "deploymentId": "d1", "tracingEnabled": True,
         "methodSettings": {"*/*": {"throttlingBurstLimit": 50, "throttlingRateLimit": 100.0,
                                    "metricsEnabled": True, "loggingLevel": "ERROR"}},
         "accessLogSettings": {"destinationArn": "arn:aws:logs:us-east-1:123456789012:log-group:api",
                               "format": "$context.requestId"}},
        {"stageName": "dev", "deploymentId": "d1",
         "methodSettings": {"*/*": {"throttlingBurstLimit": -1, "throttlingRateLimit": -1.0}}}]})
    private = recorded("apigateway", "GetStages", {"item": [{"stageName": "prod", "deploymentId": "d2"}]})
    return {"items": apis["items"], "stages": {"abc123": stages["item"], "priv99": private["item"]}}


def test_stage_and_method_settings_shape() -> None:
    found = apigateway.normalise(_raw(), SCOPE)
    rest = next(r for r in by_kind(found, "aws_api_gateway_rest_api") if r.get("id") == "abc123")
    assert (rest.address, rest.get("endpoint_configuration.0.types")) == (API, ["REGIONAL"])
    prod = next(r for r in by_kind(found, "aws_api_gateway_stage") if r.address == PROD)
    assert (prod.get("id"), prod.get("arn"), prod.get("stage_name")) == ("ags-abc123-prod", PROD, "prod")
    assert prod.get("rest_api_id") == Reference(API) and API in prod.references
    assert prod.get("xray_tracing_enabled") is True
    assert prod.get("access_log_settings.0.format") == "$context.requestId"
    settings = next(r for r in by_kind(found, "aws_api_gateway_method_settings")
                    if r.get("id") == "abc123-prod-*/*")
    assert settings.get("stage_name") == Reference(PROD, "stage_name")
    assert settings.get("settings.0") == {"throttling_burst_limit": 50, "throttling_rate_limit": 100.0,
                                          "metrics_enabled": True, "logging_level": "ERROR"}


def test_throttling_and_waf_verdicts() -> None:
    found = apigateway.normalise(_raw(), SCOPE)
    verdicts = judge(found, "PC-AWS-052", "PC-AWS-050")
    assert verdicts[("PC-AWS-052", PROD)] is Verdict.PASS
    assert verdicts[("PC-AWS-052", DEV)] is Verdict.FAIL  # -1: no limit
    assert verdicts[("PC-AWS-052", PRIVATE)] is Verdict.FAIL  # no method settings at all
    assert verdicts[("PC-AWS-050", PROD)] is Verdict.FAIL
    assert verdicts[("PC-AWS-050", PRIVATE)] is Verdict.PASS  # a private REST API
    acl = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/main/1111"
    waf = wafv2.normalise({"WebACLs": [{"Name": "main", "Id": "1111", "ARN": acl}],
                           "Resources": {acl: [PROD]}}, SCOPE)
    assert judge([*found, *waf], "PC-AWS-050")[("PC-AWS-050", PROD)] is Verdict.PASS


@pytest.mark.slow
def test_against_moto(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    client = moto.client("apigateway")
    api = client.create_rest_api(name="shop")["id"]
    root = client.get_resources(restApiId=api)["items"][0]["id"]
    client.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    deployment = client.create_deployment(restApiId=api)["id"]
    for stage in ("prod", "dev"):
        client.create_stage(restApiId=api, stageName=stage, deploymentId=deployment)
    client.update_stage(restApiId=api, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "100"}])
    code, report = audit(capsys, "apigateway", "--select", "PC-AWS-052,PC-AWS-050")
    stage = f"arn:aws:apigateway:us-east-1::/restapis/{api}/stages/"
    found = verdicts(report)
    assert found[("PC-AWS-052", f"{stage}prod")] == "pass"
    assert found[("PC-AWS-052", f"{stage}dev")] == "fail"
    assert ("PC-AWS-050", f"{stage}prod") not in found  # it reads the WAF associations: wafv2 was not read
    assert code == 0  # medium findings under the default --fail-on high
