"""## What
Flags every container, init container and ephemeral container of a workload that runs
`privileged: true` (critical), and otherwise one whose `allowPrivilegeEscalation` is not `false`
(high; unset counts, since Kubernetes then allows escalation). A privileged container gets one
finding, at `securityContext.privileged`: privilege implies escalation. The escalation finding
points at `securityContext.allowPrivilegeEscalation` when set, else at the container's
`securityContext`, else at the container.

## Why
A privileged container has every capability and access to all host devices, which makes escaping
to the node trivial. `allowPrivilegeEscalation` lets a process gain more privileges than its
parent (setuid binaries, file capabilities), turning a foothold into root inside the container.

## Fail example
```yaml
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: web
      image: web:1.4.2
      securityContext: {privileged: true}
```

## Fix
Remove `privileged: true` and set `securityContext.allowPrivilegeEscalation: false` on every
container; grant a specific capability instead when a container needs one.

## References
- https://kubernetes.io/docs/concepts/security/pod-security-standards/ (baseline: privileged;
  restricted: allowPrivilegeEscalation)
- Related: CKV_K8S_16 (privileged), CKV_K8S_20 (allowPrivilegeEscalation) (checkov). Same
  semantics; ours also judges ephemeral (debug) containers seen in a live cluster.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    WORKLOAD_KINDS,
    Container,
    Context,
    Resource,
    Result,
    Severity,
    check_containers,
    fail,
    is_true,
    passed,
    policy,
    truthy,
)

PRIVILEGED = "securityContext.privileged"
ESCALATION = "securityContext.allowPrivilegeEscalation"


def judge(container: Container) -> Result:
    if is_true(container.get(PRIVILEGED)):
        return fail(f"{container.label} is privileged ({PRIVILEGED}: true)",
                    at=container.at(PRIVILEGED))
    escalation = container.get(ESCALATION)
    if escalation is not None and not truthy(escalation):
        return passed(f"{container.label} disallows privilege escalation",
                      at=container.at(ESCALATION))
    state = "is not set" if escalation is None else f"is {escalation!r}"
    return fail(f"{container.label} allows privilege escalation: {ESCALATION} {state}",
                at=container.at(ESCALATION), severity=Severity.HIGH)


@policy(
    id="PC-K8S-012", title="Privileged or escalating container", severity="critical",
    sources=("k8s", "cluster"), kinds=WORKLOAD_KINDS,
    checklist="must-pass/security-checks-passed",
    related=("CKV_K8S_16", "CKV_K8S_20"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield from check_containers(resource, judge, init=True, ephemeral=True)
