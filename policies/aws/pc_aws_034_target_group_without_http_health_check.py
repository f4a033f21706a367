"""## What
Flags an `aws_lb_target_group`/`aws_alb_target_group` whose `protocol` is `HTTP` or `HTTPS`
when its `health_check` block is missing, is disabled (`enabled = false`), has no `path`, or
checks with a non-HTTP protocol (`TCP`). Target groups of other protocols (TCP, UDP, TLS,
GENEVE) or without a protocol (Lambda targets) pass. UNKNOWN when a deciding value cannot be
resolved.

## Why
Without an HTTP health check on a real endpoint, the load balancer keeps sending traffic to
targets whose process is up but whose application is broken; AWS's implicit default (`/`)
usually checks a static page rather than the application's dependencies.

## Fail example
```hcl
resource "aws_lb_target_group" "app" {
  port     = 8080
  protocol = "HTTP"
  vpc_id   = aws_vpc.main.id
}
```

## Fix
Add `health_check { path = "/health" matcher = "200" }` pointing at an endpoint that checks
the application's own health.

## References
- https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_target_group#health_check
- Related: no checkov equivalent.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    TARGET_GROUP_KINDS,
    Context,
    Resource,
    Result,
    Unknown,
    fail,
    passed,
    policy,
    truthy,
    unknown,
)

HTTP = ("HTTP", "HTTPS")


@policy(
    id="PC-AWS-034", title="Target group has no HTTP health check", severity="medium",
    sources=("tf", "plan", "aws"), kinds=TARGET_GROUP_KINDS,
    checklist="load-balancer-proxy/health-check-endpoints-configured",
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    protocol = resource.get("protocol")
    if isinstance(protocol, Unknown):
        yield unknown(f"protocol is not known ({protocol.reason})", at="protocol")
        return
    if not isinstance(protocol, str) or protocol.upper() not in HTTP:
        yield passed("not an HTTP/HTTPS target group", at="protocol")
        return
    yield _health_check(resource)


def _health_check(resource: Resource) -> Result:
    if resource.get("health_check.0") is None:
        return fail("the target group has no health_check block; add one with a path")
    setting = resource.get("health_check.0.enabled")
    enabled = True if setting is None else truthy(setting)
    if isinstance(enabled, Unknown):
        return unknown(f"health_check.enabled is not known ({enabled.reason})",
                       at="health_check.0.enabled")
    if not enabled:
        return fail("health_check.enabled = false: targets are never checked",
                    at="health_check.0.enabled")
    protocol = resource.get("health_check.0.protocol")
    if isinstance(protocol, Unknown):
        return unknown(f"health_check.protocol is not known ({protocol.reason})",
                       at="health_check.0.protocol")
    if isinstance(protocol, str) and protocol.upper() not in HTTP:
        return fail(f"health_check.protocol = {protocol!r} does not check the application "
                    "over HTTP", at="health_check.0.protocol")
    path = resource.get("health_check.0.path")
    if isinstance(path, Unknown):
        return unknown(f"health_check.path is not known ({path.reason})",
                       at="health_check.0.path")
    if not isinstance(path, str) or not path.strip():
        return fail("health_check has no path; set one such as /health", at="health_check.0")
    return passed(f"HTTP health check on {path}", at="health_check.0.path")
