"""## What
Flags an `aws_db_instance` or `aws_rds_cluster` with `skip_final_snapshot = true`. Unset passes
(the provider default is `false`, which requires a `final_snapshot_identifier`). UNKNOWN when
the value cannot be resolved.

## Why
When the database is deleted (on purpose, by a replacement, or by mistake), the final snapshot
is the last copy of its data; automated backups are deleted with the instance by default.

## Fail example
```hcl
resource "aws_db_instance" "db" {
  engine              = "postgres"
  skip_final_snapshot = true
}
```

## Fix
Set `skip_final_snapshot = false` (or remove it) and give a `final_snapshot_identifier`.

## References
- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#skip_final_snapshot
- Related: PC-PLAN-001 flags plans that delete databases.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import DB_CLUSTER_KINDS, Context, Resource, Result, forbid_flag, policy


@policy(
    id="PC-AWS-082",
    title="Database skips its final snapshot",
    severity="medium",
    sources=("tf", "plan", "aws"),
    kinds=("aws_db_instance", *DB_CLUSTER_KINDS),
    checklist="database-setup/backup-procedures-configured",
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield forbid_flag(resource, "skip_final_snapshot", True,
                      "skip_final_snapshot = true: deleting the database keeps no final snapshot")
