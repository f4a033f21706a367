from __future__ import annotations

import json
from typing import Any

from policycheck.helpers.ecs import containers
from policycheck.model import Location, Resource, Unknown


def task(definitions: Any) -> Resource:
    return Resource("aws_ecs_task_definition", "aws_ecs_task_definition.t", "tf",
                    {"container_definitions": definitions}, Location("main.tf", 1, 9))


DEFINITIONS = [{"name": "app", "memory": 512}, {"image": "sidecar"}]


def test_json_string_and_decoded_list_give_the_same_containers() -> None:
    for value in (json.dumps(DEFINITIONS), DEFINITIONS):
        found = containers(task(value))
        assert not isinstance(found, Unknown)
        assert [(c.name, c.path, c.definition) for c in found] == [
            ("app", "container_definitions.0", DEFINITIONS[0]),
            ("#1", "container_definitions.1", DEFINITIONS[1]),
        ]


def test_unreadable_definitions_are_unknown() -> None:
    unresolved = Unknown("templatefile(...) is not known")
    assert containers(task(unresolved)) is unresolved
    for value, reason in [("[{", "not valid JSON"), ('{"name": "x"}', "not a list"),
                          ([Unknown("var.c")], "[0] is not known")]:
        found = containers(task(value))
        assert isinstance(found, Unknown)
        assert reason in found.reason
