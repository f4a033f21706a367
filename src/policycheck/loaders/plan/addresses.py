"""Terraform addresses and configuration references, as plain strings.

An instance address is ``[module.NAME[KEY].]*[data.]TYPE.NAME[KEY]``: ``module.db[0].aws_db_instance.this``,
``aws_s3_bucket.b["logs"]``. Its *configuration address* drops every instance key
(``module.db.aws_db_instance.this``): the block the instance comes from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY = r'\[(?:\d+|"(?:[^"\\]|\\.)*"|\*)\]'
_KEY_RE = re.compile(_KEY)
_STEP = re.compile(rf'\.?([A-Za-z_][A-Za-z0-9_-]*)|({_KEY})')
_VALUE_ROOTS = frozenset({"var", "local", "count", "each", "path", "terraform", "self"})


def strip_keys(address: str) -> str:
    """The configuration address: ``module.a[0].x.y["k"]`` -> ``module.a.x.y``."""
    return _KEY_RE.sub("", address) if "[" in address else address


def steps(text: str) -> list[str]:
    """The traversal steps of an address or reference: names, and keys as written (``[0]``)."""
    found: list[str] = []
    position = 0
    while position < len(text):
        match = _STEP.match(text, position)
        if match is None or match.end() == position:
            break
        found.append(match.group(1) or match.group(2))
        position = match.end()
    return found


def _is_key(step: str) -> bool:
    return step.startswith("[")


def module_names(module_address: str) -> tuple[str, ...]:
    """The module call names of a module instance address (``module.a[0].module.b`` -> a, b)."""
    parts = steps(module_address)
    return tuple(parts[i + 1] for i, part in enumerate(parts[:-1]) if part == "module")


def parent_module(prefix: str) -> str:
    """The module instance prefix one level up: ``module.a.module.b[1].`` -> ``module.a.``."""
    parts = steps(prefix)
    cut = max((i for i, part in enumerate(parts) if part == "module"), default=0)
    return _join(parts[:cut])


def _join(parts: list[str]) -> str:
    text = ""
    for part in parts:
        text += part if _is_key(part) else f".{part}" if text else part
    return f"{text}." if text else ""


@dataclass(frozen=True, slots=True)
class Target:
    """What one configuration reference designates.

    ``kind`` is ``resource`` (``name`` is ``TYPE.NAME`` or ``data.TYPE.NAME``), ``module`` (``name``
    is the call name, ``attribute`` the output), ``var`` (``name`` is the variable), or ``value``
    for everything that names no object (locals, ``count.index``, ``path.module`` ...).
    """

    kind: str
    name: str = ""
    key: str = ""
    attribute: str = ""


def parse_reference(reference: str) -> Target:
    """The object a reference string of the plan's ``configuration`` names."""
    parts = steps(reference)
    if not parts or parts[0] in _VALUE_ROOTS:
        if parts and parts[0] == "var" and len(parts) > 1:
            return Target("var", parts[1])
        return Target("value")
    if parts[0] == "module":
        if len(parts) < 2:
            return Target("value")
        rest = parts[2:]
        key = rest.pop(0) if rest and _is_key(rest[0]) else ""
        output = rest[0] if rest and not _is_key(rest[0]) else ""
        return Target("module", parts[1], key, output)
    head, rest = (parts[:3], parts[3:]) if parts[0] == "data" else (parts[:2], parts[2:])
    if len(head) < (3 if parts[0] == "data" else 2) or any(_is_key(p) for p in head):
        return Target("value")
    key = rest.pop(0) if rest and _is_key(rest[0]) else ""
    attribute = rest[0] if rest and not _is_key(rest[0]) else ""
    return Target("resource", ".".join(head), key, attribute)


def split_instance(address: str, relative: str) -> tuple[str, str]:
    """(module instance prefix, instance key) of ``address``, whose resource part is
    ``relative`` (``TYPE.NAME`` or ``data.TYPE.NAME``): ``module.a[0].x.y["k"]`` ->
    (``module.a[0].``, ``["k"]``)."""
    start = address.rfind(relative)
    while start > 0 and address[start - 1] != ".":
        start = address.rfind(relative, 0, start)
    if start < 0:
        return "", ""
    key = address[start + len(relative):]
    return address[:start], key if _KEY_RE.fullmatch(key) else ""
