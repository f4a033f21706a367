"""## What
Flags an `aws_lb` (or its alias `aws_alb`) without `access_logs { enabled = true }` (block
missing, or `enabled` unset or `false`: the provider defaults it to `false` even when a bucket
is given). Gateway load balancers have no access logs and pass as not covered. UNKNOWN when the
value cannot be resolved.

## Why
Access logs are the record of every request the load balancer served: client address, path,
status, latency and TLS details. Without them there is nothing to investigate an attack, an
outage or a billing dispute with after the fact.

## Fail example
```hcl
resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
}
```

## Fix
Add `access_logs { bucket = aws_s3_bucket.lb_logs.id enabled = true }` with a bucket policy
that lets Elastic Load Balancing write to it.

## References
- https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb#access_logs
- Related: CKV_AWS_91 judges the same block.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    Context,
    Resource,
    Result,
    Unknown,
    Verdict,
    passed,
    policy,
    require_true,
    unknown,
)


@policy(
    id="PC-AWS-095",
    title="Load balancer access logs off",
    severity="medium",
    sources=("tf", "plan", "aws"),
    kinds=("aws_lb", "aws_alb"),
    checklist="data-governance/audit-logging-configured",
    related=("CKV_AWS_91",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    kind = resource.get("load_balancer_type")
    if isinstance(kind, str) and kind == "gateway":
        yield passed("gateway load balancers have no access logs", at="load_balancer_type")
        return
    result = require_true(resource, "access_logs.0.enabled",
                          "access logs are not enabled: requests served are not recorded")
    if isinstance(kind, Unknown) and result.verdict is Verdict.FAIL:
        result = unknown(f"access logs are off and load_balancer_type is not known "
                         f"({kind.reason}); gateway load balancers have none", at="access_logs")
    yield result
