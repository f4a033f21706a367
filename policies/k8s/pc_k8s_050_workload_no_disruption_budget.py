"""## What
Flags a Deployment or StatefulSet that runs fewer than 2 replicas, and, separately, one that no
PodDisruptionBudget selects. Replicas are `spec.replicas` (Kubernetes defaults it to 1); when a
HorizontalPodAutoscaler of the scan targets the workload (`scaleTargetRef` kind and name, same
namespace), its `minReplicas` (default 1) is the replica count instead, since the autoscaler owns
`spec.replicas`. A PodDisruptionBudget selects the workload when it is in the same namespace and
source and its `spec.selector` matches the pod template labels (`matchLabels` and
`matchExpressions`); an empty selector `{}` selects every pod in `policy/v1` and none in
`policy/v1beta1`, and a missing one selects none. The replica finding points at `spec.replicas`
(or `spec`), the budget finding at the workload. A replica count that is not an integer is
UNKNOWN.

## Why
A single replica is an outage on every node drain, eviction, rollout or crash. Without a
PodDisruptionBudget, a node drain or cluster upgrade may evict all replicas at once.

## Fail example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: web:1.4.2}]
```

## Fix
Run at least 2 replicas (spread across nodes or zones with topology spread constraints) and add a
PodDisruptionBudget whose selector matches the pod template labels.

For example:

```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: web}}
```

## References
- https://kubernetes.io/docs/tasks/run-application/configure-pdb/
- https://kubernetes.io/docs/concepts/workloads/pods/disruptions/
- Related: no checkov equivalent.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

from policycheck.api import Context, Resource, Result, Unknown, fail, passed, policy, unknown
from policycheck.helpers.kubernetes import (
    integer,
    name_of,
    pod_labels,
    same_namespace,
    selector_matches,
)

MIN_REPLICAS = 2


def replicas(workload: Resource, ctx: Context) -> tuple[int | Unknown, str]:
    """The workload's replica floor and where it is set."""
    wanted = (workload.kind, name_of(workload))
    for hpa in same_namespace(ctx.graph, workload, "HorizontalPodAutoscaler"):
        target = hpa.get("spec.scaleTargetRef")
        if isinstance(target, Mapping) and (target.get("kind"), target.get("name")) == wanted:
            count = integer(hpa.get("spec.minReplicas"))
            return (1 if count is None else count), f"HorizontalPodAutoscaler {name_of(hpa)!r}"
    count = integer(workload.get("spec.replicas"))
    return (1 if count is None else count), "spec.replicas"


def selects(budget: Resource, labels: Mapping[str, object]) -> bool:
    selector = budget.get("spec.selector")
    if not isinstance(selector, Mapping):
        return False
    if not selector and budget.get("apiVersion") != "policy/v1":
        return False  # policy/v1beta1: an empty selector selects nothing
    return selector_matches(selector, labels)


@policy(
    id="PC-K8S-050", title="Workload has no disruption budget or single replica", severity="low",
    sources=("k8s", "cluster"), kinds=("Deployment", "StatefulSet"),
    reads=("PodDisruptionBudget", "HorizontalPodAutoscaler"),
    checklist=("load-testing/application-handles-expected-user-load",
               "backup-and-recovery/rto-rpo-requirements-defined-met"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    count, source = replicas(resource, ctx)
    if isinstance(count, Unknown):
        yield unknown(f"the replica count ({source}) is not known: {count.reason}",
                      at="spec.replicas")
    elif count < MIN_REPLICAS:
        yield fail(f"the workload runs {count} replica(s) ({source}); at least {MIN_REPLICAS} are "
                   "needed to survive a node drain", at="spec.replicas")
    else:
        yield passed(f"the workload runs at least {count} replicas ({source})", at="spec.replicas")
    labels = pod_labels(resource)
    budgets = [b for b in same_namespace(ctx.graph, resource, "PodDisruptionBudget")
               if selects(b, labels)]
    if budgets:
        yield passed(f"PodDisruptionBudget {name_of(budgets[0])!r} selects the pods")
    else:
        yield fail("no PodDisruptionBudget selects the workload's pods")
