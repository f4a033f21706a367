"""Building Terraform-shaped live resources from AWS API answers (shared by the service modules).

The service normalisers turn API structures into the AWS provider's *state* attributes: nested
blocks are lists of objects, tags are maps, timestamps are RFC 3339 strings. Resources are
addressed by ARN; a type without an ARN gets a synthetic one, ``arn:<partition>:<service>:
<region>:<account>:<terraform type>/<id>``, which no AWS API returns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from policycheck.model import Reference, Resource, live_location

T = TypeVar("T")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


class Where(Protocol):
    """What a normaliser needs of the framework's scope: the account, region and partition."""

    @property
    def account(self) -> str: ...
    @property
    def region(self) -> str: ...
    @property
    def partition(self) -> str: ...


def live_resource(scope: Where, kind: str, address: str, attributes: Mapping[str, Any], *,
                  global_: bool = False) -> Resource:
    """A live resource of ``kind`` at ``address`` (an ARN), located in ``scope``'s account and
    region (no region for a global service); ``references`` are the addresses its
    :class:`Reference` values name."""
    where = "" if global_ else scope.region
    return Resource(kind=kind, address=address, source="aws", attributes=dict(attributes),
                    location=live_location("aws", scope.account, where),
                    references=frozenset(_references(attributes)), root=f"aws://{scope.account}")


def _references(value: object) -> Iterator[str]:
    if isinstance(value, Reference):
        yield value.address
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _references(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _references(item)


def arn(scope: Where, service: str, resource: str, *, region: str | None = None,
        account: str | None = None) -> str:
    """``arn:<partition>:<service>:<region>:<account>:<resource>`` (region and account default
    to the scope's; pass ``""`` for the services whose ARNs omit them)."""
    return (f"arn:{scope.partition}:{service}:{scope.region if region is None else region}:"
            f"{scope.account if account is None else account}:{resource}")


def synthetic_arn(scope: Where, service: str, kind: str, ident: str, *, global_: bool = False) -> str:
    """The address of a type that has no ARN (see the module docstring)."""
    return arn(scope, service, f"{kind}/{ident}", region="" if global_ else None)


def tag_map(tags: Iterable[Mapping[str, Any]] | Mapping[str, Any] | None, key: str = "Key",
            value: str = "Value") -> dict[str, str]:
    """Tags as the provider stores them: a map (from ``[{"Key", "Value"}]`` or a map)."""
    if not tags:
        return {}
    if isinstance(tags, Mapping):
        return {str(k): str(v) for k, v in tags.items()}
    return {str(t[key]): str(t.get(value, "")) for t in tags if key in t}


def with_tags(attributes: dict[str, Any], tags: Mapping[str, str]) -> dict[str, Any]:
    """``attributes`` with ``tags`` and ``tags_all`` (the provider sets both)."""
    attributes["tags"] = dict(tags)
    attributes["tags_all"] = dict(tags)
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


def block(value: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """One optional nested block: ``[]`` when absent, else ``[object]``."""
    return blocks(value) if value else []


def chunks(items: Sequence[T], size: int) -> list[list[T]]:
    """``items`` in lists of at most ``size`` (for the calls that take a batch of names)."""
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def security_group_refs(scope: Where, ids: Iterable[str]) -> list[Reference]:
    """Security group IDs as links to the groups' addresses: their ARNs, as the ec2 collector
    addresses them."""
    return [Reference(arn(scope, "ec2", f"security-group/{ident}")) for ident in ids]


def ref(address: str, attribute: str = "id") -> Reference:
    """A link to another live resource by its address, as Terraform's references are."""
    return Reference(address, attribute)


class Api(Protocol):
    """The framework's ``ServiceApi`` as the service modules use it (live-contract.md)."""

    @property
    def account(self) -> str: ...
    @property
    def region(self) -> str: ...
    def paginate(self, operation: str, result_key: str, **params: Any) -> list[dict[str, Any]]: ...
    def call(self, operation: str, **params: Any) -> dict[str, Any]: ...
    def optional(self, operation: str, absent: tuple[str, ...] = (), **params: Any
                 ) -> dict[str, Any] | None: ...
