"""Small helpers the normalisers share to build the provider's state shape from API data."""

from __future__ import annotations

from typing import Any


def tags(item: dict[str, Any], key: str = "Tags") -> dict[str, str]:
    """AWS's ``[{"Key": k, "Value": v}]`` tag list (under ``key``: ``Tags``, ``TagList``) as the
    provider's ``tags`` map."""
    return {str(t["Key"]): str(t.get("Value", "")) for t in item.get(key) or [] if "Key" in t}


def tagged(item: dict[str, Any], key: str = "Tags") -> dict[str, dict[str, str]]:
    """``tags`` and ``tags_all`` (the same live: there are no provider default tags)."""
    found = tags(item, key)
    return {"tags": found, "tags_all": dict(found)}
