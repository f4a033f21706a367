"""ECS task definitions: the containers of ``container_definitions``.

``container_definitions`` is a JSON string (``file(...)``, a heredoc, a literal) or, when
written with ``jsonencode(...)``, an already-decoded list. Either way the containers come back
as dicts in the ECS API's camelCase shape (``memory``, ``essential``, ``healthCheck``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from policycheck.model import Resource, Unknown

PATH = "container_definitions"


@dataclass(frozen=True, slots=True)
class Container:
    """One container definition; ``path`` locates it (``container_definitions.1``)."""

    definition: dict[str, Any]
    path: str

    @property
    def name(self) -> str:
        name = self.definition.get("name")
        return name if isinstance(name, str) else f"#{self.path.rsplit('.', 1)[1]}"


def containers(task: Resource) -> list[Container] | Unknown:
    """The containers of ``task``; :class:`Unknown` when the definitions cannot be read."""
    raw = task.get(PATH)
    if isinstance(raw, Unknown):
        return raw
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return Unknown(f"{PATH} is not valid JSON")
    if not isinstance(raw, list):
        return Unknown(f"{PATH} is not a list of container definitions")
    found: list[Container] = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            return Unknown(f"{PATH}[{index}] is not known")
        found.append(Container(item, f"{PATH}.{index}"))
    return found
