"""apigatewayv2: HTTP/WebSocket APIs and stages with default route throttling (PC-AWS-052)."""

from __future__ import annotations

from typing import Any

import pytest

from policycheck.live.aws.services import apigatewayv2
from policycheck.model import Reference, Verdict
from tests.live.aws.audit import audit, verdicts
from tests.live.aws.conftest import Moto
from tests.live.aws.recorded import SCOPE, by_kind, judge, recorded

API = "arn:aws:apigateway:us-east-1::/apis/h77p"


def _raw() -> dict[str, Any]:
    apis = recorded("apigatewayv2", "GetApis", {"Items": [
        {"ApiId": "h77p", "Name": "orders", "ProtocolType": "HTTP",
         "ApiEndpoint": "https://h77p.execute-api.us-east-1.amazonaws.com",
         "RouteSelectionExpression": "$request.method $request.path", "Tags": {"team": "orders"}}]})
    stages = recorded("apigatewayv2", "GetStages", {"Items": [
        {"StageName": "$default", "AutoDeploy": True,
         "DefaultRouteSettings": {"ThrottlingBurstLimit": 20, "ThrottlingRateLimit": 10.0,
                                  "DetailedMetricsEnabled": False}},
        {"StageName": "beta", "DefaultRouteSettings": {"DetailedMetricsEnabled": False},
         "RouteSettings": {"GET /items": {"ThrottlingRateLimit": 5.0}}}]})
    return {"Items": apis["Items"], "Stages": {"h77p": stages["Items"]}}


def test_stages_carry_default_route_settings() -> None:
    found = apigatewayv2.normalise(_raw(), SCOPE)
    (api,) = by_kind(found, "aws_apigatewayv2_api")
    assert (api.address, api.get("id"), api.get("protocol_type")) == (API, "h77p", "HTTP")
    default, beta = by_kind(found, "aws_apigatewayv2_stage")
    assert (default.get("id"), default.address) == ("$default", f"{API}/stages/$default")
    assert default.get("api_id") == Reference(API)
    assert default.get("default_route_settings") == [
        {"throttling_burst_limit": 20, "throttling_rate_limit": 10.0, "detailed_metrics_enabled": False}]
    assert beta.get("route_settings") == [{"route_key": "GET /items", "throttling_rate_limit": 5.0}]
    verdicts = judge(found, "PC-AWS-052", "PC-AWS-050")
    assert verdicts[("PC-AWS-052", default.address)] is Verdict.PASS
    assert verdicts[("PC-AWS-052", beta.address)] is Verdict.FAIL
    assert verdicts[("PC-AWS-050", beta.address)] is Verdict.FAIL


@pytest.mark.slow
def test_against_moto(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    client = moto.client("apigatewayv2")
    api = client.create_api(Name="orders", ProtocolType="HTTP")["ApiId"]
    client.create_stage(ApiId=api, StageName="prod", DefaultRouteSettings={
        "ThrottlingRateLimit": 10.0, "ThrottlingBurstLimit": 5})
    client.create_stage(ApiId=api, StageName="beta")
    # PC-AWS-052 also reads the REST APIs' method settings: both API Gateway services are read
    code, report = audit(capsys, "apigateway,apigatewayv2", "--select", "PC-AWS-052", "--fail-on", "medium")
    stage = f"arn:aws:apigateway:us-east-1::/apis/{api}/stages/"
    assert verdicts(report) == {("PC-AWS-052", f"{stage}prod"): "pass", ("PC-AWS-052", f"{stage}beta"): "fail"}
    assert code == 1
