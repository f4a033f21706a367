"""## What
Flags an `aws_sqs_queue` with neither `kms_master_key_id` nor `sqs_managed_sse_enabled = true`,
and an `aws_sns_topic` without `kms_master_key_id`. SQS encrypts new queues with SQS-managed
keys by default, but an unset `sqs_managed_sse_enabled` leaves that to the API default, so it
must be set explicitly. UNKNOWN when the deciding values cannot be resolved.

## Why
Messages often carry personal data, tokens or internal events; encryption at rest keeps them
unreadable outside the service and, with a KMS key, adds key-policy access control and audit.

## Fail example
```hcl
resource "aws_sns_topic" "events" {
  name = "events"
}
```

## Fix
Set `kms_master_key_id` (a KMS key ID/ARN, or `alias/aws/sns` / `alias/aws/sqs`) or, for SQS,
`sqs_managed_sse_enabled = true`.

## References
- https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
- https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html
- Related: CKV_AWS_27 (SQS) and CKV_AWS_26 (SNS) judge the same attributes.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, Verdict, policy, require, require_true


@policy(
    id="PC-AWS-075",
    title="Queue / topic not encrypted",
    severity="medium",
    sources=("tf", "plan", "aws"),
    kinds=("aws_sqs_queue", "aws_sns_topic"),
    checklist="data-protection/data-encryption-at-rest-enabled",
    related=("CKV_AWS_27", "CKV_AWS_26"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    kms = require(resource, "kms_master_key_id",
                  "kms_master_key_id is not set: messages are not encrypted with a KMS key")
    if resource.kind != "aws_sqs_queue" or kms.verdict is Verdict.PASS:
        yield kms
        return
    managed = require_true(resource, "sqs_managed_sse_enabled",
                           "neither kms_master_key_id nor sqs_managed_sse_enabled = true is set: "
                           "the queue is not explicitly encrypted")
    undecided = managed.verdict is Verdict.FAIL and kms.verdict is Verdict.UNKNOWN
    yield kms if undecided else managed
