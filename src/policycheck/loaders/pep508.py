"""PEP 508 requirement strings, read the same way for requirement files and ``pyproject.toml``."""

from __future__ import annotations

from typing import Any

from packaging.requirements import InvalidRequirement, Requirement


def requirement_fields(text: str) -> dict[str, Any]:
    """``name``, ``specifier``, ``extras``, ``marker`` and ``url`` of a PEP 508 string; a
    ValueError saying ``invalid requirement: ...`` when it is not one."""
    try:
        requirement = Requirement(text)
    except InvalidRequirement as exc:
        raise ValueError(f"invalid requirement: {str(exc).splitlines()[0]}") from None
    return {
        "name": requirement.name,
        "specifier": str(requirement.specifier),
        "extras": sorted(requirement.extras),
        "marker": str(requirement.marker) if requirement.marker else None,
        "url": requirement.url,
    }
