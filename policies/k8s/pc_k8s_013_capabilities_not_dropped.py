"""## What
Flags every container and init container of a workload whose
`securityContext.capabilities.drop` does not contain `ALL` (medium), and, separately, one whose
`capabilities.add` includes `SYS_ADMIN`, `NET_ADMIN` or `ALL` (high). Names are compared
case-insensitively and with or without the `CAP_` prefix. The drop finding points at
`capabilities.drop` when present, else at its deepest present parent; the add finding points at
`capabilities.add`.

## Why
Container runtimes grant a default set of Linux capabilities (`NET_RAW`, `CHOWN`, `SETUID`, ...)
that most applications never use and attackers do. `SYS_ADMIN` is close to root on the node, and
`NET_ADMIN` lets a container rewrite the pod's network (interfaces, iptables).

## Fail example
```yaml
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: web
      image: web:1.4.2
      securityContext:
        capabilities: {add: [NET_ADMIN]}
```

## Fix
Set `securityContext.capabilities.drop: [ALL]` on every container and add back only the specific
capability it needs (for example `NET_BIND_SERVICE`), never `SYS_ADMIN` or `NET_ADMIN`.

## References
- https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
- https://man7.org/linux/man-pages/man7/capabilities.7.html
- Related: CKV_K8S_37 (capabilities not dropped), CKV_K8S_39 (SYS_ADMIN) (checkov). Ours also
  flags `NET_ADMIN` and `add: [ALL]`, and accepts `all`/`CAP_`-prefixed spellings.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policycheck.api import (
    WORKLOAD_KINDS,
    Container,
    Context,
    Resource,
    Result,
    Severity,
    check_containers,
    fail,
    passed,
    policy,
)

DROP = "securityContext.capabilities.drop"
ADD = "securityContext.capabilities.add"
DANGEROUS = frozenset({"SYS_ADMIN", "NET_ADMIN", "ALL"})


def names(value: Any) -> set[str]:
    """Capability names normalised to upper case without the ``CAP_`` prefix."""
    if not isinstance(value, list):
        return set()
    return {str(item).strip().upper().removeprefix("CAP_") for item in value}


def judge(container: Container) -> Iterator[Result]:
    fine = True
    if "ALL" not in names(container.get(DROP)):
        fine = False
        yield fail(f"{container.label} does not drop all capabilities: {DROP} lacks ALL",
                   at=container.at(DROP))
    dangerous = sorted(names(container.get(ADD)) & DANGEROUS)
    if dangerous:
        fine = False
        yield fail(f"{container.label} adds capabilities {', '.join(dangerous)}",
                   at=container.at(ADD), severity=Severity.HIGH)
    if fine:
        yield passed(f"{container.label} drops all capabilities", at=container.at(DROP))


@policy(
    id="PC-K8S-013", title="Capabilities not dropped", severity="medium",
    sources=("k8s", "cluster"), kinds=WORKLOAD_KINDS,
    checklist="access-control/service-accounts-minimum-required-permissions",
    related=("CKV_K8S_37", "CKV_K8S_39"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield from check_containers(resource, judge, init=True)
