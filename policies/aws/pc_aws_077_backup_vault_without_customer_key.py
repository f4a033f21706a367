"""## What
Flags an `aws_backup_vault` without `kms_key_arn`: its recovery points are then encrypted with
the AWS-managed `aws/backup` key instead of a customer-managed key. UNKNOWN when the value
cannot be resolved.

## Why
With a customer-managed key the key policy decides who can restore or copy backups, the key can
be shared with a recovery account for cross-account copies, and every use is logged; the
AWS-managed key offers none of that control.

## Fail example
```hcl
resource "aws_backup_vault" "main" {
  name = "main"
}
```

## Fix
Set `kms_key_arn` to a customer-managed KMS key (the vault must be recreated to change it).

## References
- https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/backup_vault#kms_key_arn
- Related: CKV_AWS_166 judges the same attribute.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, policy, require


@policy(
    id="PC-AWS-077",
    title="Backup vault not encrypted with a customer key",
    severity="low",
    sources=("tf", "plan", "aws"),
    kinds="aws_backup_vault",
    checklist="data-protection/backup-encryption-configured",
    related=("CKV_AWS_166",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield require(resource, "kms_key_arn",
                  "kms_key_arn is not set: backups use the AWS-managed aws/backup key")
