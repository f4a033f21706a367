"""## What
Flags an `aws_cloudwatch_log_group` whose `retention_in_days` is unset or `0` (logs are kept
forever) or below `min_log_retention_days` (default 365). UNKNOWN when the value cannot be
resolved.

## Why
Logs kept forever accumulate cost and personal data with no end; logs kept too briefly are gone
before an incident is investigated or an audit asks for them. A deliberate retention period is
both a rotation and a retention policy.

## Fail example
```hcl
resource "aws_cloudwatch_log_group" "app" {
  name = "/app/api"
}
```

## Fix
Set `retention_in_days` to a supported value of at least 365 (for example 365, 400, 545, 731),
exporting to S3 with a lifecycle policy when logs must live longer.

## References
- https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group#retention_in_days
- Related: CKV_AWS_338 requires at least one year as well but accepts `0` (never expire); ours
  treats `0` like unset, since keeping logs forever is not a retention policy.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, policy, require_minimum


@policy(
    id="PC-AWS-090",
    title="Log group keeps logs forever or too briefly",
    severity="medium",
    sources=("tf", "plan", "aws"),
    kinds="aws_cloudwatch_log_group",
    checklist=(
        "logging/log-rotation-configured",
        "data-protection/data-retention-policies-implemented",
    ),
    related=("CKV_AWS_338",),
    params={"min_log_retention_days": 365},
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield require_minimum(
        resource, "retention_in_days", ctx.params["min_log_retention_days"],
        unset="retention_in_days is unset or 0: the logs are kept forever",
        unset_values=(None, 0),
    )
