"""## What
Flags an `aws_s3_bucket` that has neither an inline `server_side_encryption_configuration`
block (AWS provider v3 style) nor an `aws_s3_bucket_server_side_encryption_configuration`
linked to it (provider v4+ style). The configuration is linked by a reference to the bucket
(`bucket = aws_s3_bucket.b.id` or `.bucket`) or by a literal equal to the bucket's `bucket`
name. The result is UNKNOWN when a configuration may be linked but the link cannot be decided:
its `bucket` is not known, or it names a bucket literally, this bucket's name is not known (a
variable without a value, a computed name) and no other bucket of the scan has that name.

## Why
Default encryption makes S3 encrypt every object written without encryption headers, with a key
you chose. Writing it down in code makes the algorithm and key (SSE-S3, SSE-KMS with a
customer-managed key, DSSE-KMS) a reviewed decision and keeps buckets created before S3's
platform default from silently staying unencrypted.

## Fail example
```hcl
resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}
```

## Fix
Add an `aws_s3_bucket_server_side_encryption_configuration` whose `bucket` is
`aws_s3_bucket.<name>.id`, with a `rule { apply_server_side_encryption_by_default { ... } }`
(`sse_algorithm = "aws:kms"` and a customer-managed `kms_master_key_id` for sensitive data).

## References
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_server_side_encryption_configuration
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html
- Related: CKV_AWS_19. Ours is stricter: since January 2023 S3 applies SSE-S3 to new objects
  even without a configuration, and a bucket relying on that platform default passes checks
  that accept it; here it FAILs, because an explicit configuration is what records (and lets
  reviewers and PC-PLAN-002 guard) the algorithm and key. Ours does not judge the algorithm
  itself (CKV_AWS_145 asks for KMS).
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, policy
from policycheck.helpers import s3


@policy(
    id="PC-AWS-071",
    title="S3 bucket without default encryption configuration",
    severity="medium",
    sources=("tf", "plan", "aws"),
    kinds=s3.BUCKET,
    reads=s3.ENCRYPTION_CONFIGURATION,
    checklist="data-protection/data-encryption-at-rest-enabled",
    related=("CKV_AWS_19",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield s3.judge_bucket(
        resource, ctx.graph, s3.ENCRYPTION_CONFIGURATION,
        inline=s3.inline_setting("server_side_encryption_configuration"),
        missing="the bucket has no default encryption configuration (no inline "
        "server_side_encryption_configuration and no "
        "aws_s3_bucket_server_side_encryption_configuration for it)",
    )
