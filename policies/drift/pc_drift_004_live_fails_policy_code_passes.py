"""## What
Flags a managed resource on which a policy passes as declared (the Terraform state or plan, the
manifest) and fails live: every policy of the live source judges both sides, and a (policy,
resource) pair going from PASS to FAIL is reported once, on the live resource, naming the policy
and its live failure. A policy that already fails as declared is not drift (the policy itself
reports it).

## Why
The code review approved a safe configuration; what runs is not it. A control was removed
outside the code (encryption turned off, a port opened, a limit deleted with `kubectl edit`),
and every report on the code still says it is there.

## Fail example
```text
PC-K8S-001 passes on Deployment/shop/api as declared in k8s/api.yaml and fails live:
container api has no memory limit
```

## Fix
Restore the declared configuration (apply the code) and find out who changed it; when the live
change was right, put it in the code and review it.

## References
- https://developer.hashicorp.com/terraform/tutorials/state/resource-drift
- https://kubernetes.io/docs/reference/kubectl/generated/kubectl_diff/
- Related: PC-DRIFT-003 (the changed attributes), PC-PLAN-002 (the same comparison for a plan).
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, ResourceGraph, Result, policy


@policy(
    id="PC-DRIFT-004",
    title="Live state fails a policy that IaC passes",
    severity="high",
    sources=("aws", "cluster"),
    scope="gate",
    checklist="change-management/change-documentation-completed",
)
def check(graph: ResourceGraph, ctx: Context) -> Iterator[Result]:
    """Never called (``scope="gate"``): the drift engine (``policycheck.drift``) computes it."""
    return iter(())
