"""Recognising credentials and secret-looking keys, and redacting what is found."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from policycheck.model import Resource

CREDENTIAL_FORMATS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("AWS access key ID", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("private key", re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY(?: BLOCK)?-----")),
    ("GitHub token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,255}\b|\bgithub_pat_\w{60,}")),
    ("Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("JSON Web Token", re.compile(r"\beyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}")),
)
_ANY_CREDENTIAL = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in CREDENTIAL_FORMATS))
"""Matches where one of the formats does: most strings hold none, and one search says so."""
_SECRET_WORDS = frozenset({"password", "passwd", "passphrase", "secret", "token", "apikey",
                           "accesskey", "secretkey", "privatekey"})
_SECRET_PAIRS = frozenset({("api", "key"), ("access", "key"), ("secret", "key"),
                           ("private", "key")})
_NOT_SECRET_SUFFIX = re.compile(
    r"(_|^)(arn|id|ids|name|names|length|version|ttl|type|path|file|ref|enabled|policy|"
    r"rotation|count|algorithm|kms_key_id|key_id|timeout|expiry|expiration|url|uri|file_name)$"
)
_PLACEHOLDER = re.compile(
    r"^(\$\{.*\}|\$\(.*\)|\$[A-Z_][A-Z0-9_]*|<[^>]*>|\{\{.*\}\}|[x*.\-_#]+|none|null|nil|"
    r"true|false|required|optional)$"
    r"|placeholder|replace[_ -]?me|change[_ -]?me|your[_ -]|example|dummy|redacted|todo|fixme",
    re.IGNORECASE,
)


_URL_PASSWORD = re.compile(r"(?<=://)([^:/@\s]+):([^@\s]+)@")


def mask_url_passwords(text: str) -> str:
    """``text`` with the password of every ``scheme://user:password@`` in it replaced by
    ``****`` (connection strings in environment values, logs, API data)."""
    return _URL_PASSWORD.sub(lambda m: f"{m[1]}:****@", text) if "://" in text else text


def redact(value: str) -> str:
    """At most the first four characters of a secret, never more than a third of it."""
    shown = min(4, len(value) // 3)
    return f"{value[:shown]}…"


@functools.lru_cache(maxsize=4096)
def is_secret_key(key: str) -> bool:
    """Whether an attribute/variable/env name says its value is a secret (memoised: a scan
    asks about the same few hundred names again and again)."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", key)
    name = re.sub(r"[^a-z0-9]+", "_", spaced.lower()).strip("_")
    if _NOT_SECRET_SUFFIX.search(name):
        return False
    words = name.split("_")
    return bool(_SECRET_WORDS.intersection(words)) or any(
        pair in _SECRET_PAIRS for pair in itertools.pairwise(words))


def is_placeholder(value: str) -> bool:
    """Whether ``value`` is blank or a placeholder rather than a real secret."""
    return not value.strip() or bool(_PLACEHOLDER.search(value.strip()))


def credential_format(value: str) -> str | None:
    """The name of the credential format ``value`` contains, if any."""
    if _ANY_CREDENTIAL.search(value) is None:
        return None
    for name, pattern in CREDENTIAL_FORMATS:
        if pattern.search(value):
            return name
    return None


def is_k8s_config_value(resource: Resource, path: str) -> bool:
    """Whether ``path`` of a Kubernetes object holds configuration handed to a program: a
    container ``env[].value`` (any workload) or an entry of a ConfigMap's ``data``."""
    if resource.kind == "ConfigMap":
        return path.startswith("data.")
    return ".env." in path and path.endswith(".value")


class StringValue(NamedTuple):
    """A string found in an attribute value (a tuple: there are many, and they are built fast)."""

    path: str
    key: str
    value: str


_walked: list[Any] = [None, ()]
"""The value :func:`string_values` walked last and its strings: every string-reading policy
walks each resource's attributes in turn (attribute values are not changed while judged)."""


def string_values(value: Any, path: str = "", key: str = "") -> Iterator[StringValue]:
    """Every string inside a nested attribute value, with its dotted path and nearest key, in
    document order.

    In a ``{name: ..., value: ...}`` pair (Kubernetes and ECS environment entries) the key of
    the value is the entry's name.
    """
    if path or key or not isinstance(value, (Mapping, list)):
        found: list[StringValue] = []
        _collect_strings(value, path, key, found)
        return iter(found)
    if _walked[0] is not value:
        found = []
        _collect_strings(value, path, key, found)
        _walked[:] = value, tuple(found)
    return iter(_walked[1])


def _collect_strings(value: Any, path: str, key: str, found: list[StringValue]) -> None:
    """Append :func:`string_values`' results to ``found`` (a list: nested generators cost a
    step per level for each string)."""
    if isinstance(value, str):
        found.append(StringValue(path, key, value))
    elif type(value) is dict or isinstance(value, Mapping):  # the ABC check is slow
        named = value.get("name") if "value" in value else None
        for child_key, child in value.items():
            child_path = f"{path}.{child_key}" if path else str(child_key)
            child_name = named if child_key == "value" and isinstance(named, str) else child_key
            _collect_strings(child, child_path, str(child_name), found)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            _collect_strings(child, f"{path}.{index}" if path else str(index), key, found)
