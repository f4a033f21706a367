"""Small helpers the normalisers share to build the provider's state shape from API data.

Nested blocks are lists of objects, tags are maps, timestamps are RFC 3339 strings. Resources are
addressed by ARN; a type without an ARN gets ``Scope.synthetic_arn`` (``arn:<partition>:
<service>:<region>:<account>:<terraform type>/<id>``, which no AWS API returns).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from policycheck.live.aws.scope import Scope
from policycheck.model import Reference, Resource

T = TypeVar("T")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def tags(item: dict[str, Any], key: str = "Tags") -> dict[str, str]:
    """AWS's ``[{"Key": k, "Value": v}]`` tag list (under ``key``: ``Tags``, ``TagList``) as the
    provider's ``tags`` map."""
    return tag_map(item.get(key))


def tagged(item: dict[str, Any], key: str = "Tags") -> dict[str, Any]:
    """``tags`` and ``tags_all`` of ``item``'s tag list."""
    return with_tags({}, tags(item, key))


def resource(scope: Scope, kind: str, address: str, attributes: Mapping[str, Any]) -> Resource:
    """A live resource of ``scope`` whose ``references`` are the addresses its
    :class:`Reference` values name (so ``graph.referrers`` finds it, as for Terraform)."""
    return scope.resource(kind, address, attributes, references=_references(attributes))


def _references(value: object) -> Iterator[str]:
    if isinstance(value, Reference):
        yield value.address
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _references(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _references(item)


def tag_map(given: Iterable[Mapping[str, Any]] | Mapping[str, Any] | None, key: str = "Key",
            value: str = "Value") -> dict[str, str]:
    """Tags as the provider stores them: a map (from ``[{"Key", "Value"}]``, any key names, or
    a map as API Gateway and EKS give them)."""
    if not given:
        return {}
    if isinstance(given, Mapping):
        return {str(k): str(v) for k, v in given.items()}
    return {str(t[key]): str(t.get(value, "")) for t in given if key in t}


def with_tags(attributes: dict[str, Any], found: Mapping[str, str]) -> dict[str, Any]:
    """``attributes`` with ``tags`` and ``tags_all`` (the same live: there are no provider
    default tags)."""
    attributes["tags"] = dict(found)
    attributes["tags_all"] = dict(found)
    return attributes


def iso(value: object) -> str | None:
    """A timestamp as an RFC 3339 string (raw data holds ISO strings; boto3 gives datetimes)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        stamp = value if value.tzinfo else value.replace(tzinfo=UTC)
        return stamp.isoformat().replace("+00:00", "Z")
    if isinstance(value, (int, float)):
        return iso(datetime.fromtimestamp(value, UTC))
    text = str(value)
    try:
        return iso(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        return text


def snake(name: str) -> str:
    """``RateBasedStatement`` -> ``rate_based_statement``; ``SSLPolicy`` -> ``ssl_policy``."""
    return _CAMEL.sub("_", name).lower()


def blocks(value: Any) -> Any:
    """An API structure as Terraform nested blocks: every object becomes a one-element list of
    an object with snake_case keys; lists of objects stay lists; scalars stay as they are."""
    if isinstance(value, Mapping):
        return [{snake(str(k)): blocks(v) for k, v in value.items()}]
    if isinstance(value, list):
        converted = [blocks(v) for v in value]
        return [c[0] if isinstance(v, Mapping) else c for c, v in zip(converted, value, strict=True)]
    return value


def chunks(items: Sequence[T], size: int) -> list[list[T]]:
    """``items`` in lists of at most ``size`` (for the calls that take a batch of names)."""
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def group_arn(scope: Scope, group_id: str) -> str:
    """The ARN of a security group of ``scope``'s region: the ec2 collector's address for it."""
    return scope.arn("ec2", f"security-group/{group_id}")


def group_reference(scope: Scope, group_id: str) -> Reference:
    """How a live resource names a security group of its region (see the live contract)."""
    return Reference(group_arn(scope, group_id), "id")


def security_group_refs(scope: Scope, ids: Iterable[str]) -> list[Reference]:
    """Security group IDs as links to the ec2 collector's groups."""
    return [group_reference(scope, ident) for ident in ids]


def ref(address: str, attribute: str = "id") -> Reference:
    """A link to another live resource by its address, as Terraform's references are."""
    return Reference(address, attribute)

