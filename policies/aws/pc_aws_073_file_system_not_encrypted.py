"""## What
Flags an `aws_efs_file_system` whose `encrypted` is not `true` (unset or `false`). UNKNOWN when
the value cannot be resolved.

## Why
An unencrypted file system keeps its data, and its backups, readable at rest. Encryption can
only be chosen when the file system is created.

## Fail example
```hcl
resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
}
```

## Fix
Set `encrypted = true` (optionally `kms_key_id` for a customer-managed key); for an existing
file system, create an encrypted one and copy the data (AWS DataSync).

## References
- https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/efs_file_system#encrypted
- Related: CKV_AWS_42 judges the same attribute.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, policy, require_true


@policy(
    id="PC-AWS-073",
    title="File system not encrypted",
    severity="high",
    sources=("tf", "plan", "aws"),
    kinds="aws_efs_file_system",
    checklist="data-protection/data-encryption-at-rest-enabled",
    related=("CKV_AWS_42",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield require_true(resource, "encrypted",
                       "encrypted is not true: the file system is not encrypted at rest")
