"""## What
Flags a workload whose pod spec sets `hostNetwork`, `hostPID` or `hostIPC` to true, and each
`volumes` entry that is a `hostPath` volume: one finding per offending setting or volume,
pointing at it (`spec.template.spec.hostNetwork`, `spec.template.spec.volumes.0.hostPath`).

## Why
Host namespaces remove the isolation between the pod and the node: with `hostNetwork` the pod
bypasses NetworkPolicies and can reach node-local services; with `hostPID`/`hostIPC` it sees and
signals every process on the node. A `hostPath` volume exposes the node's filesystem (the
container runtime socket, kubelet credentials) to the container.

## Fail example
```yaml
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  template:
    spec:
      hostNetwork: true
      containers: [{name: agent, image: agent:2.1.0}]
      volumes:
        - name: root
          hostPath: {path: /}
```

## Fix
Remove `hostNetwork`, `hostPID` and `hostIPC`, and replace `hostPath` volumes with
`emptyDir`, `configMap`, `secret` or persistent volumes. Node agents that truly need host access
belong in a dedicated, tightly controlled namespace, with the finding suppressed there with a
reason.

## References
- https://kubernetes.io/docs/concepts/security/pod-security-standards/ (baseline: host namespaces,
  hostPath volumes)
- https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
- Related: CKV_K8S_19 (hostNetwork), CKV_K8S_17 (hostPID), CKV_K8S_18 (hostIPC) (checkov).
  Ours also flags `hostPath` volumes.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

from policycheck.api import (
    WORKLOAD_KINDS,
    Context,
    Resource,
    Result,
    fail,
    is_true,
    passed,
    pod_at,
    pod_spec,
    pod_spec_path,
    policy,
)

HOST_NAMESPACES = ("hostNetwork", "hostPID", "hostIPC")


@policy(
    id="PC-K8S-014", title="Pod shares host namespaces or paths", severity="high",
    sources=("k8s", "cluster"), kinds=WORKLOAD_KINDS,
    checklist=("network-security/firewall-rules-configured-minimum-required",
               "access-control/file-system-permissions-restricted"),
    related=("CKV_K8S_19", "CKV_K8S_17", "CKV_K8S_18"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    spec = pod_spec(resource)
    fine = True
    for key in HOST_NAMESPACES:
        if is_true(spec.get(key)):
            fine = False
            yield fail(f"the pod shares the node's namespace: {key} is true", at=pod_at(resource, key))
    volumes = spec.get("volumes")
    for index, volume in enumerate(volumes if isinstance(volumes, list) else ()):
        if isinstance(volume, Mapping) and "hostPath" in volume:
            fine = False
            host = volume["hostPath"]
            path = host.get("path") if isinstance(host, Mapping) else None
            yield fail(f"volume {volume.get('name')!r} mounts the node path {path!r} (hostPath)",
                       at=pod_at(resource, f"volumes.{index}.hostPath"))
    if fine:
        yield passed("the pod uses no host namespace or hostPath volume",
                     at=pod_spec_path(resource.kind))
