"""## What
Flags an `aws_db_instance` or `aws_rds_cluster` without `enabled_cloudwatch_logs_exports` (unset
or empty). Aurora exports are configured on the cluster, so cluster instances are not judged.
UNKNOWN when the value cannot be resolved.

## Why
Database logs (errors, slow queries, audit, `postgresql` logs) that stay on the instance are
rotated away within days and are lost with the instance; exported to CloudWatch Logs they can be
retained, searched and alerted on.

## Fail example
```hcl
resource "aws_db_instance" "db" {
  engine = "postgres"
}
```

## Fix
Set `enabled_cloudwatch_logs_exports` to the engine's log types, for example
`["postgresql", "upgrade"]` (PostgreSQL) or `["audit", "error", "slowquery"]` (MySQL).

## References
- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#enabled_cloudwatch_logs_exports
- Related: CKV_AWS_129 judges the same attribute on `aws_db_instance` only; ours also judges
  clusters.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import DB_CLUSTER_KINDS, Context, Resource, Result, policy, require


@policy(
    id="PC-AWS-093",
    title="Database logs not exported",
    severity="medium",
    sources=("tf", "plan", "aws"),
    kinds=("aws_db_instance", *DB_CLUSTER_KINDS),
    checklist="data-governance/audit-logging-configured",
    related=("CKV_AWS_129",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield require(resource, "enabled_cloudwatch_logs_exports",
                  "enabled_cloudwatch_logs_exports is not set: database logs are not exported "
                  "to CloudWatch Logs")
