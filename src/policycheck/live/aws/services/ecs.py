"""ECS task definitions: the latest revision of every ACTIVE family.

Calls per region: paginated ListTaskDefinitionFamilies (status ACTIVE), then
DescribeTaskDefinition per family (naming the family returns its latest ACTIVE revision; there
is no batch call), with its tags. ``container_definitions`` is the JSON string Terraform
stores.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.live.aws.shape import resource, tag_map, with_tags
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "ecs"
GLOBAL = False
ACTIONS = {
    "ListTaskDefinitionFamilies": "ecs:ListTaskDefinitionFamilies",
    "DescribeTaskDefinition": "ecs:DescribeTaskDefinition",
}
KINDS = ("aws_ecs_task_definition",)


def collect(api: ServiceApi) -> dict[str, Any]:
    families = api.paginate("ListTaskDefinitionFamilies", "families", status="ACTIVE")
    described = api.map(lambda family: api.call("DescribeTaskDefinition", taskDefinition=family,
                                                include=["TAGS"]), families)
    return {"TaskDefinitions": [{"taskDefinition": d["taskDefinition"], "tags": d.get("tags", [])}
                                for d in described]}


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    return [_task(d["taskDefinition"], d.get("tags", []), scope) for d in raw.get("TaskDefinitions", [])]


def _task(task: dict[str, Any], tags: list[dict[str, Any]], scope: Scope) -> Resource:
    arn = task["taskDefinitionArn"]
    attributes = {
        "id": task["family"], "family": task["family"], "arn": arn,
        "arn_without_revision": arn.rsplit(":", 1)[0], "revision": task.get("revision"),
        "container_definitions": json.dumps(task.get("containerDefinitions", []), separators=(",", ":")),
        "cpu": task.get("cpu", ""), "memory": task.get("memory", ""),
        "network_mode": task.get("networkMode", ""),
        "requires_compatibilities": sorted(task.get("requiresCompatibilities", [])),
        "task_role_arn": task.get("taskRoleArn", ""), "execution_role_arn": task.get("executionRoleArn", ""),
        "pid_mode": task.get("pidMode", ""), "ipc_mode": task.get("ipcMode", ""),
        "volume": [{"name": v.get("name"), "host_path": (v.get("host") or {}).get("sourcePath", "")}
                   for v in task.get("volumes", [])],
    }
    return resource(scope, "aws_ecs_task_definition", arn,
                         with_tags(attributes, tag_map(tags, key="key", value="value")))
