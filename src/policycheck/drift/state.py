"""Terraform state (format version 4) as the declared side of an AWS drift run.

A state is read from a local file or from ``s3://BUCKET/KEY`` (boto3, with the audit's
credentials; imported only then). Every managed resource instance becomes a :class:`Resource`
whose kind is the resource type, whose address is Terraform's
(``module.a.module.b.aws_s3_bucket.this["logs"]``) and whose attributes are the instance's
``attributes`` - the provider's state shape, which the live normalisers produce too (``id``,
``arn``...). Data sources (``mode: data``) are skipped. Values at ``sensitive_attributes``
paths, and values of secret-named attributes (``password``...), are wrapped so that they never
print (``(sensitive value)``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from policycheck.drift._plan import hide
from policycheck.drift.model import Declared
from policycheck.errors import PolicycheckError
from policycheck.helpers.secrets import is_secret_key
from policycheck.model import Location, Resource, ScanError

SOURCE = "tf"
STATE_VERSION = 4
MAX_BYTES = 512 * 1024 * 1024
Fetch = Callable[[str, str], bytes]
"""``(bucket, key) -> bytes``: how an ``s3://`` state is read."""


class StateError(PolicycheckError):
    """A state that cannot be read at all (missing file, not a state, unsupported version)."""


@dataclass(frozen=True, slots=True)
class StateRef:
    """Where a state is: a local path or ``s3://bucket/key``."""

    text: str

    @property
    def s3(self) -> tuple[str, str] | None:
        if not self.text.startswith("s3://"):
            return None
        bucket, _, key = self.text[5:].partition("/")
        if not bucket or not key:
            raise StateError(f"{self.text}: an S3 state is s3://BUCKET/KEY")
        return bucket, key


def read_bytes(ref: StateRef, fetch: Fetch | None) -> bytes:
    location = ref.s3
    if location is not None:
        if fetch is None:
            raise StateError(f"{ref.text}: no way to read S3 states in this run")
        return fetch(*location)
    from pathlib import Path

    try:
        path = Path(ref.text)
        if path.stat().st_size > MAX_BYTES:
            raise StateError(f"{ref.text}: larger than {MAX_BYTES // (1024 * 1024)} MB")
        return path.read_bytes()
    except OSError as error:
        raise StateError(f"cannot read state {ref.text}: {error.strerror}") from None


def read_state(ref: StateRef, fetch: Fetch | None = None) -> Declared:
    """Every managed resource instance of one state."""
    return parse_state(read_bytes(ref, fetch), ref.text)


def parse_state(raw: bytes, display: str) -> Declared:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise StateError(f"{display}: not a Terraform state (not JSON: {error})") from None
    if not isinstance(data, dict) or "version" not in data or ("resources" not in data and "modules" not in data):
        hint = " (it looks like a plan: use --plan)" if isinstance(data, dict) and "format_version" in data else ""
        raise StateError(f"{display}: not a Terraform state{hint}")
    version = data.get("version")
    if version != STATE_VERSION:
        raise StateError(f"{display}: state format version {version!r} is not supported: policycheck reads "
                         f"version {STATE_VERSION} (Terraform 0.12 and later; run `terraform state pull` "
                         "with a current Terraform)")
    declared = Declared("aws", files=1)
    lines = _Lines(raw.decode("utf-8-sig", errors="replace"))
    resources = data.get("resources")
    if not isinstance(resources, list):
        declared.errors.append(ScanError(display, 1, "resources is not a list"))
        return declared
    for number, entry in enumerate(resources):
        if not isinstance(entry, dict):
            declared.errors.append(ScanError(display, 1, f"resources[{number}] is not an object"))
            continue
        if entry.get("mode", "managed") != "managed":
            continue
        declared.resources.extend(_instances(entry, display, lines, declared))
    return declared


