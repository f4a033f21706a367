"""## What
Judged across all documents of a scan, per namespace that holds at least one workload (Pod,
Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob; a manifest
without `metadata.namespace` is in `default`). The namespace passes when a NetworkPolicy of the
same namespace (and the same source, manifests or cluster) has an empty `podSelector` (`{}`, so
it selects every pod) and covers Ingress: its `policyTypes` include `Ingress`, or it has no
`policyTypes`, which Kubernetes defaults to include Ingress for every policy. A namespace has one
finding, and it points at the namespace's first workload (by file and line), since a namespace
need not be declared in the scanned manifests. What the covering policy's own rules allow is not
judged here.

## Why
Pods accept traffic from everywhere until a NetworkPolicy selects them. A namespace-wide
default-deny policy makes every allowed flow an explicit, reviewed rule, and a new workload starts
closed instead of open.

## Fail example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers: [{name: web, image: web:1.4.2}]
# and no NetworkPolicy with podSelector: {} in namespace shop
```

## Fix
Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress]` to each namespace that
runs workloads, then allow the flows each workload needs with narrower policies.

For example:

```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
```

## References
- https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
- Related: no checkov equivalent (checkov judges single documents).
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    WORKLOAD_KINDS,
    Context,
    Resource,
    ResourceGraph,
    Result,
    fail,
    is_empty_selector,
    name_of,
    namespace_of,
    passed,
    policy,
    same_namespace,
)

SOURCES = ("k8s", "cluster")


def denies_ingress_by_default(network_policy: Resource) -> bool:
    """Selects every pod of its namespace and covers Ingress (Kubernetes defaulting included)."""
    policy_types = network_policy.get("spec.policyTypes")
    covers_ingress = policy_types is None or (
        isinstance(policy_types, list) and "Ingress" in policy_types)
    return covers_ingress and is_empty_selector(network_policy.get("spec.podSelector"))


@policy(
    id="PC-K8S-020", title="Namespace has no default-deny network policy", severity="high",
    sources=SOURCES, scope="graph", reads="NetworkPolicy",
    checklist="network-security/firewall-rules-configured-minimum-required",
)
def check(graph: ResourceGraph, ctx: Context) -> Iterator[Result]:
    namespaces: dict[tuple[str, str], list[Resource]] = {}
    for workload in graph.of_kind(*WORKLOAD_KINDS):
        if workload.source in SOURCES:
            namespaces.setdefault((workload.source, namespace_of(workload)), []).append(workload)
    for (_, namespace), workloads in sorted(namespaces.items()):
        first = min(workloads, key=lambda r: (r.location.file, r.location.line))
        covering = [p for p in same_namespace(graph, first, "NetworkPolicy")
                    if denies_ingress_by_default(p)]
        if covering:
            yield passed(f"namespace {namespace!r} has default-deny NetworkPolicy "
                         f"{name_of(covering[0])!r}", resource=first)
        else:
            yield fail(f"namespace {namespace!r} holds {len(workloads)} workload(s) but no "
                       "NetworkPolicy with an empty podSelector covering Ingress",
                       resource=first)
