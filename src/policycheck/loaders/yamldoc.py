"""What :mod:`policycheck.loaders.yamlload` produces, without importing PyYAML: code that
only reads loaded documents (the declarative policies, an index of them) imports this."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from yaml.nodes import Node


@dataclass(frozen=True, slots=True)
class YamlProblem:
    line: int
    message: str


@dataclass(slots=True)
class YamlDocument:
    """One document: its value, ``dotted.path -> line`` and its first/last content lines."""

    value: Any
    lines: dict[str, int]
    line: int
    end_line: int
    warnings: list[YamlProblem]
    node: Node | None = field(repr=False)
    """The composed node graph; ``None`` for JSON only the json module could read (and in a
    document kept in the policy index)."""
