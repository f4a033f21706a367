"""## What
Flags a Dockerfile whose final image runs as root: the final stage (with the stages it is built
`FROM`) has no `USER` instruction, or its last `USER` is `root`, `0`, `root:<group>` or
`0:<group>`. A `USER` given by a variable is resolved from the ARG/ENV values before it; one
that cannot be resolved (an ARG without default) is UNKNOWN. A `USER` set only in the base image
is not visible here, so the final stage has to say it.

## Why
A process running as UID 0 owns every file in the container and, after a container escape, can
act as root on the host. Orchestrators can force a non-root UID, but an image that needs root to
start breaks under them; declaring the user in the image makes the safe default the real one.

## Fail example
```dockerfile
FROM python:3.12-slim
COPY . /app
CMD ["python", "/app/main.py"]
```

## Fix
Create an unprivileged user and switch to it with `USER` (by name or a non-zero UID) after the
steps that need root, before `CMD`/`ENTRYPOINT`.

```dockerfile
RUN useradd --system --uid 10001 app
USER 10001
```

## References
- https://docs.docker.com/build/building/best-practices/#user
- Related: CKV_DOCKER_3 (checkov, no USER), CKV_DOCKER_8 (checkov, last USER is root), DL3002
  (hadolint). Ours follows USER through parent stages and resolves `USER ${UID}` from ARG/ENV.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    Context,
    Resource,
    Result,
    Unknown,
    fail,
    final_instructions,
    final_stage,
    passed,
    policy,
    scope_before,
    stage_path,
    substitute,
    unknown,
)

ROOT_USERS = ("root", "0")


@policy(
    id="PC-DOCKER-001", title="Image runs as root", severity="high", sources="docker",
    kinds="dockerfile", checklist="access-control/file-system-permissions-restricted",
    related=("CKV_DOCKER_3", "CKV_DOCKER_8", "DL3002"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    users = list(final_instructions(resource, "USER"))
    if not users:
        yield fail("the final stage sets no USER, so the container runs as root",
                   at=stage_path(final_stage(resource)))
        return
    path, instruction = users[-1]
    user = substitute(instruction["value"], scope_before(resource, path))
    if isinstance(user, Unknown):
        yield unknown(f"USER {instruction['value']} is not known ({user.reason})", at=path)
    elif user.split(":", 1)[0] in ROOT_USERS:
        yield fail(f"the last USER is {user}, so the container runs as root", at=path)
    else:
        yield passed(f"the container runs as {user}", at=path)
