"""## What
Flags every long-running container without a `livenessProbe`: the `containers` of a Pod,
Deployment, StatefulSet, DaemonSet, ReplicaSet or ReplicationController, and native sidecars
(init containers with `restartPolicy: Always`). Job and CronJob pods run to completion and are
not judged; neither are ordinary init containers, which Kubernetes does not probe. One finding
per container, pointing at the container.

## Why
Without a liveness probe a deadlocked or hung process keeps its pod "Running" forever; the
kubelet only restarts containers whose probe fails.

## Fail example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: web
          image: web:1.4.2
```

## Fix
Add a `livenessProbe` (an `httpGet` on a health endpoint, a `tcpSocket` or an `exec` command) to
every long-running container, with thresholds that tolerate slow starts (or a `startupProbe`).

## References
- https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
- Related: CKV_K8S_8 (checkov). Same semantics; ours also judges native sidecar init containers.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import LONG_RUNNING_KINDS, Context, Resource, Result, policy, require_probe


@policy(
    id="PC-K8S-003", title="Container has no liveness probe", severity="medium",
    sources=("k8s", "cluster"), kinds=LONG_RUNNING_KINDS,
    checklist="container-server-setup/health-check-commands-work-container",
    related=("CKV_K8S_8",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield from require_probe(resource, "livenessProbe", "a liveness probe")
