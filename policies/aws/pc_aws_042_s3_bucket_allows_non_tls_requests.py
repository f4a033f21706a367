"""## What
Flags an `aws_s3_bucket` whose bucket policy does not deny requests made without TLS. The
policy is the bucket's inline `policy` (AWS provider v3) or the `policy` of an
`aws_s3_bucket_policy` linked to the bucket by reference or by literal name (provider v4+); it
may be a JSON string, `jsonencode(...)` or a `data.aws_iam_policy_document`. It passes when a
statement has `Effect = Deny`, covers all S3 actions (`s3:*` or `*`) and has the condition
`Bool` (or `BoolIfExists`) `aws:SecureTransport = false`. The statement's principal and
resources are not judged. UNKNOWN when the policy, or the link of a policy resource to the
bucket, cannot be resolved.

## Why
S3 accepts plain HTTP requests unless the bucket policy refuses them; TLS is then up to every
client and SDK configuration. A deny on `aws:SecureTransport = false` enforces encryption in
transit on the server side, for every client.

## Fail example
```hcl
resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}
```

## Fix
Attach an `aws_s3_bucket_policy` with a statement that denies `s3:*` on the bucket and its
objects to principal `*` when `aws:SecureTransport` is `false`.

## References
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
- https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_policy
- Related: AWS Config rule s3-bucket-ssl-requests-only judges the same.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from policycheck.api import Context, Resource, Result, Unknown, fail, passed, policy, unknown
from policycheck.helpers import iam, s3
from policycheck.helpers.attributes import is_set

OPERATORS = ("bool", "boolifexists")
KEY = "aws:securetransport"
ALL_S3 = ("s3:*", "*")


def _condition_denies_plain(condition: Any) -> bool | Unknown:
    """Whether a condition (JSON map or ``condition`` blocks) is ``aws:SecureTransport = false``."""
    if isinstance(condition, Unknown):
        return condition
    if isinstance(condition, Mapping):
        pairs = [(op, key, values) for op, tests in condition.items()
                 if isinstance(tests, Mapping) for key, values in tests.items()]
    else:
        pairs = [(b.get("test"), b.get("variable"), b.get("values"))
                 for b in (condition or []) if isinstance(b, Mapping)]
    undecided: Unknown | None = None
    for operator, key, values in pairs:
        listed = values if isinstance(values, list) else [values]
        parts = [operator, key, *listed]
        if any(isinstance(p, Unknown) for p in parts):
            undecided = undecided or Unknown("a condition of the statement is not known")
        elif str(operator).lower() in OPERATORS and str(key).lower() == KEY and any(
                str(v).lower() == "false" for v in listed):
            return True
    return undecided or False


def _denies_plain(statement: iam.Statement) -> bool | Unknown:
    if isinstance(statement.effect, Unknown):
        return statement.effect
    if statement.effect != "Deny":
        return False
    actions = [a.lower() if isinstance(a, str) else a for a in statement.actions]
    if not any(a in ALL_S3 for a in actions if isinstance(a, str)):
        unresolved = [a for a in actions if isinstance(a, Unknown)]
        return unresolved[0] if unresolved else False
    return _condition_denies_plain(statement.condition)


def _judge(resource: Resource, ctx: Context) -> Result | None:
    value = resource.get("policy")
    if not is_set(value):
        return None
    document = iam.read_document(value, resource, ctx.graph, "policy")
    undecided = [] if document.unknown is None else [document.unknown]
    for statement in document.statements:
        verdict = _denies_plain(statement)
        if isinstance(verdict, Unknown):
            undecided.append(verdict)
        elif verdict:
            return passed(f"{statement.describe()} denies requests without TLS", at="policy")
    if undecided:
        reason = undecided[0].reason or "unresolved"
        return unknown(f"cannot tell whether the bucket policy denies requests without TLS "
                       f"({reason})", at="policy")
    return fail(f"the bucket policy in {resource.address} does not deny requests with "
                "aws:SecureTransport = false", at="policy")


@policy(
    id="PC-AWS-042",
    title="S3 bucket allows non-TLS requests",
    severity="medium",
    sources=("tf", "plan", "aws"),
    kinds=s3.BUCKET,
    reads=s3.BUCKET_POLICY,
    checklist="data-protection/data-encryption-transit-enforced",
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    def judge(candidate: Resource) -> Result | None:
        return _judge(candidate, ctx)

    yield s3.judge_bucket(
        resource, ctx.graph, s3.BUCKET_POLICY, judge=judge, inline=judge,
        missing="the bucket has no bucket policy denying requests without TLS "
        "(aws:SecureTransport = false)",
    )
