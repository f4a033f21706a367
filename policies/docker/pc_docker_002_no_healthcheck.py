"""## What
Flags a Dockerfile whose final image has no health check: the final stage (with the stages it is
built `FROM`) has no `HEALTHCHECK` instruction, or its last one is `HEALTHCHECK NONE`.

It passes, with a note, when a scanned Kubernetes workload runs an image built from this
Dockerfile with a `livenessProbe`: Kubernetes ignores `HEALTHCHECK`, so the probe is the check
that matters there. Images map to Dockerfiles through the `images:` configuration or by the
image's repository name equalling the Dockerfile's directory name (as in PC-XREF-002).

## Why
Without a health check the container counts as healthy as long as its process runs. A hung or
deadlocked service keeps receiving traffic, and `docker ps`, Compose and Swarm cannot restart
it. (Kubernetes ignores `HEALTHCHECK` and uses probes instead; see PC-K8S-003 and PC-XREF-002.)

## Fail example
```dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
```

## Fix
Add a `HEALTHCHECK` that exercises the service, with an interval and timeout that suit it.

```dockerfile
HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost/healthz || exit 1
```

## References
- https://docs.docker.com/reference/dockerfile/#healthcheck
- Related: CKV_DOCKER_2 (checkov), which passes when any stage has a HEALTHCHECK. Ours also fails
  `HEALTHCHECK NONE`, ignores a HEALTHCHECK in a stage the final image is not built from, and
  accepts a health check set in a parent stage.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    Context,
    Resource,
    Result,
    effective_healthcheck,
    fail,
    final_instructions,
    final_stage,
    passed,
    policy,
    stage_path,
    workloads_for_dockerfile,
)


@policy(
    id="PC-DOCKER-002", title="Image has no HEALTHCHECK", severity="low", sources="docker",
    kinds="dockerfile", checklist="container-server-setup/health-check-commands-work-container",
    related=("CKV_DOCKER_2",), params={"images": {}},
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    found = effective_healthcheck(resource)
    if found is not None:
        yield passed("the image has a HEALTHCHECK", at=found[0])
        return
    checks = list(final_instructions(resource, "HEALTHCHECK"))
    at = checks[-1][0] if checks else stage_path(final_stage(resource))
    probed = [r for r in workloads_for_dockerfile(resource, ctx.graph, ctx.params["images"])
              if r.has_liveness_probe]
    if probed:
        yield passed(f"no HEALTHCHECK, but {probed[0].label} runs this image with a livenessProbe "
                     "(Kubernetes ignores HEALTHCHECK)", at=at)
    elif checks:
        yield fail("HEALTHCHECK NONE disables the health check", at=at)
    else:
        yield fail("the final stage has no HEALTHCHECK", at=at)
