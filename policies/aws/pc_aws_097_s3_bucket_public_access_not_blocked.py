"""## What
Flags an `aws_s3_bucket` that no public access block covers with all four flags true
(`block_public_acls`, `block_public_policy`, `ignore_public_acls`, `restrict_public_buckets`;
unset flags are false). A block covers the bucket when it is an
`aws_s3_bucket_public_access_block` linked to it by reference or by literal name, or an
account-level `aws_s3_account_public_access_block` in the scan. A linked block with a flag off
FAILs at that flag. UNKNOWN when a flag or the link of a block to the bucket cannot be
resolved.

## Why
One public ACL or bucket policy statement, added by mistake or by a tool, is enough to publish
a bucket's objects to the internet. Public access blocks make S3 refuse and ignore such grants
regardless of who adds them.

## Fail example
```hcl
resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = true
}
```

## Fix
Add (or complete) an `aws_s3_bucket_public_access_block` for the bucket with all four flags
true, or set them account-wide with `aws_s3_account_public_access_block`.

## References
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block
- Related: CKV2_AWS_6 (a block exists for the bucket) and CKV_AWS_53..56 (one flag each).
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, Unknown, fail, passed, policy, truthy, unknown
from policycheck.helpers import s3

FLAGS = ("block_public_acls", "block_public_policy", "ignore_public_acls",
         "restrict_public_buckets")


def _all_flags(block: Resource) -> Result:
    values = {flag: truthy(block.get(flag)) for flag in FLAGS}
    off = [flag for flag, value in values.items() if value is False]
    if off:
        return fail(f"{block.address} does not set {', '.join(off)} to true", at=off[0])
    undecided = [flag for flag, value in values.items() if isinstance(value, Unknown)]
    if undecided:
        return unknown(f"{', '.join(undecided)} of {block.address} is not known", at=undecided[0])
    return passed(f"{block.address} blocks all public access")


@policy(
    id="PC-AWS-097",
    title="S3 bucket public access not blocked",
    severity="high",
    sources=("tf", "plan", "aws"),
    kinds=s3.BUCKET,
    reads=(s3.PUBLIC_ACCESS_BLOCK, s3.ACCOUNT_PUBLIC_ACCESS_BLOCK),
    checklist="access-control/file-system-permissions-restricted",
    related=("CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield s3.judge_bucket(
        resource, ctx.graph, s3.PUBLIC_ACCESS_BLOCK, judge=_all_flags,
        account=s3.account_public_access_blocks(ctx.graph, resource),
        missing="no public access block (bucket or account level) covers the bucket",
    )
