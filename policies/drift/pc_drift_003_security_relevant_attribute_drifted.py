"""## What
Flags an attribute that was changed outside the code: as a plan's `resource_drift` records it
(the value in the state differs from the value Terraform read from the provider while
planning), or as `policycheck drift` finds it comparing a Terraform state or plan with the live
AWS account, when a policy of that resource type reads the attribute. For Kubernetes
(`policycheck drift --manifests`) the compared fields are each container's image, resources,
probes and securityContext, the pod securityContext, `replicas` (unless a
HorizontalPodAutoscaler scales the workload) and Service ports; server-set fields never count. Whether a policy reads an
attribute is found by running the policies of the type on the recorded and live objects; only
top-level attribute names count, and policies of every resource type (PC-SEC-001) are left
out. One finding per drifted attribute shows up to three changed paths with the declared and
the live value; sensitive values are shown as `(sensitive value)`.

## Why
A console change to a security group, an encryption or logging setting bypasses review, and
the next `terraform apply` silently reverts it (or, with `ignore_changes`, never does). Either
way the change needs a decision: it is a fix someone made in a hurry that should be codified,
or an unreviewed weakening that should be investigated.

## Fail example
```json
{"resource_drift": [{"address": "aws_security_group.db", "type": "aws_security_group",
  "change": {"actions": ["update"],
             "before": {"ingress": [{"cidr_blocks": ["10.0.0.0/16"]}]},
             "after": {"ingress": [{"cidr_blocks": ["0.0.0.0/0"]}]}}}]}
```

## Fix
Find out who changed the attribute and why; either write the live value into the
configuration (after review) or apply the plan to restore the declared one, and restrict
console write access to the resource.

## References
- https://developer.hashicorp.com/terraform/internals/json-format#plan-representation
- https://developer.hashicorp.com/terraform/tutorials/state/resource-drift
- Related: checkov does not read plan drift; PC-DRIFT-004 compares policy verdicts on live state.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, ResourceGraph, Result, policy


@policy(
    id="PC-DRIFT-003",
    title="Security-relevant attribute drifted",
    severity="high",
    sources=("plan", "aws", "cluster"),
    scope="gate",
    checklist="change-management/change-documentation-completed",
)
def check(graph: ResourceGraph, ctx: Context) -> Iterator[Result]:
    """Drift is a pair of values outside the resource graph; the plan gate
    (``policycheck.engine.gates``) and the drift engine (``policycheck.drift``) compare them and
    report under this policy."""
    return iter(())
