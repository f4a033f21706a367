"""## What
Flags an `aws_db_instance` that sets `password`, or an `aws_rds_cluster` that sets
`master_password`, instead of letting RDS manage the master password in Secrets Manager
(`manage_master_user_password = true`). Any value counts, a variable or a secret lookup
included: whatever its origin, Terraform sends it to the API and stores it in state. Databases
without a password in the configuration pass (managed passwords, replicas and snapshot
restores inherit theirs). Runs on `tf` and `plan` only: live AWS never returns passwords.

## Why
A password in Terraform ends up in state files, plan files and CI logs, is rarely rotated, and
is shared by everyone who can read state. RDS-managed master passwords live in Secrets
Manager, rotate automatically and are readable only through IAM.

## Fail example
```hcl
resource "aws_db_instance" "db" {
  engine   = "postgres"
  username = "app"
  password = var.db_password
}
```

## Fix
Remove `password`/`master_password` and set `manage_master_user_password = true` (optionally
`master_user_secret_kms_key_id`); applications read the credentials from the generated secret.

## References
- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#manage_master_user_password
- https://developer.hashicorp.com/terraform/language/state/sensitive-data
- Related: PC-SEC-001 flags literal credentials anywhere; this one flags any managed-by-Terraform
  master password.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, fail, is_set, passed, policy

PASSWORD = {"aws_db_instance": "password", "aws_rds_cluster": "master_password"}


@policy(
    id="PC-AWS-065",
    title="Database master password in configuration",
    severity="high",
    sources=("tf", "plan"),
    kinds=tuple(PASSWORD),
    checklist=(
        "environment-variables/secrets-moved-environment-variables",
        "access-control/database-user-minimum-required-privileges",
    ),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    path = PASSWORD[resource.kind]
    if not is_set(resource.get(path)):
        yield passed(f"{path} is not set in the configuration", at=path)
    else:
        yield fail(f"{path} is set in the configuration (and so in Terraform state); use "
                   "manage_master_user_password = true instead", at=path)
