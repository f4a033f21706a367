"""## What
Flags an `aws_db_instance` or `aws_rds_cluster` whose `backup_retention_period` is unset or
below `min_backup_days` (default 7). `0` disables automated backups. UNKNOWN when the value
cannot be resolved.

## Why
Automated backups and point-in-time recovery reach back only as far as the retention period;
a corruption or bad migration noticed after a long weekend is unrecoverable with the 1-day
default.

## Fail example
```hcl
resource "aws_db_instance" "db" {
  engine                  = "postgres"
  backup_retention_period = 1
}
```

## Fix
Set `backup_retention_period` to at least 7 days (up to 35), matching your recovery point
objective; use AWS Backup for longer retention.

## References
- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#backup_retention_period
- Related: CKV_AWS_133 passes any retention from 1 to 35 days and an unset one (the 1-day
  default); ours requires an explicit value of at least the configured minimum.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import DB_CLUSTER_KINDS, Context, Resource, Result, policy, require_minimum


@policy(
    id="PC-AWS-080",
    title="Database backups too short",
    severity="high",
    sources=("tf", "plan", "aws"),
    kinds=("aws_db_instance", *DB_CLUSTER_KINDS),
    checklist=(
        "database-setup/backup-procedures-configured",
        "backup-and-recovery/database-backup-procedure-tested",
    ),
    related=("CKV_AWS_133",),
    params={"min_backup_days": 7},
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    minimum = ctx.params["min_backup_days"]
    yield require_minimum(
        resource, "backup_retention_period", minimum,
        unset=f"backup_retention_period is not set (AWS keeps 1 day); set at least {minimum}",
    )
