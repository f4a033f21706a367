"""## What
Flags every container and init container of a workload (Pod, Deployment, StatefulSet, DaemonSet,
ReplicaSet, ReplicationController, Job, CronJob) that does not set both
`resources.limits.memory` and `resources.requests.memory`. One finding per container, naming
what is missing; it points at the deepest present parent of the first missing key
(`resources.limits`, `resources`, or the container itself).

## Why
A container without a memory limit can consume the node's memory and get other pods OOM-killed;
without a memory request the scheduler cannot place it sensibly and it is evicted first under
pressure.

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
          resources:
            limits: {cpu: 500m}
```

## Fix
Set `resources.requests.memory` and `resources.limits.memory` on every container and init
container (for example `requests: {memory: 256Mi}` and `limits: {memory: 512Mi}`).

## References
- https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
- Related: CKV_K8S_12 (memory request), CKV_K8S_13 (memory limit) (checkov). Ours is one finding
  per container for both keys. Kubernetes copies a missing request from the limit; we still
  require an explicit request, as checkov does, so the scheduling intent is written down.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import WORKLOAD_KINDS, Context, Resource, Result, check_containers, policy, require_keys

KEYS = ("resources.limits.memory", "resources.requests.memory")


@policy(
    id="PC-K8S-001", title="Container has no memory limit/request", severity="high",
    sources=("k8s", "cluster"), kinds=WORKLOAD_KINDS,
    checklist="container-server-setup/container-resource-limits-configured",
    related=("CKV_K8S_12", "CKV_K8S_13"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield from check_containers(
        resource, lambda c: require_keys(c, KEYS, "a memory limit and request"), init=True)
