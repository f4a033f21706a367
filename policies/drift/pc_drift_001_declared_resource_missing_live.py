"""## What
Flags a resource that the code declares (a Terraform state or plan, a Kubernetes manifest) but
that does not exist in the live account or cluster that `policycheck drift` read. Only what the
live side covers counts: a declared resource of a type, region or namespace that was not read
(or was NOT ASSESSED) is neither missing nor present.

## Why
A resource deleted outside the code (a console clean-up, a failed migration, a namespace wiped
by hand) leaves the code describing infrastructure that is not there: the next apply recreates
it empty (a database without its data), and everything that depends on it is broken now.

## Fail example
```json
{"resources": [{"mode": "managed", "type": "aws_s3_bucket", "name": "audit",
  "instances": [{"attributes": {"id": "acme-audit-logs", "bucket": "acme-audit-logs"}}]}]}
```
(the bucket `acme-audit-logs` does not exist in the account)

## Fix
Find out who deleted it and why; restore it (from a backup for data stores) or remove it from
the code (`terraform state rm`, delete the manifest) after review.

## References
- https://developer.hashicorp.com/terraform/tutorials/state/resource-drift
- https://kubernetes.io/docs/concepts/overview/working-with-objects/object-management/
- Related: PC-DRIFT-002 (the reverse), PC-DRIFT-003.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, ResourceGraph, Result, policy


@policy(
    id="PC-DRIFT-001",
    title="Declared resource missing live",
    severity="high",
    sources=("aws", "cluster"),
    scope="gate",
    checklist="change-management/change-documentation-completed",
)
def check(graph: ResourceGraph, ctx: Context) -> Iterator[Result]:
    """Never called (``scope="gate"``): the drift engine (``policycheck.drift``) computes it."""
    return iter(())
