"""## What
Judged with every workload of the scan: a Service with a `spec.selector` selects the workloads
(Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob) of its
namespace and source whose pod template labels contain every selector label. The Service fails
when it selects no workload (the finding points at `spec.selector`), and for each port whose
`targetPort` (defaulting to `port`) matches no `containerPort` of the selected workloads'
containers and native sidecars: a number must equal a `containerPort` with the same `protocol`
(TCP by default), a name must equal a container port's `name` (finding at
`spec.ports.N.targetPort`, or the port entry). A Service without selector (endpoints managed by
hand) and an ExternalName Service pass.

## Why
A Service whose selector matches nothing, or whose target port nothing listens on, has no ready
endpoints: clients get connection refused or time out, and the mistake only shows in production.
Declared container ports also document what the pod serves.

## Fail example
```yaml
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: web:1.4.2, ports: [{containerPort: 3000}]}]
```

## Fix
Make `targetPort` name or number a `containerPort` the selected pods declare (prefer named ports,
`targetPort: http` with `ports: [{name: http, containerPort: 8080}]`), and make the selector match
the pod template labels.

## References
- https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
- Related: no checkov equivalent (checkov judges single documents).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from policycheck.api import Context, Resource, Result, fail, passed, policy
from policycheck.helpers.kubernetes import (
    WORKLOAD_KINDS,
    integer,
    iter_containers,
    name_of,
    pod_labels,
    same_namespace,
    service_selector_matches,
)

DEFAULT_PROTOCOL = "TCP"


def container_ports(workload: Resource) -> Iterator[Mapping[str, Any]]:
    for container in iter_containers(workload, init=True):
        ports = container.get("ports")
        if container.long_running and isinstance(ports, list):
            yield from (p for p in ports if isinstance(p, Mapping))


def exposes(port: Mapping[str, Any], target: Any, protocol: str) -> bool:
    number = integer(target)
    if isinstance(number, int):
        return (integer(port.get("containerPort")) == number
                and str(port.get("protocol") or DEFAULT_PROTOCOL) == protocol)
    return isinstance(target, str) and port.get("name") == target


@policy(
    id="PC-K8S-060", title="Service targets a port no container exposes", severity="high",
    sources=("k8s", "cluster"), kinds="Service", reads=WORKLOAD_KINDS,
    checklist="container-server-setup/port-mappings-configured-correctly",
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    selector = resource.get("spec.selector")
    if resource.get("spec.type") == "ExternalName" or not selector:
        yield passed("the Service selects no pods (ExternalName or no selector); its endpoints "
                     "are not managed by Kubernetes", at="spec")
        return
    workloads = [w for w in same_namespace(ctx.graph, resource, *WORKLOAD_KINDS)
                 if service_selector_matches(selector, pod_labels(w))]
    if not workloads:
        yield fail(f"the selector {selector} selects no workload of the scan",
                   at="spec.selector")
        return
    ports = [p for w in workloads for p in container_ports(w)]
    names = ", ".join(f"{w.kind}/{name_of(w)}" for w in workloads)
    service_ports = resource.get("spec.ports")
    if not isinstance(service_ports, list):
        service_ports = []
    entries = [(i, entry) for i, entry in enumerate(service_ports) if isinstance(entry, Mapping)]
    if not entries:
        yield passed(f"the Service selects {names} and declares no port", at="spec.selector")
    for index, entry in entries:
        target = entry.get("targetPort", entry.get("port"))
        protocol = str(entry.get("protocol") or DEFAULT_PROTOCOL)
        at = f"spec.ports.{index}.targetPort"
        if any(exposes(p, target, protocol) for p in ports):
            yield passed(f"target port {target} is exposed by {names}", at=at)
        else:
            yield fail(f"target port {target} ({protocol}) matches no containerPort of {names}",
                       at=at)
