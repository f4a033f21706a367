"""## What
Flags an `aws_eks_cluster` whose API endpoint is public to the world:
`vpc_config.endpoint_public_access` true or unset (the default is true) and
`vpc_config.public_access_cidrs` unset (the default is `0.0.0.0/0`) or containing a CIDR that
covers the whole address space (`0.0.0.0/0`, `::/0`). UNKNOWN when a deciding value cannot be
resolved.

## Why
The Kubernetes API is the cluster's control plane: exposed to the internet it is probed for
authentication bugs and leaked credentials from everywhere. A private endpoint, or a public one
restricted to known CIDRs, removes that attack surface.

## Fail example
```hcl
resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = aws_iam_role.eks.arn
  vpc_config {
    subnet_ids = var.subnet_ids
  }
}
```

## Fix
Set `endpoint_private_access = true` and `endpoint_public_access = false`, or restrict
`public_access_cidrs` to the office/VPN/CI ranges that need the API.

## References
- https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster#vpc_config
- Related: CKV_AWS_38 (public CIDRs), CKV_AWS_39 (public access) (checkov). Ours passes a
  public endpoint restricted to specific CIDRs, which CKV_AWS_39 flags.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    Context,
    Resource,
    Result,
    Unknown,
    fail,
    is_public_cidr,
    passed,
    policy,
    truthy,
    unknown,
    values_of,
)

PUBLIC = "vpc_config.0.endpoint_public_access"
CIDRS = "vpc_config.0.public_access_cidrs"


@policy(
    id="PC-AWS-096", title="EKS API endpoint public to the world", severity="high",
    sources=("tf", "plan", "aws"), kinds="aws_eks_cluster",
    checklist="network-security/firewall-rules-configured-minimum-required",
    related=("CKV_AWS_38", "CKV_AWS_39"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    setting = resource.get(PUBLIC)
    public = True if setting is None else truthy(setting)
    if isinstance(public, Unknown):
        yield unknown(f"endpoint_public_access is not known ({public.reason})", at=PUBLIC)
        return
    if not public:
        yield passed("the API endpoint is private", at=PUBLIC)
        return
    cidrs = resource.get(CIDRS)
    if isinstance(cidrs, Unknown):
        yield unknown(f"public_access_cidrs is not known ({cidrs.reason})", at=CIDRS)
        return
    if not values_of(cidrs):
        yield fail("the API endpoint is public and public_access_cidrs is unset (0.0.0.0/0); "
                   "restrict it or disable public access", at=PUBLIC)
        return
    verdicts = [is_public_cidr(c) for c in values_of(cidrs)]
    open_to = [str(c) for c, v in zip(values_of(cidrs), verdicts, strict=True) if v is True]
    undecided = [v for v in verdicts if isinstance(v, Unknown)]
    if open_to:
        yield fail(f"the API endpoint is public to {', '.join(open_to)}; restrict "
                   "public_access_cidrs or disable public access", at=CIDRS)
    elif undecided:
        yield unknown(f"public_access_cidrs is not known ({undecided[0].reason})", at=CIDRS)
    else:
        yield passed("public access is restricted to specific CIDRs", at=CIDRS)
