"""## What
Flags an `aws_db_instance` or `aws_rds_cluster` whose `deletion_protection` is not `true`
(unset or `false`). UNKNOWN when the value cannot be resolved.

## Why
Without deletion protection, one `terraform destroy`, a renamed resource or a console click
deletes the database; with it, deletion needs an explicit, separate change first.

## Fail example
```hcl
resource "aws_rds_cluster" "db" {
  engine = "aurora-postgresql"
}
```

## Fix
Set `deletion_protection = true`; turn it off in a dedicated change when a deletion is
really intended.

## References
- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeleteInstance.DeletionProtection
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#deletion_protection
- Related: CKV_AWS_293 (instances) and CKV_AWS_139 (clusters) judge the same attribute.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import DB_CLUSTER_KINDS, Context, Resource, Result, policy, require_true


@policy(
    id="PC-AWS-081",
    title="Database deletion protection off",
    severity="medium",
    sources=("tf", "plan", "aws"),
    kinds=("aws_db_instance", *DB_CLUSTER_KINDS),
    checklist=(
        "database-setup/production-database-created-accessible",
        "operational-documentation/rollback-procedure-documented",
    ),
    related=("CKV_AWS_293", "CKV_AWS_139"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield require_true(resource, "deletion_protection",
                       "deletion_protection is not true: the database can be deleted directly")
