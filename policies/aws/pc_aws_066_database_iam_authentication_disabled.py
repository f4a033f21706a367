"""## What
Flags an `aws_db_instance` or `aws_rds_cluster` running a MySQL-family (`mysql`, `mariadb`,
`aurora-mysql`) or PostgreSQL-family (`postgres`, `aurora-postgresql`) engine whose
`iam_database_authentication_enabled` is not `true`. Other engines pass as not covered.
UNKNOWN when the engine or the flag cannot be resolved.

## Why
IAM database authentication replaces long-lived database passwords for applications with
15-minute tokens tied to an IAM role, so access is granted, audited and revoked in IAM.

## Fail example
```hcl
resource "aws_db_instance" "db" {
  engine = "postgres"
}
```

## Fix
Set `iam_database_authentication_enabled = true` and grant the application's role
`rds-db:connect` for a database user created with the `rds_iam` role (PostgreSQL) or the
`AWSAuthenticationPlugin` (MySQL).

## References
- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#iam_database_authentication_enabled
- Related: CKV_AWS_161 judges the same attribute.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, Unknown, databases, passed, policy, require_true, unknown


@policy(
    id="PC-AWS-066",
    title="Database IAM authentication disabled",
    severity="low",
    sources=("tf", "plan", "aws"),
    kinds=("aws_db_instance", *databases.DB_CLUSTER_KINDS),
    checklist="access-control/database-user-minimum-required-privileges",
    related=("CKV_AWS_161",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    family = databases.engine_family(resource)
    if isinstance(family, Unknown):
        yield unknown(f"the engine is not known ({family.reason})", at="engine")
    elif family == databases.OTHER:
        yield passed(f"engine {resource.get('engine')!r} is not covered", at="engine")
    else:
        yield require_true(resource, "iam_database_authentication_enabled",
                           "iam_database_authentication_enabled is not true: applications "
                           "must log in with database passwords")
