"""## What
Flags an `aws_eks_cluster` without an `encryption_config` block whose `resources` include
`secrets` (envelope encryption of Kubernetes secrets with a KMS key). UNKNOWN when the blocks
or their `resources` cannot be resolved.

## Why
Kubernetes secrets are stored in etcd; envelope encryption with a customer-managed KMS key adds
a second, auditable key (with its own key policy) on top of the volume encryption, so that a
copy of etcd data is not enough to read them.

## Fail example
```hcl
resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = aws_iam_role.eks.arn
}
```

## Fix
Add `encryption_config { resources = ["secrets"] provider { key_arn = aws_kms_key.eks.arn } }`.

## References
- https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster#encryption_config
- Related: CKV_AWS_58 judges the same block.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, Unknown, fail, passed, policy, unknown


@policy(
    id="PC-AWS-076",
    title="EKS secrets not envelope-encrypted",
    severity="high",
    sources=("tf", "plan", "aws"),
    kinds="aws_eks_cluster",
    checklist="data-protection/data-encryption-at-rest-enabled",
    related=("CKV_AWS_58",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    blocks = resource.get("encryption_config")
    if isinstance(blocks, Unknown):
        yield unknown(f"encryption_config is not known ({blocks.reason})", at="encryption_config")
        return
    undecided: Unknown | None = None
    for index, block in enumerate(blocks or []):
        kinds = block.get("resources") if isinstance(block, dict) else None
        path = f"encryption_config.{index}.resources"
        listed = kinds if isinstance(kinds, list) else [kinds]
        if "secrets" in [k for k in listed if isinstance(k, str)]:
            yield passed("secrets are envelope-encrypted", at=path)
            return
        undecided = next((k for k in listed if isinstance(k, Unknown)), undecided)
    if undecided is not None:
        yield unknown(f"encryption_config resources are not known ({undecided.reason})",
                      at="encryption_config")
    else:
        yield fail("no encryption_config covers \"secrets\": Kubernetes secrets are not "
                   "envelope-encrypted with a KMS key", at="encryption_config")