def instance_address(module: str, kind: str, name: str, index_key: object) -> str:
    """Terraform's address of one instance: ``module.a.aws_s3_bucket.this["logs"]``, ``...[0]``."""
    address = f"{module}.{kind}.{name}" if module else f"{kind}.{name}"
    if isinstance(index_key, bool) or index_key is None:
        return address
    if isinstance(index_key, int):
        return f"{address}[{index_key}]"
    return f"{address}[{json.dumps(str(index_key))}]"


def _instances(entry: Mapping[str, Any], display: str, lines: _Lines, declared: Declared) -> Iterator[Resource]:
    kind, name, module = entry.get("type"), entry.get("name"), entry.get("module") or ""
    if not isinstance(kind, str) or not isinstance(name, str) or not isinstance(module, str):
        declared.errors.append(ScanError(display, 1, "a resource without type or name"))
        return
    line = lines.of(kind, name)
    instances = entry.get("instances") or ()
    if not isinstance(instances, list):
        declared.errors.append(ScanError(display, line, f"{kind}.{name}: instances is not a list"))
        return
    for instance in instances:
        if not isinstance(instance, dict):
            continue
        address = instance_address(module, kind, name, instance.get("index_key"))
        if instance.get("deposed"):
            continue  # an old object of a create_before_destroy replacement, about to be destroyed
        attributes = instance.get("attributes")
        if not isinstance(attributes, dict):
            declared.errors.append(ScanError(display, line, f"{address}: no attributes (a state written by "
                                             "Terraform before 0.12 stores attributes_flat: not supported)"))
            continue
        if not isinstance(instance.get("schema_version", 0), int):
            declared.warnings.append(f"{display}: {address}: schema_version is not a number")
        hidden = hide_sensitive(attributes, instance.get("sensitive_attributes"))
        yield Resource(kind=kind, address=address, source=SOURCE, attributes=hidden,
                       location=Location(display, line, line), root=display)


def _step(step: object) -> str | int | None:
    """A ``sensitive_attributes`` path step: ``{"type": "get_attr", "value": "password"}`` or
    ``{"type": "index", "value": {"value": 0, "type": "number"}}``."""
    if not isinstance(step, dict):
        return None
    value = step.get("value")
    if step.get("type") == "index" and isinstance(value, dict):
        value = value.get("value")
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, (str, int)) else None


def _hide_at(value: Any, path: list[str | int]) -> Any:
    if not path:
        return hide(value)
    head, rest = path[0], path[1:]
    if isinstance(value, dict) and isinstance(head, str) and head in value:
        return {**value, head: _hide_at(value[head], rest)}
    if isinstance(value, list) and isinstance(head, int) and 0 <= head < len(value):
        return [_hide_at(v, rest) if i == head else v for i, v in enumerate(value)]
    return value


def _secret_named(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: hide(v) if is_secret_key(k) else _secret_named(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_secret_named(v) for v in value]
    return value


def hide_sensitive(attributes: dict[str, Any], sensitive: object) -> dict[str, Any]:
    """``attributes`` with the values at the ``sensitive_attributes`` paths, and those of
    secret-named keys, wrapped in :class:`Sensitive`."""
    hidden: Any = _secret_named(attributes)
    for path in sensitive if isinstance(sensitive, list) else ():
        steps = [_step(s) for s in path] if isinstance(path, list) else [None]
        if steps and None not in steps:
            hidden = _hide_at(hidden, [s for s in steps if s is not None])
    return dict(hidden)


class _Lines:
    """The line of each resource block of a state (``"type": ...`` then ``"name": ...``)."""

    _ENTRY = re.compile(r'"type":\s*"([^"]+)",\s*\n?\s*"name":\s*"([^"]+)"')

    def __init__(self, text: str) -> None:
        self._lines: dict[tuple[str, str], int] = {}
        for match in self._ENTRY.finditer(text):
            self._lines.setdefault((match.group(1), match.group(2)), text.count("\n", 0, match.start()) + 1)

    def of(self, kind: str, name: str) -> int:
        return self._lines.get((kind, name), 1)
