"""## What
Flags an `aws_secretsmanager_secret` that no `aws_secretsmanager_secret_rotation` designates
through `secret_id` (a reference to the secret, or in plan and live sources its literal ID or
ARN). A rotation resource with `rotation_enabled = false` (live state) does not count.
UNKNOWN when no rotation names the secret but a rotation's `secret_id` cannot be resolved.

## Why
A secret that never rotates stays valid for as long as anyone who ever read it (a former
employee, a leaked log, a compromised build) keeps a copy. Rotation bounds that window and
proves the application can pick up new credentials.

## Fail example
```hcl
resource "aws_secretsmanager_secret" "db" {
  name = "prod/db"
}
```

## Fix
Add `aws_secretsmanager_secret_rotation` with `secret_id = aws_secretsmanager_secret.db.id`,
a rotation Lambda (or managed rotation) and `rotation_rules { automatically_after_days = 30 }`.
For RDS master passwords prefer `manage_master_user_password = true`, which rotates for you.

## References
- https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/secretsmanager_secret_rotation
- Related: CKV2_AWS_57 (checkov), same semantics.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, fail, passed, policy, referring, unknown

ROTATION = "aws_secretsmanager_secret_rotation"


@policy(
    id="PC-AWS-064", title="Secret has no rotation", severity="medium",
    sources=("tf", "plan", "aws"), kinds="aws_secretsmanager_secret",
    checklist="access-control/api-keys-rotated-stored-securely",
    related=("CKV2_AWS_57",), reads=ROTATION,
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    rotations = referring(resource, ctx.graph, ROTATION, "secret_id")
    enabled = [r for r in rotations.found if r.get("rotation_enabled") is not False]
    if enabled:
        yield passed(f"rotated by {enabled[0].address}")
    elif rotations.undecided:
        reasons = "; ".join(f"{r.address}: {u.reason}" for r, u in rotations.undecided)
        yield unknown(f"no rotation names this secret, and the secret_id of some cannot be "
                      f"resolved ({reasons})")
    else:
        yield fail("no aws_secretsmanager_secret_rotation rotates this secret")
