"""## What
Flags an `aws_db_instance`, `aws_rds_cluster_instance` or `aws_redshift_cluster` with
`publicly_accessible = true`. Unset passes: the provider default is `false` (for Redshift since
AWS provider v5). A value that cannot be resolved (a variable without a value) is UNKNOWN.

## Why
A publicly accessible database gets a public DNS name and IP address; only its security group
stands between the internet and the database's login prompt. Databases belong in private subnets,
reached from the application tier, a bastion or a VPN.

## Fail example
```hcl
resource "aws_db_instance" "db" {
  engine              = "postgres"
  publicly_accessible = true
}
```

## Fix
Set `publicly_accessible = false` (or remove it) and reach the database from inside the VPC.

## References
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#publicly_accessible
- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html
- Related: CKV_AWS_17 (RDS) and CKV_AWS_87 (Redshift) judge the same attribute; PC-AWS-021
  judges the security-group path to the database.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import DB_INSTANCE_KINDS, Context, Resource, Result, forbid_flag, policy


@policy(
    id="PC-AWS-020",
    title="Database instance is publicly accessible",
    severity="critical",
    sources=("tf", "plan", "aws"),
    kinds=(*DB_INSTANCE_KINDS, "aws_redshift_cluster"),
    checklist="network-security/database-not-publicly-accessible",
    related=("CKV_AWS_17", "CKV_AWS_87"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield forbid_flag(
        resource, "publicly_accessible", True,
        "publicly_accessible = true gives the database a public endpoint; set it to false",
    )
