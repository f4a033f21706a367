"""Values of HCL evaluation: unknowns, references, namespaces and Terraform's conversions."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from policycheck.model import Reference, Unknown


class EvalError(Exception):
    """An expression Terraform would reject (type mismatch, missing key, bad syntax ...)."""


class NotKnown(Exception):
    """Raised where a known value is needed but ``unknown`` was found."""

    def __init__(self, unknown: Unknown) -> None:
        super().__init__(unknown.reason)
        self.unknown = unknown


@dataclass(frozen=True, slots=True, eq=False)
class Computed(Unknown):
    """An unknown string whose shape is known, e.g. ``${aws_s3_bucket.b.arn}/*``.

    It is an :class:`Unknown` to policies; ``jsonencode`` renders it as ``placeholder``.
    """

    placeholder: str = ""


class _Missing:
    """The type of :data:`MISSING`."""


MISSING = _Missing()


class Namespace:
    """A name resolved one traversal step at a time (``var``, a resource type, a module)."""

    label = "value"

    def attr(self, name: str) -> Any:
        raise EvalError(f"{self.label} has no attribute {name!r}")

    def index(self, key: Any) -> Any:
        raise EvalError(f"{self.label} cannot be indexed")

    def value(self) -> Any:
        raise EvalError(f"{self.label} cannot be used as a value")


class Multi(Namespace):
    """Several instances (``count``/``for_each``): index to pick one; as a value, all."""

    def __init__(self, label: str, items: list[Any] | dict[str, Any]) -> None:
        self.label = label
        self.items = items

    def attr(self, name: str) -> Any:
        raise EvalError(f"{self.label} has several instances: pick one, e.g. {self.label}[0]")

    def index(self, key: Any) -> Any:
        return get_index(self.items, key)

    def value(self) -> Any:
        if isinstance(self.items, dict):
            return {k: materialize(v) for k, v in self.items.items()}
        return [materialize(v) for v in self.items]


class Scope(Protocol):
    """What expressions can see."""

    def lookup(self, name: str) -> Any:
        """The value (or :class:`Namespace`) of a root name; raise EvalError if undefined."""

    def function(self, name: str) -> Callable[..., Any] | None:
        """The implementation of a function, or ``None`` when it is not supported."""

    def note(self, address: str) -> None:
        """Record that the expression references the resource at ``address``."""

    def literal(self, reference: Reference) -> Any:
        """The referenced attribute's literal config value, or :data:`MISSING`."""


def materialize(value: Any) -> Any:
    return value.value() if isinstance(value, Namespace) else value


def known(value: Any, scope: Scope | None = None) -> Any:
    """``value`` itself, or raise :class:`NotKnown` if it is unknown or an unresolved reference."""
    if isinstance(value, Reference):
        literal = scope.literal(value) if scope is not None else MISSING
        if literal is MISSING:
            raise NotKnown(computed(value))
        return literal
    if isinstance(value, Unknown):
        raise NotKnown(value)
    return value


def computed(reference: Reference) -> Computed:
    return Computed(f"{reference} is known only after apply", "${" + str(reference) + "}")


def substitute(value: Any, scope: Scope) -> Any:
    """``value`` with references replaced by their literal config values where known."""
    if isinstance(value, Reference):
        literal = scope.literal(value)
        return value if literal is MISSING else literal
    if isinstance(value, list):
        return [substitute(v, scope) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, scope) for k, v in value.items()}
    return value


# --- value semantics -------------------------------------------------------------------------


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def to_number(value: Any) -> int | float:
    value = known(value)
    if is_number(value):
        return value  # type: ignore[no-any-return]
    if isinstance(value, str):
        for convert in (int, float):
            try:
                return convert(value.strip())
            except ValueError:
                pass
        raise EvalError(f"{value!r} is not a number")
    raise EvalError(f"a number is required, not {type_name(value)}")


def to_bool(value: Any) -> bool:
    value = known(value)
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return bool(value == "true")
    raise EvalError(f"a bool is required, not {type_name(value)}")


def to_string(value: Any) -> str:
    value = known(value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return format_number(value)
    raise EvalError(f"a string is required, not {type_name(value)}")


def format_number(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def normalize_number(value: float) -> int | float:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return int(value)
    return value


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def equal(left: Any, right: Any) -> bool:
    """Terraform equality: values of different types are never equal."""
    left, right = known(left), known(right)
    if is_number(left) and is_number(right):
        return bool(left == right)
    if type_name(left) != type_name(right):
        return False
    if isinstance(left, list):
        return len(left) == len(right) and all(map(equal, left, right))
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(equal(left[k], right[k]) for k in left)
    return bool(left == right)


def items(collection: Any) -> Iterator[tuple[Any, Any]]:
    """(key, value) pairs of a list (index order) or map (key order)."""
    collection = known(collection)
    if isinstance(collection, list):
        yield from enumerate(collection)
    elif isinstance(collection, dict):
        for key in sorted(collection):
            yield key, collection[key]
    else:
        raise EvalError(f"cannot iterate over {type_name(collection)}")


def instance_key(key: Any) -> str:
    """The address suffix of an instance: ``[0]``, ``["web"]``."""
    key = known(key)
    if is_number(key) and float(key).is_integer():
        return f"[{int(key)}]"
    if isinstance(key, str):
        return f"[{json.dumps(key)}]"
    raise EvalError(f"an instance key must be a whole number or a string, not {type_name(key)}")


def get_attr(value: Any, name: str) -> Any:
    if isinstance(value, Namespace):
        return value.attr(name)
    if isinstance(value, Unknown):
        return value
    if isinstance(value, Reference):
        return Reference(value.address, f"{value.attribute}.{name}" if value.attribute else name)
    if isinstance(value, dict):
        if name in value:
            return value[name]
        raise EvalError(f"object has no attribute {name!r}")
    raise EvalError(f"cannot read attribute {name!r} of {type_name(value)}")


def get_index(value: Any, key: Any) -> Any:
    if isinstance(value, Namespace):
        return value.index(key)
    if isinstance(value, Unknown):
        return value
    key = known(key)
    if isinstance(value, Reference):
        if value.attribute:
            return Reference(value.address, f"{value.attribute}.{to_string(key)}")
        return Reference(value.address + instance_key(key), "")
    if isinstance(value, list):
        position = to_number(key)
        if not isinstance(position, int) or not 0 <= position < len(value):
            raise EvalError(f"index {key!r} is out of range for a list of {len(value)}")
        return value[position]
    if isinstance(value, dict):
        name = to_string(key)
        if name in value:
            return value[name]
        raise EvalError(f"map has no element {name!r}")
    raise EvalError(f"cannot index {type_name(value)}")
