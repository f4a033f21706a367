"""## What
Flags every container and init container of a workload (Pod, Deployment, StatefulSet, DaemonSet,
ReplicaSet, ReplicationController, Job, CronJob) without `resources.requests.cpu`. With the
parameter `require_cpu_limit: true` (default `false`) a missing `resources.limits.cpu` fails too.
One finding per container, naming what is missing; it points at the deepest present parent of the
first missing key (`resources.requests`, `resources`, or the container itself).

## Why
The CPU request is what the scheduler reserves: without it a pod lands on a full node and is
starved under load. CPU limits are optional by default because CFS throttling often hurts latency
more than a noisy neighbour; teams that want hard caps turn `require_cpu_limit` on.

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
            requests: {memory: 256Mi}
```

## Fix
Set `resources.requests.cpu` on every container and init container (for example `250m`), sized
from observed usage; add `resources.limits.cpu` where your policy requires hard caps.

## References
- https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
- Related: CKV_K8S_10 (CPU request), CKV_K8S_11 (CPU limit) (checkov). checkov always requires a
  CPU limit; ours does only with `require_cpu_limit`. Kubernetes copies a missing request from the
  limit; we still require an explicit request, as checkov does.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import WORKLOAD_KINDS, Context, Resource, Result, check_containers, is_true, policy, require_keys


@policy(
    id="PC-K8S-002", title="Container has no CPU request", severity="medium",
    sources=("k8s", "cluster"), kinds=WORKLOAD_KINDS,
    checklist="container-server-setup/container-resource-limits-configured",
    related=("CKV_K8S_10", "CKV_K8S_11"),
    params={"require_cpu_limit": False},
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    keys = ["resources.requests.cpu"]
    if is_true(ctx.params["require_cpu_limit"]):
        keys.append("resources.limits.cpu")
    what = " and ".join(("a CPU request", "a CPU limit")[: len(keys)])
    yield from check_containers(resource, lambda c: require_keys(c, keys, what), init=True)
