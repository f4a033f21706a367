"""## What
Flags an `aws_db_instance` with neither Enhanced Monitoring (`monitoring_interval` greater than
0) nor Performance Insights (`performance_insights_enabled = true`). UNKNOWN when the deciding
values cannot be resolved.

## Why
CloudWatch's basic RDS metrics are per-minute hypervisor views; Enhanced Monitoring shows the
operating system (per-process CPU, memory, I/O) and Performance Insights shows which queries and
waits consume the database. Without either, a slow database is hard to diagnose.

## Fail example
```hcl
resource "aws_db_instance" "db" {
  engine = "postgres"
}
```

## Fix
Set `monitoring_interval` (for example 60) with a `monitoring_role_arn`, or
`performance_insights_enabled = true` (both for production databases).

## References
- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.html
- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PerfInsights.html
- Related: CKV_AWS_118 requires Enhanced Monitoring only; ours accepts either.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, Unknown, fail, number, passed, policy, truthy, unknown


@policy(
    id="PC-AWS-110",
    title="Database monitoring off",
    severity="low",
    sources=("tf", "plan", "aws"),
    kinds="aws_db_instance",
    checklist="health-checks/resource-usage-monitoring",
    related=("CKV_AWS_118",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    interval = number(resource.get("monitoring_interval"))
    insights = truthy(resource.get("performance_insights_enabled"))
    undecided = next((v for v in (interval, insights) if isinstance(v, Unknown)), None)
    if not isinstance(interval, Unknown) and interval:
        yield passed(f"monitoring_interval = {interval:g}", at="monitoring_interval")
    elif insights is True:
        yield passed("performance_insights_enabled = true", at="performance_insights_enabled")
    elif undecided is not None:
        yield unknown(f"monitoring settings are not known ({undecided.reason})",
                      at="monitoring_interval")
    else:
        yield fail("neither Enhanced Monitoring (monitoring_interval > 0) nor Performance "
                   "Insights is enabled", at="monitoring_interval")
