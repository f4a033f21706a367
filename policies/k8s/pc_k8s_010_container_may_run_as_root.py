"""## What
Flags every container, init container and ephemeral container that may run as root. A container
passes when its effective security context (the container's `securityContext`, falling back to
the pod's `securityContext`) sets `runAsNonRoot: true` or a `runAsUser` above 0, and neither the
container nor the pod sets `runAsUser: 0`. A `runAsUser: 0` anywhere fails and the finding points
at it: in the container it overrides a pod-level `runAsNonRoot: true`; in the pod it is the UID of
every container that does not set its own, so it is flagged even where a container overrides it.
Otherwise the finding points at the container's `securityContext` (or the container). A
`runAsUser` that is not an integer (an unrendered template) is UNKNOWN.

## Why
A process running as UID 0 owns the container's filesystem and, after any container escape, the
node. Most images run as root unless told otherwise, so the manifest has to say so.

## Fail example
```yaml
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext: {runAsNonRoot: true}
  containers:
    - name: web
      image: web:1.4.2
      securityContext: {runAsUser: 0}
```

## Fix
Set `securityContext.runAsNonRoot: true` (and a non-zero `runAsUser`, for example 10001, when the
image does not define a numeric non-root user) on the pod or on each container, and remove any
`runAsUser: 0`.

## References
- https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
- https://kubernetes.io/docs/concepts/security/pod-security-standards/ (restricted profile)
- Related: CKV_K8S_23 (checkov, runAsNonRoot) and CKV_K8S_40 (high UID). Ours also accepts a
  non-zero `runAsUser` without `runAsNonRoot`, and fails a `runAsUser: 0` that checkov misses when
  `runAsNonRoot: true` is set elsewhere.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    WORKLOAD_KINDS,
    Container,
    Context,
    Resource,
    Result,
    Unknown,
    check_containers,
    effective_security_setting,
    fail,
    integer,
    is_true,
    passed,
    policy,
    security_settings,
    unknown,
)


def judge(resource: Resource, container: Container) -> Iterator[Result]:
    for setting in security_settings(resource, container, "runAsUser"):
        uid = integer(setting.value)
        if isinstance(uid, int) and uid == 0:
            yield fail(f"{container.label} runs as root: runAsUser is 0 at {setting.path}",
                       at=setting.path)
            return
    non_root = effective_security_setting(resource, container, "runAsNonRoot")
    if is_true(non_root.value):
        yield passed(f"{container.label} has runAsNonRoot: true", at=non_root.path)
        return
    user = effective_security_setting(resource, container, "runAsUser")
    uid = integer(user.value)
    if isinstance(uid, Unknown):
        yield unknown(f"runAsUser of {container.label} is not known ({uid.reason})", at=user.path)
    elif uid is not None and uid > 0:
        yield passed(f"{container.label} runs as UID {uid}", at=user.path)
    elif non_root.path is not None:
        yield fail(f"{container.label} may run as root: runAsNonRoot is {non_root.value} at "
                   f"{non_root.path} and no runAsUser above 0 is set", at=non_root.path)
    else:
        yield fail(f"{container.label} may run as root: neither its securityContext nor the pod's "
                   "sets runAsNonRoot: true or a runAsUser above 0",
                   at=container.at("securityContext.runAsNonRoot"))


@policy(
    id="PC-K8S-010", title="Container may run as root", severity="high",
    sources=("k8s", "cluster"), kinds=WORKLOAD_KINDS,
    checklist="access-control/file-system-permissions-restricted",
    related=("CKV_K8S_23",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield from check_containers(resource, lambda c: judge(resource, c), init=True, ephemeral=True)
