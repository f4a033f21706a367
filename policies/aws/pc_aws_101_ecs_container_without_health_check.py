"""## What
Flags each essential container (`essential` true or unset, the ECS default) of an
`aws_ecs_task_definition` (parsed from `container_definitions`, a JSON string or
`jsonencode(...)` list) without a `healthCheck` with a `command`. Non-essential containers are
not judged. UNKNOWN when the definitions or a container's `essential`/`healthCheck` cannot be
resolved.

## Why
Without a container health check, ECS only notices that the process exited: a hung or
deadlocked application keeps receiving traffic and is never replaced, and deployments cannot
wait for new tasks to be really healthy.

## Fail example
```hcl
resource "aws_ecs_task_definition" "app" {
  family                = "app"
  container_definitions = jsonencode([{ name = "app", image = "app:1.4.2", essential = true }])
}
```

## Fix
Add a `healthCheck` to each essential container, for example
`{ command = ["CMD-SHELL", "curl -fsS http://localhost:8080/health || exit 1"], interval = 30 }`.

## References
- https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_healthcheck
- https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html
- Related: PC-K8S-003 (liveness probes) and PC-DOCKER-002 (HEALTHCHECK).
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, Unknown, ecs, fail, passed, policy, truthy, unknown


@policy(
    id="PC-AWS-101",
    title="ECS container without health check",
    severity="medium",
    sources=("tf", "plan", "aws"),
    kinds="aws_ecs_task_definition",
    checklist="container-server-setup/health-check-commands-work-container",
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    found = ecs.containers(resource)
    if isinstance(found, Unknown):
        yield unknown(f"the containers are not known ({found.reason})", at=ecs.PATH)
        return
    judged = False
    for container in found:
        essential = truthy(container.definition.get("essential", True))
        health = container.definition.get("healthCheck")
        command = health.get("command") if isinstance(health, dict) else (
            health if isinstance(health, Unknown) else None)
        if essential is False:
            continue
        judged = True
        if isinstance(essential, Unknown) or isinstance(command, Unknown):
            yield unknown(f"container {container.name!r}: essential or healthCheck is not known",
                          at=container.path)
        elif command:
            yield passed(f"container {container.name!r} has a health check", at=container.path)
        else:
            yield fail(f"essential container {container.name!r} has no healthCheck command",
                       at=container.path)
    if not judged:
        yield passed("the task has no essential containers", at=ecs.PATH)
