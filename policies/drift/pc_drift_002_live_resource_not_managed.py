"""## What
Flags a live resource (AWS) or object (Kubernetes) of a type that `policycheck drift` read that
no Terraform state, plan or manifest declares. Defaults the cloud or the API server creates (the
default VPC, its subnets and security group, AWS-managed KMS keys, service-linked roles, a
namespace's `default` ServiceAccount, `kube-root-ca.crt`), children of a managed parent (a
bucket's encryption configuration, a Deployment's ReplicaSets and Pods) and entries of the
drift-ignore file are left out. `--only-managed` turns this policy off.

## Why
What nobody declares, nobody reviews: a bucket made by hand, a debugging Deployment left
running, a security group opened for a test. It escapes every policy gate on the code, and it is
lost when the environment is rebuilt.

## Fail example
```text
arn:aws:s3:::acme-scratch exists in the account; no state declares aws_s3_bucket "acme-scratch"
```

## Fix
Import it into the code (`terraform import`, add the manifest) or delete it; when it is
deliberately managed elsewhere, list it in `.policycheck-driftignore` with the reason.

## References
- https://developer.hashicorp.com/terraform/cli/import
- https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/
- Related: PC-DRIFT-001 (the reverse).
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, ResourceGraph, Result, policy


@policy(
    id="PC-DRIFT-002",
    title="Live resource not managed by IaC",
    severity="medium",
    sources=("aws", "cluster"),
    scope="gate",
    checklist="change-management/change-documentation-completed",
)
def check(graph: ResourceGraph, ctx: Context) -> Iterator[Result]:
    """Never called (``scope="gate"``): the drift engine (``policycheck.drift``) computes it."""
    return iter(())
