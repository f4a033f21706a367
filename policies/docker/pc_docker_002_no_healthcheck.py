"""## What
Flags a Dockerfile whose final image has no health check: the final stage (with the stages it is
built `FROM`) has no `HEALTHCHECK` instruction, or its last one is `HEALTHCHECK NONE`.

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
- Related: CKV_DOCKER_2 (checkov). Ours also fails `HEALTHCHECK NONE` and accepts a health check
  set in a parent stage.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, fail, passed, policy
from policycheck.helpers.docker import final_instructions, final_stage, stage_path


@policy(
    id="PC-DOCKER-002", title="Image has no HEALTHCHECK", severity="low", sources="docker",
    kinds="dockerfile", checklist="container-server-setup/health-check-commands-work-container",
    related=("CKV_DOCKER_2",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    checks = list(final_instructions(resource, "HEALTHCHECK"))
    if not checks:
        yield fail("the final stage has no HEALTHCHECK", at=stage_path(final_stage(resource)))
        return
    path, instruction = checks[-1]
    if [a.upper() for a in instruction["args"]] == ["NONE"]:
        yield fail("HEALTHCHECK NONE disables the health check", at=path)
    else:
        yield passed("the image has a HEALTHCHECK", at=path)
