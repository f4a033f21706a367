"""## What
Flags an identity policy document with an `Allow` statement that grants a whole service
(`<service>:*`, such as `s3:*` or `iam:*`, in any letter case) on `Resource: "*"` (or an
all-wildcard ARN, or any `NotResource`). Full access (`*`) is PC-AWS-060's finding and is not
repeated here. Documents are read exactly as PC-AWS-060 reads them: `aws_iam_policy`,
`aws_iam_role_policy`, `aws_iam_user_policy`, `aws_iam_group_policy`,
`aws_ssoadmin_permission_set_inline_policy` and `aws_iam_role` inline policies, as JSON,
`jsonencode(...)` or `data.aws_iam_policy_document` references (judged through the resources
that use them, at their `policy` attribute). UNKNOWN when the document, its effect, actions or
resources cannot be resolved.

## Why
`s3:*` on `*` lets the holder read, overwrite and delete every bucket in the account and change
their policies; `iam:*` on `*` is a path to full administrator access. Grants should name the
actions and resources the workload uses.

## Fail example
```hcl
data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "app" {
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.app.json
}
```

## Fix
Replace `<service>:*` with the specific actions (`s3:GetObject`, `s3:PutObject`, ...) and
`Resource: "*"` with the ARNs of the resources the workload uses.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
- https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
- Related: CKV_AWS_289 (permissions management without constraints), CKV_AWS_290 (write
  access without constraints) (checkov) flag lists of sensitive actions; ours flags any
  service-wide wildcard on all resources, whatever the service.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import POLICY_KINDS, Context, Resource, Result, judge_grants, policy, service_wildcard


def _grants_service(action: str) -> bool:
    return service_wildcard(action) is not None


@policy(
    id="PC-AWS-061", title="IAM policy grants a whole service on all resources", severity="high",
    sources=("tf", "plan", "aws"), kinds=POLICY_KINDS,
    checklist="access-control/service-accounts-minimum-required-permissions",
    related=("CKV_AWS_289", "CKV_AWS_290"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield from judge_grants(resource, ctx.graph, _grants_service,
                            "every action of the service on every resource")
