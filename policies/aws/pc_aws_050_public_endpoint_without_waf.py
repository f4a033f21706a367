"""## What
Flags an internet-facing application load balancer (`aws_lb`/`aws_alb` with
`load_balancer_type` unset or `application` and `internal` not true), an `aws_api_gateway_stage`
of a REST API that is not `PRIVATE`, or an `aws_apigatewayv2_stage`, when no
`aws_wafv2_web_acl_association` designates it through `resource_arn` (a reference to it, or in
plan and live sources its literal ARN). Internal and network/gateway load balancers and
private REST APIs pass. UNKNOWN when an association's `resource_arn`, the `internal` flag or
the endpoint type cannot be resolved.

## Why
A public endpoint without a web application firewall has no rate limiting, no managed rules
against common exploits (SQL injection, known bad inputs, bot traffic) and no way to block an
attacker quickly during an incident.

## Fail example
```hcl
resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  internal           = false
}
```

## Fix
Create an `aws_wafv2_web_acl` (scope `REGIONAL`) with managed and rate-based rules and attach
it with `aws_wafv2_web_acl_association { resource_arn = aws_lb.web.arn }`. HTTP APIs
(API Gateway v2) cannot be associated with WAF directly: put them behind a CloudFront
distribution with a web ACL, or use a REST API.

## References
- https://docs.aws.amazon.com/waf/latest/developerguide/waf-chapter.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/wafv2_web_acl_association
- Related: CKV2_AWS_28 (ALB), CKV2_AWS_29 (API Gateway) (checkov); ours also covers API
  Gateway v2 stages and only WAFv2 associations count (WAF Classic is retired).
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    APPLICATION,
    LOAD_BALANCER_KINDS,
    Context,
    Resource,
    Result,
    Unknown,
    fail,
    is_internet_facing,
    load_balancer_type,
    passed,
    policy,
    referring,
    unknown,
    values_of,
)

ASSOCIATION = "aws_wafv2_web_acl_association"
REST_STAGE = "aws_api_gateway_stage"
HTTP_STAGE = "aws_apigatewayv2_stage"


@policy(
    id="PC-AWS-050", title="Public endpoint has no WAF", severity="medium",
    sources=("tf", "plan", "aws"), kinds=(*LOAD_BALANCER_KINDS, REST_STAGE, HTTP_STAGE),
    checklist="load-balancer-proxy/rate-limiting-rules-applied",
    related=("CKV2_AWS_28", "CKV2_AWS_29"), reads=(ASSOCIATION, "aws_api_gateway_rest_api"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    public = _is_public(resource, ctx)
    if isinstance(public, Unknown):
        yield unknown(f"cannot tell whether the endpoint is public ({public.reason})")
        return
    if not public:
        yield passed("not a public HTTP endpoint")
        return
    associations = referring(resource, ctx.graph, ASSOCIATION, "resource_arn")
    if associations.found:
        yield passed(f"protected by {associations.found[0].address}")
    elif associations.undecided:
        reasons = "; ".join(f"{r.address}: {u.reason}" for r, u in associations.undecided)
        yield unknown(f"no web ACL association names this endpoint, and the resource_arn of "
                      f"some cannot be resolved ({reasons})")
    else:
        yield fail("public endpoint with no aws_wafv2_web_acl_association: requests reach it "
                   "without a web application firewall")


def _is_public(resource: Resource, ctx: Context) -> bool | Unknown:
    if resource.kind in LOAD_BALANCER_KINDS:
        kind = load_balancer_type(resource)
        if isinstance(kind, Unknown):
            return kind
        return is_internet_facing(resource) if kind == APPLICATION else False
    if resource.kind == REST_STAGE:
        api = ctx.graph.resolve(resource.get("rest_api_id"), like=resource)
        types = api.get("endpoint_configuration.0.types") if api is not None else None
        if isinstance(types, Unknown):
            return types
        return "PRIVATE" not in [str(t).upper() for t in values_of(types)]
    return True
