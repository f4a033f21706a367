"""API Gateway v2 (HTTP and WebSocket) APIs and their stages (default route throttling).

Calls per region: one paginated GetApis, then a paginated GetStages per API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.live.aws.services.apigateway import api_arn
from policycheck.live.aws.shape import ref, resource, tag_map, with_tags
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "apigatewayv2"
GLOBAL = False
ACTIONS = {"GetApis": "apigateway:GET", "GetStages": "apigateway:GET"}
KINDS = ("aws_apigatewayv2_api", "aws_apigatewayv2_stage")
ROUTE_SETTINGS = {
    "DataTraceEnabled": "data_trace_enabled", "DetailedMetricsEnabled": "detailed_metrics_enabled",
    "LoggingLevel": "logging_level", "ThrottlingBurstLimit": "throttling_burst_limit",
    "ThrottlingRateLimit": "throttling_rate_limit",
}


def collect(api: ServiceApi) -> dict[str, Any]:
    apis = api.paginate("GetApis", "Items")
    ids = [item["ApiId"] for item in apis]
    stages = api.map(lambda ident: api.paginate("GetStages", "Items", ApiId=ident), ids)
    return {"Items": apis, "Stages": dict(zip(ids, stages, strict=True))}


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    found: list[Resource] = []
    for item in raw.get("Items", []):
        found.append(_api(item, scope))
        found += [_stage(item, stage, scope) for stage in raw.get("Stages", {}).get(item["ApiId"], [])]
    return found


def _api(item: dict[str, Any], scope: Scope) -> Resource:
    api_id = item["ApiId"]
    address = api_arn(scope, f"/apis/{api_id}")
    attributes = {
        "id": api_id, "arn": address, "name": item.get("Name"),
        "protocol_type": item.get("ProtocolType"), "api_endpoint": item.get("ApiEndpoint"),
        "description": item.get("Description", ""),
        "disable_execute_api_endpoint": bool(item.get("DisableExecuteApiEndpoint", False)),
        "route_selection_expression": item.get("RouteSelectionExpression"),
        "execution_arn": scope.arn("execute-api", api_id),
    }
    return resource(scope, "aws_apigatewayv2_api", address,
                         with_tags(attributes, tag_map(item.get("Tags"))))


def _route(settings: dict[str, Any]) -> dict[str, Any]:
    return {tf: settings[name] for name, tf in ROUTE_SETTINGS.items() if name in settings}


def _stage(item: dict[str, Any], stage: dict[str, Any], scope: Scope) -> Resource:
    api_id, name = item["ApiId"], stage["StageName"]
    address = api_arn(scope, f"/apis/{api_id}/stages/{name}")
    logs = stage.get("AccessLogSettings")
    scheme = "wss" if item.get("ProtocolType") == "WEBSOCKET" else "https"
    default = stage.get("DefaultRouteSettings")
    attributes = {
        "id": name, "arn": address, "api_id": ref(api_arn(scope, f"/apis/{api_id}")), "name": name,
        "auto_deploy": bool(stage.get("AutoDeploy", False)),
        "default_route_settings": [_route(default)] if default else [],
        "route_settings": [{"route_key": key, **_route(value)}
                           for key, value in sorted(stage.get("RouteSettings", {}).items())],
        "access_log_settings": [{"destination_arn": logs.get("DestinationArn"),
                                 "format": logs.get("Format")}] if logs else [],
        "deployment_id": stage.get("DeploymentId"), "description": stage.get("Description", ""),
        "stage_variables": dict(stage.get("StageVariables", {})),
        "client_certificate_id": stage.get("ClientCertificateId", ""),
        "execution_arn": scope.arn("execute-api", f"{api_id}/{name}"),
        "invoke_url": f"{scheme}://{api_id}.execute-api.{scope.region}.amazonaws.com/{name}",
    }
    return resource(scope, "aws_apigatewayv2_stage", address,
                         with_tags(attributes, tag_map(stage.get("Tags"))))
