"""API Gateway REST APIs and their stages, with the stages' method settings (throttling).

Calls per region: one paginated GetRestApis, then GetStages per REST API (there is no call for
the stages of several APIs). A stage's ``methodSettings`` come with it; each entry becomes the
``aws_api_gateway_method_settings`` Terraform models it as (a synthetic ARN: it has none).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.live.aws.shape import iso, ref, resource, tag_map, with_tags
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "apigateway"
GLOBAL = False
ACTIONS = {"GetRestApis": "apigateway:GET", "GetStages": "apigateway:GET"}
KINDS = ("aws_api_gateway_rest_api", "aws_api_gateway_stage", "aws_api_gateway_method_settings")
SETTINGS = {
    "metricsEnabled": "metrics_enabled", "loggingLevel": "logging_level",
    "dataTraceEnabled": "data_trace_enabled", "throttlingBurstLimit": "throttling_burst_limit",
    "throttlingRateLimit": "throttling_rate_limit", "cachingEnabled": "caching_enabled",
    "cacheTtlInSeconds": "cache_ttl_in_seconds", "cacheDataEncrypted": "cache_data_encrypted",
    "requireAuthorizationForCacheControl": "require_authorization_for_cache_control",
    "unauthorizedCacheControlHeaderStrategy": "unauthorized_cache_control_header_strategy",
}


def collect(api: ServiceApi) -> dict[str, Any]:
    apis = api.paginate("GetRestApis", "items")
    ids = [rest["id"] for rest in apis]
    stages = api.map(lambda ident: api.call("GetStages", restApiId=ident).get("item", []), ids)
    return {"items": apis, "stages": dict(zip(ids, stages, strict=True))}


def api_arn(scope: Scope, path: str) -> str:
    """The ARN API Gateway gives its own objects: ``arn:aws:apigateway:REGION::/PATH``."""
    return scope.arn(SERVICE, path, account="")


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    found: list[Resource] = []
    for rest in raw.get("items", []):
        found.append(_rest_api(rest, scope))
        for stage in raw.get("stages", {}).get(rest["id"], []):
            found += _stage(rest["id"], stage, scope)
    return found


def _rest_api(rest: dict[str, Any], scope: Scope) -> Resource:
    address = api_arn(scope, f"/restapis/{rest['id']}")
    endpoint = rest.get("endpointConfiguration") or {}
    attributes = {
        "id": rest["id"], "arn": address, "name": rest.get("name"),
        "description": rest.get("description", ""),
        "endpoint_configuration": [{"types": list(endpoint.get("types", [])),
                                    "vpc_endpoint_ids": list(endpoint.get("vpcEndpointIds", []))}],
        "api_key_source": rest.get("apiKeySource"),
        "disable_execute_api_endpoint": bool(rest.get("disableExecuteApiEndpoint", False)),
        "root_resource_id": rest.get("rootResourceId"), "created_date": iso(rest.get("createdDate")),
        "execution_arn": scope.arn("execute-api", rest["id"]),
        "binary_media_types": list(rest.get("binaryMediaTypes", [])),
        "policy": rest.get("policy") or "",
    }
    return resource(scope, "aws_api_gateway_rest_api", address,
                         with_tags(attributes, tag_map(rest.get("tags"))))


def _stage(api_id: str, stage: dict[str, Any], scope: Scope) -> list[Resource]:
    name = stage["stageName"]
    address = api_arn(scope, f"/restapis/{api_id}/stages/{name}")
    rest_api = ref(api_arn(scope, f"/restapis/{api_id}"))
    logs = stage.get("accessLogSettings")
    attributes = {
        "id": f"ags-{api_id}-{name}", "arn": address, "rest_api_id": rest_api, "stage_name": name,
        "deployment_id": stage.get("deploymentId"), "description": stage.get("description", ""),
        "cache_cluster_enabled": bool(stage.get("cacheClusterEnabled", False)),
        "cache_cluster_size": stage.get("cacheClusterSize"),
        "xray_tracing_enabled": bool(stage.get("tracingEnabled", False)),
        "access_log_settings": [{"destination_arn": logs.get("destinationArn"),
                                 "format": logs.get("format")}] if logs else [],
        "client_certificate_id": stage.get("clientCertificateId", ""),
        "variables": dict(stage.get("variables", {})),
        "web_acl_arn": stage.get("webAclArn", ""),
        "execution_arn": scope.arn("execute-api", f"{api_id}/{name}"),
        "invoke_url": f"https://{api_id}.execute-api.{scope.region}.amazonaws.com/{name}",
    }
    found = [resource(scope, "aws_api_gateway_stage", address,
                           with_tags(attributes, tag_map(stage.get("tags"))))]
    for method_path, values in sorted(stage.get("methodSettings", {}).items()):
        ident = f"{api_id}-{name}-{method_path}"
        settings = {tf: values[api_name] for api_name, tf in SETTINGS.items() if api_name in values}
        found.append(resource(scope, "aws_api_gateway_method_settings",
            scope.synthetic_arn(SERVICE, "aws_api_gateway_method_settings", ident),
            {"id": ident, "rest_api_id": rest_api, "stage_name": ref(address, "stage_name"),
             "method_path": method_path, "settings": [settings]}))
    return found
