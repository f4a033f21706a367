"""## What
Flags a long-running container (a regular container or native sidecar of a workload other than
Job/CronJob, in a scanned manifest) without a `livenessProbe` whose image is built from a scanned
Dockerfile whose final image has no HEALTHCHECK (or whose last one is `HEALTHCHECK NONE`). The
image maps to a Dockerfile as in PC-XREF-001: by the config `images:` mapping, otherwise when
the image's repository name equals the name of the Dockerfile's directory. The finding points
at the container. A container with a liveness probe, or whose image has a HEALTHCHECK, passes;
workloads whose containers map to no scanned Dockerfile pass.

The policy is resource-scoped on workloads and looks the Dockerfiles up in the scan's graph.

## Why
With neither a HEALTHCHECK nor a liveness probe nothing notices a hung process: it keeps its
place, keeps receiving traffic, and is never restarted. PC-DOCKER-002 and PC-K8S-003 each judge
one side alone; this policy reports the case where the service has no health check anywhere.

## Fail example
```yaml
# services/api/Dockerfile has no HEALTHCHECK
containers:
  - name: api
    image: registry.example.com/shop/api:1.8.2
```

## Fix
Give the container a `livenessProbe` that exercises the service (Kubernetes ignores the image's
HEALTHCHECK), and add a HEALTHCHECK to the Dockerfile for runtimes that use it.

## References
- https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
- https://docs.docker.com/reference/dockerfile/#healthcheck
- Related: no checkov peer; CKV_DOCKER_2 and CKV_K8S_8 judge each side alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    LONG_RUNNING_KINDS,
    Context,
    Resource,
    Result,
    RunningContainer,
    effective_healthcheck,
    fail,
    mapped_containers,
    passed,
    policy,
)


def _judge(running: RunningContainer, dockerfile: Resource) -> Result:
    at = running.container.at("livenessProbe")
    if running.has_liveness_probe:
        return passed(f"{running.label} has a livenessProbe", at=at)
    if effective_healthcheck(dockerfile) is not None:
        return passed(f"{dockerfile.address} has a HEALTHCHECK", at=at)
    return fail(f"{running.label} has no livenessProbe and its image, built from "
                f"{dockerfile.address}, has no HEALTHCHECK", at=at)


@policy(
    id="PC-XREF-002",
    title="Image with neither HEALTHCHECK nor probes",
    severity="medium",
    sources=("docker", "k8s"),
    kinds=LONG_RUNNING_KINDS,
    checklist="container-server-setup/health-check-commands-work-container",
    params={"images": {}},
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    pairs = list(mapped_containers(resource, ctx.graph, ctx.params["images"]))
    for running, dockerfile in pairs:
        yield _judge(running, dockerfile)
    if not pairs:
        yield passed("no container runs an image built from a scanned Dockerfile")
