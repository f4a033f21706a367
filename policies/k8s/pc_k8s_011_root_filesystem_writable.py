"""## What
Flags every container and init container of a workload whose `securityContext` does not set
`readOnlyRootFilesystem: true` (the setting exists only per container; a pod-level value is not
inherited). The finding points at `securityContext.readOnlyRootFilesystem` when it is set to
something else, else at the container's `securityContext`, else at the container.

## Why
A writable root filesystem lets an attacker who gets code execution drop tools, modify binaries
and persist in the container. Applications should write only to declared volumes (`emptyDir` for
scratch space).

## Fail example
```yaml
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: web
      image: web:1.4.2
      securityContext: {readOnlyRootFilesystem: false}
```

## Fix
Set `securityContext.readOnlyRootFilesystem: true` on every container and mount an `emptyDir`
volume at each path the application must write to (`/tmp`, caches).

## References
- https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
- Related: CKV_K8S_22 (checkov). Same semantics.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    WORKLOAD_KINDS,
    Container,
    Context,
    Resource,
    Result,
    check_containers,
    fail,
    is_true,
    passed,
    policy,
)

KEY = "securityContext.readOnlyRootFilesystem"


def judge(container: Container) -> Result:
    at = container.at(KEY)
    if is_true(container.get(KEY)):
        return passed(f"{container.label} has a read-only root filesystem", at=at)
    return fail(f"{container.label} has a writable root filesystem: {KEY} is not true", at=at)


@policy(
    id="PC-K8S-011", title="Root filesystem is writable", severity="medium",
    sources=("k8s", "cluster"), kinds=WORKLOAD_KINDS,
    checklist="access-control/file-system-permissions-restricted",
    related=("CKV_K8S_22",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield from check_containers(resource, judge, init=True)
