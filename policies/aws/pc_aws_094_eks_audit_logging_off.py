"""## What
Flags an `aws_eks_cluster` whose `enabled_cluster_log_types` lacks `api` or `audit` (both are
required; unset means no control-plane logs). UNKNOWN when the list cannot be resolved.

## Why
The `audit` log records who did what through the Kubernetes API, the `api` log records the API
server's own view of requests and errors; without them, a leaked kubeconfig or a destructive
`kubectl` command leaves no trace.

## Fail example
```hcl
resource "aws_eks_cluster" "main" {
  name                      = "main"
  enabled_cluster_log_types = ["api"]
}
```

## Fix
Set `enabled_cluster_log_types` to include `"api"` and `"audit"` (and preferably
`"authenticator"`), and give the `/aws/eks/<name>/cluster` log group a retention period.

## References
- https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster#enabled_cluster_log_types
- Related: CKV_AWS_37 requires all five log types; ours requires the two that audit access.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, Unknown, fail, passed, policy, unknown

REQUIRED = ("api", "audit")


@policy(
    id="PC-AWS-094",
    title="EKS control-plane audit logging off",
    severity="medium",
    sources=("tf", "plan", "aws"),
    kinds="aws_eks_cluster",
    checklist="data-governance/audit-logging-configured",
    related=("CKV_AWS_37",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    path = "enabled_cluster_log_types"
    types = resource.get(path)
    if isinstance(types, Unknown):
        yield unknown(f"{path} is not known ({types.reason})", at=path)
        return
    types = types or []
    listed = {t for t in types if isinstance(t, str)}
    missing = [t for t in REQUIRED if t not in listed]
    if not missing:
        yield passed(f"{path} includes api and audit", at=path)
    elif any(isinstance(t, Unknown) for t in types):
        yield unknown(f"{path} has entries that are not known", at=path)
    else:
        yield fail(f"{path} lacks {' and '.join(repr(t) for t in missing)}: control-plane "
                   "access is not logged", at=path)
