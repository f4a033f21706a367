"""Variable type constraints (``list(string)``, ``object({a = optional(bool, true)})``) and the
conversions Terraform applies to a variable's value: ``"5"`` to a number, defaults of optional
object attributes, undeclared object attributes dropped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from policycheck.loaders.hcl.expressions import (
    EvalError,
    NotKnown,
    evaluate_string,
    to_bool,
    to_number,
    to_string,
)
from policycheck.model import Reference, Unknown

# A constraint is a tuple: ("string",), ("list", T), ("object", {name: T}), ("tuple", [T, ...]),
# ("optional", T, default) ...
Constraint = tuple[Any, ...]
_PRIMITIVES = ("string", "number", "bool", "any")
_CONSTRUCTORS = ("list", "set", "map", "object", "tuple", "optional")
PRIMITIVE_NAMES = frozenset(_PRIMITIVES)


class _TypeScope:
    """Names and functions of the type-constraint language."""

    def lookup(self, name: str) -> Any:
        if name in _PRIMITIVES:
            return (name,)
        raise EvalError(f"unknown type {name!r}")

    def function(self, name: str) -> Callable[..., Any] | None:
        if name in _CONSTRUCTORS:
            return lambda *args: (name, *args)
        return None

    def note(self, address: str) -> None:
        """Types reference nothing."""

    def literal(self, reference: Reference) -> Any:
        raise EvalError("a type constraint cannot reference a resource")


def parse_type(raw: Any) -> Constraint | None:
    """The constraint written as ``type = ...`` (python-hcl2 text), or ``None`` if unusable."""
    if not isinstance(raw, str):
        return None
    text = raw if raw.startswith("${") else "${" + raw + "}"  # python-hcl2 leaves `string` bare
    constraint = evaluate_string(text, _TypeScope(), lambda _message: None)
    return constraint if isinstance(constraint, tuple) else None


def type_text(raw: Any) -> str | None:
    """The constraint as written, without the ``${}`` wrapper."""
    if not isinstance(raw, str):
        return None
    return raw[2:-1] if raw.startswith("${") and raw.endswith("}") else raw


def convert(value: Any, constraint: Constraint | None) -> Any:
    """``value`` converted to ``constraint`` where Terraform would; otherwise unchanged."""
    if constraint is None or value is None or isinstance(value, Unknown | Reference):
        return value
    try:
        return _convert(value, constraint)
    except (EvalError, NotKnown, TypeError, ValueError):
        return value


def _convert(value: Any, constraint: Constraint) -> Any:
    kind = constraint[0]
    if kind == "optional":
        return _convert(value, constraint[1])
    if kind == "string":
        return to_string(value)
    if kind == "number":
        return to_number(value)
    if kind == "bool":
        return to_bool(value)
    if kind in ("list", "set") and isinstance(value, list):
        return [convert(v, constraint[1]) for v in value]
    if kind == "map" and isinstance(value, dict):
        return {k: convert(v, constraint[1]) for k, v in value.items()}
    if kind == "tuple" and isinstance(value, list):
        return [convert(v, t) for v, t in zip(value, constraint[1], strict=False)]
    if kind == "object" and isinstance(value, dict):
        return {name: _attribute(value, name, attr) for name, attr in constraint[1].items()}
    return value


def _attribute(value: dict[str, Any], name: str, constraint: Any) -> Any:
    if value.get(name) is not None:
        return convert(value[name], constraint)
    if constraint[0] == "optional" and len(constraint) > 2:
        return convert(constraint[2], constraint[1])
    return None


def is_primitive(constraint: Constraint | None) -> bool:
    return constraint is None or constraint[0] in PRIMITIVE_NAMES
