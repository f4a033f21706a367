"""The values module instances hand to expressions: namespaces that resolve one name at a time,
and the instances ``count``/``for_each`` give a resource or module call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from policycheck.loaders.hcl.expressions import (
    EvalError,
    Namespace,
    get_attr,
    instance_key,
    known,
    to_string,
)
from policycheck.loaders.terraform.config import ModuleConfig
from policycheck.model import Unknown


@dataclass(frozen=True, slots=True)
class Expansion:
    """The instances ``count``/``for_each`` give a resource or module call."""

    meta: str | None = None  # "count", "for_each" or None for a single unkeyed instance
    keys: tuple[Any, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)
    unknown: Unknown | None = None
    refused: bool = False
    """Past the instance limit: no instances (an error entry says why)."""

    def bindings(self, key: Any) -> dict[str, Any]:
        if self.meta == "count":
            return {"count": {"index": key if self.unknown is None else self.unknown}}
        if self.meta == "for_each":
            if self.unknown is not None:
                return {"each": {"key": self.unknown, "value": self.unknown}}
            return {"each": {"key": key, "value": self.values.get(key, key)}}
        return {}

    def instances(self) -> list[tuple[str, dict[str, Any]]]:
        """(address suffix, names bound in the instance) per instance."""
        if self.refused:
            return []
        if self.meta is None or self.unknown is not None:
            return [("", self.bindings(None))]
        return [(instance_key(k), self.bindings(k)) for k in self.keys]


def for_each_expansion(value: Any) -> Expansion:
    """The instances of a known ``for_each`` value: a map, or a set of strings."""
    if isinstance(value, dict):
        return Expansion("for_each", tuple(sorted(value)), value)
    if isinstance(value, list):
        keys = sorted({to_string(known(v)) for v in value})
        return Expansion("for_each", tuple(keys))
    raise EvalError(f"for_each must be a map or a set of strings, not {type(value).__name__}")


class Names(Namespace):
    """``var``, ``local``, ``module``, a resource type ...: the next name picks the value."""

    def __init__(self, label: str, get: Callable[[str], Any]) -> None:
        self.label = label
        self.get = get

    def attr(self, name: str) -> Any:
        return self.get(name)


class AfterApply(Namespace):
    """A data source (or ``self``): every attribute is known only after apply."""

    def __init__(self, label: str) -> None:
        self.label = label

    def attr(self, name: str) -> Any:
        return Unknown(f"{self.label}.{name} is known only after apply")

    def index(self, key: Any) -> Any:
        return AfterApply(self.label + instance_key(key))

    def value(self) -> Any:
        return Unknown(f"{self.label} is known only after apply")


class Pending(Namespace):
    """A resource or module call whose number of instances is not known."""

    def __init__(self, label: str, pick: Callable[[Any], Any], unknown: Unknown) -> None:
        self.label = label
        self.pick = pick
        self.unknown = unknown

    def attr(self, name: str) -> Any:
        return get_attr(self.pick(None), name)

    def index(self, key: Any) -> Any:
        return self.pick(key)

    def value(self) -> Any:
        return self.unknown


class EvaluatedModule(Protocol):
    """What :class:`Outputs` reads of an evaluated module instance
    (:class:`~policycheck.loaders.terraform.instance.ModuleInstance`)."""

    @property
    def config(self) -> ModuleConfig: ...

    def output(self, name: str) -> Any: ...


class Outputs(Namespace):
    """The outputs of one evaluated module instance."""

    def __init__(self, label: str, instance: EvaluatedModule | None) -> None:
        self.label = label
        self.instance = instance

    def attr(self, name: str) -> Any:
        if self.instance is None:
            return Unknown(f"{self.label}.{name} is not known: the module is not evaluated")
        return self.instance.output(name)

    def index(self, key: Any) -> Any:
        raise EvalError(f"{self.label} has no count or for_each")

    def value(self) -> Any:
        if self.instance is None:
            return Unknown(f"{self.label} is not known: the module is not evaluated")
        return {b.name: self.attr(b.name) for b in self.instance.config.of_kind("output")}
