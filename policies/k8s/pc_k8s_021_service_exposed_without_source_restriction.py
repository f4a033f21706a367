"""## What
Flags a Service of `type: LoadBalancer` that does not restrict its sources: it has no
`spec.loadBalancerSourceRanges` (nor the equivalent
`service.beta.kubernetes.io/load-balancer-source-ranges` annotation, which Kubernetes reads when
the field is empty), or one of its ranges covers the whole address space (`0.0.0.0/0`, `::/0`).
Flags every Service of `type: NodePort`, which opens its port on every node to whatever can reach
the nodes. The finding points at the offending range, else at `spec.type`. Other types
(ClusterIP, headless, ExternalName) pass.

## Why
A load balancer without source ranges is open to the whole internet (or the whole VPC for an
internal one). NodePorts bypass the load balancer and its controls altogether, and are rarely
firewalled per Service.

## Fail example
```yaml
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 443, targetPort: 8443}]
```

## Fix
Set `spec.loadBalancerSourceRanges` to the CIDRs that must reach the Service (office, partner or
CDN ranges); publish HTTP services through an Ingress instead of NodePorts, or use `ClusterIP`.

## References
- https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer
- https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/#restrict-access-for-loadbalancer-service
- Related: no checkov equivalent.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, annotations_of, fail, is_public_cidr, passed, policy

RANGES = "spec.loadBalancerSourceRanges"
RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges"


def source_ranges(service: Resource) -> tuple[list[str], str]:
    """The load balancer's source ranges and the path they are read from."""
    ranges = service.get(RANGES)
    if isinstance(ranges, list) and ranges:
        return [str(r) for r in ranges], RANGES
    annotation = annotations_of(service).get(RANGES_ANNOTATION)
    if isinstance(annotation, str):
        return [r.strip() for r in annotation.split(",") if r.strip()], "metadata.annotations"
    return [], "spec.type"


@policy(
    id="PC-K8S-021", title="Service exposed without source restriction", severity="medium",
    sources=("k8s", "cluster"), kinds="Service",
    checklist="network-security/firewall-rules-configured-minimum-required",
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    service_type = resource.get("spec.type") or "ClusterIP"
    if service_type == "NodePort":
        yield fail("the Service is of type NodePort: its ports are open on every node",
                   at="spec.type")
    elif service_type == "LoadBalancer":
        ranges, path = source_ranges(resource)
        public = [(i, r) for i, r in enumerate(ranges) if is_public_cidr(r)]
        if not ranges:
            yield fail("the LoadBalancer Service has no loadBalancerSourceRanges: it accepts "
                       "traffic from any address", at="spec.type")
        elif public:
            index, cidr = public[0]
            at = f"{path}.{index}" if path == RANGES else path
            yield fail(f"the LoadBalancer Service accepts traffic from any address ({cidr})", at=at)
        else:
            yield passed(f"the LoadBalancer Service accepts only {', '.join(ranges)}", at=path)
    else:
        yield passed(f"the Service is of type {service_type}", at="spec.type")
