"""## What
Compares the ports a Kubernetes container declares with the ports the image it runs EXPOSEs,
for each container (regular containers and native sidecars) of a workload in a scanned manifest
whose image is built from a scanned Dockerfile. The image maps to a Dockerfile when the config
`images:` mapping names it (by full reference or by name without tag), otherwise when the image's
repository name (last path segment, without registry, tag or digest) equals the name of the
directory holding the Dockerfile.

FAIL for each `ports[].containerPort` (with its `protocol`, TCP by default) that the final image
(the last stage and the stages it is built `FROM`) does not EXPOSE, pointing at the
`containerPort`; and for each EXPOSEd port (default `/tcp`) the container does not declare,
pointing at the Dockerfile's EXPOSE instruction. An EXPOSEd range counts as declared when the
container declares any port in it. UNKNOWN when an EXPOSE uses a build argument without a value
(`EXPOSE $PORT`) or a `containerPort` is not a number, and that decides the comparison. Ports
the base image EXPOSEs are not visible and count as not EXPOSEd. Workloads whose containers map
to no scanned Dockerfile pass.

The policy is resource-scoped on workloads and looks the Dockerfiles up in the scan's graph.

## Why
EXPOSE and `containerPort` both document which ports a service listens on. When they disagree,
one of them is stale: Services and NetworkPolicies written from the manifest target a port the
process does not listen on, or a port the process opens is reachable without anyone having
declared it, and health probes that use a named port hit the wrong one.

## Fail example
```yaml
# services/api/Dockerfile has `EXPOSE 8080`
containers:
  - name: api
    image: registry.example.com/shop/api:1.8.2
    ports:
      - containerPort: 9090
```

## Fix
Make the two agree: change the container's `ports` to the ports the process listens on, and
EXPOSE exactly those ports in the Dockerfile.

## References
- https://docs.docker.com/reference/dockerfile/#expose
- https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports
- Related: no checkov peer (checkov judges Dockerfiles and manifests separately).
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    WORKLOAD_KINDS,
    Context,
    ImagePortRange,
    Port,
    Resource,
    Result,
    RunningContainer,
    Unknown,
    declared_ports,
    exposed_ports,
    fail,
    mapped_containers,
    passed,
    policy,
    unknown,
)


def _compare(running: RunningContainer, dockerfile: Resource) -> Iterator[Result]:
    """FAIL/UNKNOWN results for one container against one Dockerfile (none when they agree)."""
    exposed = list(exposed_ports(dockerfile))
    declared = list(declared_ports(running.container))
    ranges = [e.ports for e in exposed if isinstance(e.ports, ImagePortRange)]
    ports = [d.port for d in declared if isinstance(d.port, Port)]
    vague_exposed = [e.ports for e in exposed if isinstance(e.ports, Unknown)]
    vague_declared = [d for d in declared if isinstance(d.port, Unknown)]
    unmatched = False
    for entry in declared:
        if isinstance(entry.port, Unknown):
            yield unknown(f"{running.label}: {entry.port.reason}", at=entry.path)
        elif not any(entry.port in r for r in ranges):
            unmatched = True
            if vague_exposed:
                yield unknown(f"{running.label} declares containerPort {entry.port}; whether "
                              f"{dockerfile.address} EXPOSEs it is not known ({vague_exposed[0].reason})",
                              at=entry.path)
            else:
                yield fail(f"{running.label} declares containerPort {entry.port}, which "
                           f"{dockerfile.address} does not EXPOSE", at=entry.path)
    for item in exposed:
        if isinstance(item.ports, Unknown):
            if not unmatched and not vague_declared:
                yield unknown(f"{dockerfile.address}: EXPOSE {item.text} is not known "
                              f"({item.ports.reason}); cannot compare it with the ports of "
                              f"{running.label}", at=item.path, resource=dockerfile)
        elif not any(port in item.ports for port in ports):
            message = (f"{dockerfile.address} EXPOSEs {item.ports}, which {running.label} "
                       f"does not declare in ports")
            if vague_declared:
                yield unknown(f"{message} (or a port that is not known)", at=item.path,
                              resource=dockerfile)
            else:
                yield fail(message, at=item.path, resource=dockerfile)


@policy(
    id="PC-XREF-001",
    title="Dockerfile EXPOSE disagrees with Kubernetes ports",
    severity="low",
    sources=("docker", "k8s"),
    kinds=WORKLOAD_KINDS,
    checklist="container-server-setup/port-mappings-configured-correctly",
    params={"images": {}},
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    pairs = list(mapped_containers(resource, ctx.graph, ctx.params["images"]))
    for running, dockerfile in pairs:
        problems = list(_compare(running, dockerfile))
        yield from problems
        if not problems:
            yield passed(f"{running.label} declares the ports {dockerfile.address} EXPOSEs",
                         at=running.container.at("ports"))
    if not pairs:
        yield passed("no container runs an image built from a scanned Dockerfile")
