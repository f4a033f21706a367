"""## What
Flags an identity policy document with an `Allow` statement whose `Action` includes `*` (or
`*:*`) and whose `Resource` is `*` (or an all-wildcard ARN such as `arn:aws:*:*:*:*`, or any
`NotResource`, which means "everything but"). Documents are read from `aws_iam_policy`,
`aws_iam_role_policy`, `aws_iam_user_policy`, `aws_iam_group_policy`,
`aws_ssoadmin_permission_set_inline_policy` (`policy`/`inline_policy`) and the `inline_policy`
blocks of `aws_iam_role`, written as JSON strings, `jsonencode(...)` or references to
`data.aws_iam_policy_document` (whose `statement` blocks and merged
`source_policy_documents`/`override_policy_documents` are read). A data source is judged
through the resources that use it, so each grant is reported once per attachment and a
document used for a bucket, key or trust policy is not mistaken for a permissions policy; the
finding points at the resource's `policy` attribute and names the data source's statement.
Conditions do not exempt a statement. UNKNOWN when the document, its effect or resources
cannot be resolved. `assume_role_policy` is a trust policy and is not judged. A document read
with `file()`/`templatefile()` from a file inside the scanned directory is judged like an
inline one; a file outside it stays UNKNOWN.

Also flags attaching the AWS-managed `arn:aws:iam::aws:policy/AdministratorAccess` (in any
partition: `aws`, `aws-cn`, `aws-us-gov`) through `aws_iam_role_policy_attachment`,
`aws_iam_user_policy_attachment`, `aws_iam_group_policy_attachment`,
`aws_iam_policy_attachment`, `aws_iam_role_policy_attachments_exclusive` (`policy_arns`) or
`aws_iam_role.managed_policy_arns`, written literally or read from a `data.aws_iam_policy`
by `arn` or `name`. An ARN that cannot be resolved (built from
`data.aws_partition`, a variable without a value) is UNKNOWN; a reference to a
customer-managed `aws_iam_policy` passes here (its own document is judged).

## Why
`Allow * on *` is full administrator access: whoever holds the policy can read every secret,
delete every resource and grant themselves anything else. Service accounts and workloads need
the few actions they actually call.

## Fail example
```hcl
resource "aws_iam_policy" "app" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
```

## Fix
List the specific actions and resource ARNs the principal needs (IAM Access Analyzer can
generate a policy from CloudTrail activity); keep administrator access for break-glass roles
managed outside the application's code.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
- CIS AWS Foundations Benchmark 1.16 (no policies with full "*:*" administrative privileges)
- https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
- Related: CKV_AWS_1 (data source), CKV_AWS_62 (role/user/group inline), CKV_AWS_63 (policy
  resources) (checkov). Ours is stricter: `*:*`, all-wildcard ARNs and `NotResource` count as
  all resources, and attaching `AdministratorAccess` counts too.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    ADMINISTRATOR_ACCESS,
    ATTACHMENT_KINDS,
    POLICY_KINDS,
    Context,
    Resource,
    Result,
    is_full_access,
    judge_grants,
    judge_managed,
    policy,
)

GRANTED = "full administrator access"


@policy(
    id="PC-AWS-060", title="IAM policy grants full admin", severity="critical",
    sources=("tf", "plan", "aws"), kinds=(*POLICY_KINDS, *ATTACHMENT_KINDS),
    checklist="access-control/service-accounts-minimum-required-permissions",
    related=("CKV_AWS_1", "CKV_AWS_62", "CKV_AWS_63"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    if resource.kind not in ATTACHMENT_KINDS:
        yield from judge_grants(resource, ctx.graph, is_full_access, GRANTED)
    yield from judge_managed(resource, ctx.graph, frozenset({ADMINISTRATOR_ACCESS}),
                             f"it grants {GRANTED}")
