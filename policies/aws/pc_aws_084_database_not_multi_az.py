"""## What
Flags an `aws_db_instance` whose `multi_az` is not `true` (unset or `false`). Aurora and
Multi-AZ DB clusters (`aws_rds_cluster`) spread storage across zones by design and are not
judged. UNKNOWN when the value cannot be resolved.

## Why
A Single-AZ instance is down for the whole of an availability-zone outage or a host failure,
and recovering means a restore from backup with data loss up to the last backup. Multi-AZ keeps
a synchronous standby and fails over in a minute or two.

## Fail example
```hcl
resource "aws_db_instance" "db" {
  engine = "postgres"
}
```

## Fix
Set `multi_az = true` for production databases.

## References
- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#multi_az
- Related: CKV_AWS_157 judges the same attribute.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, policy, require_true


@policy(
    id="PC-AWS-084",
    title="Database not Multi-AZ",
    severity="low",
    sources=("tf", "plan", "aws"),
    kinds="aws_db_instance",
    checklist=(
        "backup-and-recovery/recovery-procedure-documented-tested",
        "backup-and-recovery/rto-rpo-requirements-defined-met",
    ),
    related=("CKV_AWS_157",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield require_true(resource, "multi_az",
                       "multi_az is not true: the database has no standby in another zone")
