"""## What
Flags every long-running container without a `readinessProbe`: the `containers` of a Pod,
Deployment, StatefulSet, DaemonSet, ReplicaSet or ReplicationController, and native sidecars
(init containers with `restartPolicy: Always`). Job and CronJob pods run to completion and are
not judged; neither are ordinary init containers, which Kubernetes does not probe. One finding
per container, pointing at the container.

## Why
Without a readiness probe a pod receives Service traffic as soon as its process starts, before it
can answer, and keeps receiving it while it is overloaded or has lost a dependency; rolling
updates then route users to pods that are not ready.

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
          livenessProbe: {httpGet: {path: /healthz, port: 8080}}
```

## Fix
Add a `readinessProbe` (usually an `httpGet` on a readiness endpoint that checks the
dependencies the container needs to serve) to every long-running container.

## References
- https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
- Related: CKV_K8S_9 (checkov). Same semantics; ours also judges native sidecar init containers.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import LONG_RUNNING_KINDS, Context, Resource, Result, policy, require_probe


@policy(
    id="PC-K8S-004", title="Container has no readiness probe", severity="medium",
    sources=("k8s", "cluster"), kinds=LONG_RUNNING_KINDS,
    checklist="load-balancer-proxy/health-check-endpoints-configured",
    related=("CKV_K8S_9",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield from require_probe(resource, "readinessProbe", "a readiness probe")
