"""## What
Flags an `aws_dynamodb_table` without `point_in_time_recovery { enabled = true }` (block
missing, or `enabled` unset or `false`). UNKNOWN when the value cannot be resolved.

## Why
Point-in-time recovery keeps continuous backups, so a table can be restored to any second of
the recovery window after an accidental delete, a bad deploy or a faulty batch job; on-demand
backups only cover the moments someone remembered to take one.

## Fail example
```hcl
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
}
```

## Fix
Add `point_in_time_recovery { enabled = true }`.

## References
- https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dynamodb_table#point_in_time_recovery
- Related: CKV_AWS_28 judges the same block.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, policy, require_true


@policy(
    id="PC-AWS-083",
    title="DynamoDB point-in-time recovery off",
    severity="medium",
    sources=("tf", "plan", "aws"),
    kinds="aws_dynamodb_table",
    checklist="backup-and-recovery/application-data-backup-configured",
    related=("CKV_AWS_28",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield require_true(resource, "point_in_time_recovery.0.enabled",
                       "point-in-time recovery is not enabled: the table has no continuous backups")
