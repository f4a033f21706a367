"""## What
Flags a symmetric encryption `aws_kms_key` (`customer_master_key_spec`/`key_spec` unset or
`SYMMETRIC_DEFAULT`, `key_usage` unset or `ENCRYPT_DECRYPT`) without
`enable_key_rotation = true`. Asymmetric and HMAC keys, which AWS cannot rotate automatically,
pass. UNKNOWN when the key spec or the rotation flag cannot be resolved.

## Why
Automatic rotation replaces the key material every year (or on the configured period) while
old ciphertext stays readable; without it, one compromised key version protects every piece of
data the key ever encrypted, and compliance frameworks (CIS, PCI DSS) require it.

## Fail example
```hcl
resource "aws_kms_key" "data" {
  description = "application data"
}
```

## Fix
Set `enable_key_rotation = true` (optionally `rotation_period_in_days`).

## References
- https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key#enable_key_rotation
- CIS AWS Foundations Benchmark 3.6 (rotation for customer-created symmetric CMKs)
- Related: CKV_AWS_7 (checkov), same semantics.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    Context,
    Resource,
    Result,
    Unknown,
    passed,
    policy,
    require_true,
    unknown,
)

SYMMETRIC = {"spec": "SYMMETRIC_DEFAULT", "usage": "ENCRYPT_DECRYPT"}
ATTRIBUTES = (("customer_master_key_spec", "spec"), ("key_spec", "spec"), ("key_usage", "usage"))


@policy(
    id="PC-AWS-063", title="KMS key rotation disabled", severity="medium",
    sources=("tf", "plan", "aws"), kinds="aws_kms_key",
    checklist="access-control/api-keys-rotated-stored-securely",
    related=("CKV_AWS_7",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    for path, role in ATTRIBUTES:
        value = resource.get(path)
        if isinstance(value, Unknown):
            yield unknown(f"{path} is not known ({value.reason})", at=path)
            return
        if isinstance(value, str) and value and value.upper() != SYMMETRIC[role]:
            yield passed(f"{path} = {value}: AWS does not rotate this key type", at=path)
            return
    yield require_true(resource, "enable_key_rotation",
                       "enable_key_rotation is not true: the symmetric key's material is never "
                       "rotated; set enable_key_rotation = true")
