"""## What
Flags a planned update or replacement after which a policy fails on an address where it passes
before the plan: encryption turned off, deletion protection removed, an ingress rule widened to
the internet, a log export dropped. Every selected policy judges both the prior objects (the
plan's `before` values) and the planned ones (`after`); a (policy, address) pair whose verdict
goes from PASS to FAIL is reported once, at the failing attribute, naming the policy, its
failure and the changed attributes it reads (`storage_encrypted: true -> false`). A pair that
was already failing, or UNKNOWN before, is not a weakening (the policy itself reports it); a
change to another resource that makes the address fail (a security group opened for a database
that is not itself changed) is a weakening of that address too.

## Why
A plan that makes existing infrastructure less safe deserves more scrutiny than one that adds a
new, equally unsafe resource: it removes a control someone relied on, often as a side effect
(a module upgrade, a copied block, a changed default) that a reviewer skimming a long plan
misses. Gating on the transition keeps such regressions out even where the finding itself is
baselined or below the failure threshold.

## Fail example
```json
{"address": "aws_db_instance.main", "type": "aws_db_instance", "name": "main",
 "change": {"actions": ["update"],
            "before": {"deletion_protection": true},
            "after": {"deletion_protection": false}}}
```

## Fix
Restore the control in the configuration (`deletion_protection = true`, the removed
encryption setting, the narrower CIDR), or, when the change is intended, record why by
suppressing the weakened policy's finding on the resource.

## References
- https://developer.hashicorp.com/terraform/internals/json-format#change-representation
- https://developer.hashicorp.com/terraform/cli/commands/plan
- Related: no checkov equivalent (checkov judges one state, not a transition).
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, ResourceGraph, Result, policy


@policy(
    id="PC-PLAN-002",
    title="Plan weakens an existing control",
    severity="high",
    sources="plan",
    scope="gate",
    checklist=("change-management/rollback-criteria-defined",
               "change-management/deployment-approval-process-followed"),
)
def check(graph: ResourceGraph, ctx: Context) -> Iterator[Result]:
    """The comparison needs every other policy's verdicts on the prior and planned objects; the
    plan gate (``policycheck.engine.gates``) makes it and reports under this policy."""
    return iter(())
