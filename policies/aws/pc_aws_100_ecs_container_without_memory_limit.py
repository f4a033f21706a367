"""## What
Flags each container of an `aws_ecs_task_definition` (parsed from `container_definitions`, a
JSON string or `jsonencode(...)` list) that has no `memory` hard limit when the task sets no
task-level `memory`. `memoryReservation` alone is a soft limit and does not count. UNKNOWN when
the definitions, a container's `memory` or the task's `memory` cannot be resolved.

## Why
Without a hard limit, one leaking or overloaded container can take all of the instance's memory
and get its neighbours, or the ECS agent, killed by the kernel's OOM killer.

## Fail example
```hcl
resource "aws_ecs_task_definition" "app" {
  family                = "app"
  container_definitions = jsonencode([{ name = "app", image = "app:1.4.2" }])
}
```

## Fix
Set a task-level `memory` (required for Fargate) or a `memory` hard limit on each container.

## References
- https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_memory
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_task_definition
- Related: PC-K8S-001 judges the same for Kubernetes containers.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, Unknown, ecs, fail, is_set, passed, policy, unknown


@policy(
    id="PC-AWS-100",
    title="ECS container without resource limits",
    severity="high",
    sources=("tf", "plan", "aws"),
    kinds="aws_ecs_task_definition",
    checklist="container-server-setup/container-resource-limits-configured",
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    task_memory = resource.get("memory")
    if is_set(task_memory) and not isinstance(task_memory, Unknown):
        yield passed(f"the task sets memory = {task_memory}", at="memory")
        return
    found = ecs.containers(resource)
    if isinstance(found, Unknown):
        yield unknown(f"the containers are not known ({found.reason})", at=ecs.PATH)
        return
    for container in found:
        memory = container.definition.get("memory")
        if isinstance(memory, Unknown) or (memory is None and isinstance(task_memory, Unknown)):
            yield unknown(f"container {container.name!r}: the memory limit is not known",
                          at=container.path)
        elif not is_set(memory):
            yield fail(f"container {container.name!r} has no memory hard limit and the task "
                       "sets no memory", at=container.path)
        else:
            yield passed(f"container {container.name!r} sets memory = {memory}",
                         at=container.path)
    if not found:
        yield passed("the task defines no containers", at=ecs.PATH)
