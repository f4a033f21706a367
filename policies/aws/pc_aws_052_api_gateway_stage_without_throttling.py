"""## What
Flags an API Gateway stage without throttling limits. An `aws_api_gateway_stage` (REST API)
passes when an `aws_api_gateway_method_settings` of the same REST API names it (`stage_name`,
by reference or literal name) and sets `settings.throttling_rate_limit` or
`settings.throttling_burst_limit` above 0 (`-1`, the API default, means no limit). An
`aws_apigatewayv2_stage` passes when its `default_route_settings` sets
`throttling_rate_limit` or `throttling_burst_limit` above 0. UNKNOWN when a deciding value
cannot be resolved.

## Why
Without stage throttling a single client, or a bug in one, can consume the account-wide API
Gateway quota (10,000 requests per second shared by every API in the region) and the backends
behind it.

## Fail example
```hcl
resource "aws_apigatewayv2_stage" "prod" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "prod"
  auto_deploy = true
}
```

## Fix
For REST APIs add `aws_api_gateway_method_settings` with `method_path = "*/*"` and
`settings { throttling_rate_limit = 100 throttling_burst_limit = 50 }`; for HTTP/WebSocket APIs
set `default_route_settings { throttling_rate_limit = 100 throttling_burst_limit = 50 }`.

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_method_settings
- Related: no checkov equivalent.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, Unknown, fail, number, passed, policy, referring, unknown

REST_STAGE = "aws_api_gateway_stage"
HTTP_STAGE = "aws_apigatewayv2_stage"
METHOD_SETTINGS = "aws_api_gateway_method_settings"
LIMITS = ("throttling_rate_limit", "throttling_burst_limit")


@policy(
    id="PC-AWS-052", title="API Gateway stage has no throttling", severity="medium",
    sources=("tf", "plan", "aws"), kinds=(REST_STAGE, HTTP_STAGE),
    checklist="load-balancer-proxy/rate-limiting-rules-applied", reads=METHOD_SETTINGS,
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    if resource.kind == HTTP_STAGE:
        yield _judge(_throttled(resource, "default_route_settings.0"), resource.address,
                     "default_route_settings", "set default_route_settings throttling limits")
        return
    linked = referring(resource, ctx.graph, METHOD_SETTINGS, "stage_name", ("stage_name",))
    verdicts: list[bool | Unknown] = [u for _, u in linked.undecided]
    for settings in linked.found:
        same = _same_api(settings, resource)
        verdicts.append(_throttled(settings, "settings.0") if same is True else same)
    yield _judge(_any(verdicts), resource.address, None,
                 "no aws_api_gateway_method_settings of this stage sets throttling limits")


def _throttled(resource: Resource, base: str) -> bool | Unknown:
    """Whether ``base`` sets a rate or burst limit above 0."""
    values = [number(resource.get(f"{base}.{limit}")) for limit in LIMITS]
    if any(v is not None and not isinstance(v, Unknown) and v > 0 for v in values):
        return True
    return next((v for v in values if isinstance(v, Unknown)), False)


def _same_api(settings: Resource, stage: Resource) -> bool | Unknown:
    mine, theirs = settings.get("rest_api_id"), stage.get("rest_api_id")
    for value in (mine, theirs):
        if isinstance(value, Unknown):
            return value
    return mine is None or theirs is None or bool(mine == theirs)


def _any(verdicts: list[bool | Unknown]) -> bool | Unknown:
    if any(v is True for v in verdicts):
        return True
    return next((v for v in verdicts if isinstance(v, Unknown)), False)


def _judge(throttled: bool | Unknown, address: str, at: str | None, missing: str) -> Result:
    if isinstance(throttled, Unknown):
        return unknown(f"cannot tell whether {address} is throttled ({throttled.reason})", at=at)
    if throttled:
        return passed("throttling limits are set", at=at)
    return fail(f"the stage has no throttling limits: {missing}", at=at)
