"""## What
Flags every `aws_iam_access_key` declared in Terraform or a plan: the key's secret is written
to the state (encrypted only with a `pgp_key`, and even then handed out by the pipeline). On
live (`aws`) resources it flags an access key whose `status` is `Active` and whose
`create_date` is more than `max_key_age_days` (default 90) days ago; inactive keys pass.
UNKNOWN when a live key's creation date cannot be read.

## Why
Long-lived access keys are the most common source of leaked AWS credentials. Keys created by
Terraform live in the state file; keys that are never rotated stay valid for years after they
were copied into a laptop, a CI variable or a public repository.

## Fail example
```hcl
resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}
```

## Fix
Replace access keys with roles: IAM roles for workloads, OIDC federation for CI
(`aws_iam_openid_connect_provider`), IAM Identity Center for people. Where a key is
unavoidable, create it outside Terraform, store it in Secrets Manager and rotate it within
90 days.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#securing_access-keys
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_access_key
- CIS AWS Foundations Benchmark 1.14 (access keys rotated every 90 days or less)
- Related: no checkov equivalent.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from policycheck.api import Context, Resource, Result, fail, passed, policy, unknown


@policy(
    id="PC-AWS-062", title="IAM access keys managed in code / stale", severity="high",
    sources=("tf", "plan", "aws"), kinds="aws_iam_access_key",
    checklist="access-control/api-keys-rotated-stored-securely",
    params={"max_key_age_days": 90},
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    if resource.source != "aws":
        yield fail("an IAM access key is created in code: its secret is stored in the "
                   "Terraform state; use a role or OIDC federation instead")
        return
    status = resource.get("status")
    if not isinstance(status, str) or status.lower() != "active":
        shown = status if isinstance(status, str) and status else "not active"
        yield passed(f"the access key is {shown}", at="status")
        return
    created = _timestamp(resource.get("create_date"))
    if created is None:
        yield unknown("the access key's creation date is not known", at="create_date")
        return
    limit = int(ctx.params["max_key_age_days"])
    age = (datetime.now(UTC) - created).days
    if age > limit:
        yield fail(f"the active access key is {age} days old (created {created.date()}), "
                   f"older than {limit} days; rotate it", at="create_date")
    else:
        yield passed(f"the access key is {age} days old", at="create_date")


def _timestamp(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, str):
        return None
    try:
        return _timestamp(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return None
