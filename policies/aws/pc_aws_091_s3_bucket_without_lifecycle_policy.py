"""## What
Flags an `aws_s3_bucket` with no lifecycle configuration: neither inline `lifecycle_rule` blocks
(AWS provider v3) nor an `aws_s3_bucket_lifecycle_configuration` linked to it by reference or by
literal name (provider v4+). The rules' content is not judged. UNKNOWN when a configuration may
be linked but the link cannot be decided (its `bucket`, or this bucket's name, is not known).

## Why
Without lifecycle rules, objects, old versions and incomplete multipart uploads are kept
forever: storage cost grows without bound and data outlives any retention policy.

## Fail example
```hcl
resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}
```

## Fix
Add an `aws_s3_bucket_lifecycle_configuration` for the bucket with rules that expire (or
transition) objects and noncurrent versions and abort incomplete multipart uploads.

## References
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_lifecycle_configuration
- Related: CKV2_AWS_61 judges the same.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, policy
from policycheck.helpers import s3


@policy(
    id="PC-AWS-091",
    title="S3 bucket has no lifecycle policy",
    severity="low",
    sources=("tf", "plan", "aws"),
    kinds=s3.BUCKET,
    reads=s3.LIFECYCLE_CONFIGURATION,
    checklist="data-protection/data-retention-policies-implemented",
    related=("CKV2_AWS_61",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield s3.judge_bucket(
        resource, ctx.graph, s3.LIFECYCLE_CONFIGURATION,
        inline=s3.inline_setting("lifecycle_rule"),
        missing="the bucket has no lifecycle configuration (no inline lifecycle_rule and no "
        "aws_s3_bucket_lifecycle_configuration for it)",
    )
