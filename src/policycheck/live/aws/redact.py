"""Secret values out of raw collected data before it is written to a snapshot."""

from __future__ import annotations

import re
from typing import Any

from policycheck.helpers.secrets import mask_url_passwords

SECRET_KEY = re.compile(
    r"(password|passwd|passphrase|secret|secretstring|secretbinary|secretaccesskey|sessiontoken|"
    r"authtoken|token|privatekey|credentials?)$", re.IGNORECASE)
CREDENTIAL_VALUE = re.compile(r"(AKIA|ASIA)[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----")
TAG_KEYS = frozenset({"Tags", "TagList", "TagSet", "tags"})
REDACTED = "<redacted>"


def mask(text: str) -> str:
    """At most the first 4 characters of a secret."""
    return f"{text[:4]}…{REDACTED}" if len(text) > 8 else REDACTED


def redact(value: Any, key: str = "") -> Any:
    """``value`` with strings under secret-looking keys (``MasterUserPassword``,
    ``SecretString``, ``AuthToken``) and credential-looking strings masked; tag values kept."""
    if isinstance(value, dict):
        if key in TAG_KEYS:
            return value
        return {k: redact(v, _named(value, k)) for k, v in value.items()}
    if isinstance(value, list):
        return value if key in TAG_KEYS else [redact(v, key) for v in value]
    if isinstance(value, str):
        normalised = key.replace("_", "").replace("-", "")
        if value and SECRET_KEY.search(normalised):
            return mask(value)
        return redact_text(value)
    return value


def _named(pair: dict[str, Any], key: str) -> str:
    """The key a value is judged by: in a ``{"name": "DB_PASSWORD", "value": ...}`` pair (ECS
    container environment) the value's is the name's."""
    if key.lower() == "value":
        name = pair.get("name", pair.get("Name"))
        if isinstance(name, str):
            return name
    return key


def redact_text(text: str) -> str:
    """``text`` with credential-looking substrings (access key IDs, private key blocks) and the
    passwords of connection strings masked."""
    text = mask_url_passwords(text)
    return CREDENTIAL_VALUE.sub(lambda m: mask(m.group(0)), text) if CREDENTIAL_VALUE.search(text) else text
