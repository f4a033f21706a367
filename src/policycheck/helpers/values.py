"""Reading attribute values that may be strings, booleans or :class:`Unknown`."""

from __future__ import annotations

from typing import Any

from policycheck.model import Resource, Result, Unknown, Verdict

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


def truthy(value: Any) -> bool | Unknown:
    """Terraform/YAML truthiness: ``true``, ``"true"``, ``1`` are true; ``None`` is false."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    return Unknown(f"{value!r} is not a boolean")


def is_true(value: Any) -> bool:
    """True only for a value that is definitely true (an Unknown raises UnknownValueError)."""
    result = truthy(value)
    return bool(result)


def require_true(resource: Resource, path: str, message: str) -> Result:
    """PASS when ``path`` is true, FAIL with ``message`` when unset or false, UNKNOWN otherwise."""
    value = truthy(resource.get(path))
    if isinstance(value, Unknown):
        reason = value.reason or "unresolved"
        return Result(Verdict.UNKNOWN, f"{path} is not known ({reason})", path)
    if value:
        return Result(Verdict.PASS, f"{path} is true", path)
    return Result(Verdict.FAIL, message, path)
