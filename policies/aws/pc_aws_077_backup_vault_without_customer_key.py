"""## What
Flags an `aws_backup_vault` without `kms_key_arn`: its recovery points are then encrypted with
the AWS-managed `aws/backup` key instead of a customer-managed key. Also flags a vault whose
`kms_key_arn` is the target of an AWS-managed alias (`aws_kms_alias` named `alias/aws/...`, a
prefix only AWS can use): a live vault always shows a key ARN, and this is how the AWS-managed
one is told apart. UNKNOWN when the value cannot be resolved.

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

from policycheck.api import Context, Resource, Result, fail, policy, require

ALIAS = "aws_kms_alias"
AWS_MANAGED = "alias/aws/"


def aws_managed_alias(key: str, like: Resource, ctx: Context) -> Resource | None:
    """The AWS-managed alias (``alias/aws/backup``) whose key is ``key``, if the scan has one."""
    for alias in ctx.graph.of_kind(ALIAS):
        name, target = alias.get("name"), alias.get("target_key_arn")
        if alias.source == like.source and isinstance(name, str) and name.startswith(AWS_MANAGED) \
                and key in (target, alias.get("target_key_id")):
            return alias
    return None


@policy(
    id="PC-AWS-077",
    title="Backup vault not encrypted with a customer key",
    severity="low",
    sources=("tf", "plan", "aws"),
    kinds="aws_backup_vault",
    reads=ALIAS,
    checklist="data-protection/backup-encryption-configured",
    related=("CKV_AWS_166",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    key = resource.get("kms_key_arn")
    alias = aws_managed_alias(key, resource, ctx) if isinstance(key, str) and key else None
    if alias is not None:
        yield fail(f"kms_key_arn is the AWS-managed key of {alias.get('name')}: backups are not "
                   "encrypted with a customer-managed key", at="kms_key_arn")
        return
    yield require(resource, "kms_key_arn",
                  "kms_key_arn is not set: backups use the AWS-managed aws/backup key")
