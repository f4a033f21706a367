"""Terraform JSON syntax (``.tf.json``) converted to the python-hcl2 shape of :mod:`parser`.

JSON has no schema-free way to tell a nested block from an object-valued attribute; an object
(or array of objects) is taken as a block unless its name is a known map attribute or its keys
are not identifiers (tag names such as ``kubernetes.io/role``). Strings keep their ``${}``
templates; the expression-valued meta-arguments (``type``, ``provider``, ``depends_on``,
``ignore_changes``) are written as the HCL backends write them: a bare name as it is
(``"string"``), anything else wrapped in ``${}``. ``"//"`` properties are comments.
"""

from __future__ import annotations

import json
import re
from typing import Any

from policycheck.loaders.hcl.shape import COMMENTS, END_LINE, LINES, START_LINE, ParsedHcl
from policycheck.model import ScanError

# Labels each top-level block type takes; unknown types are read as labelless.
_LABELS = {"resource": 2, "data": 2, "module": 1, "variable": 1, "output": 1, "provider": 1,
           "check": 1, "import": 0, "moved": 0, "removed": 0, "locals": 0, "terraform": 0}
# Nested blocks that take labels.
_NESTED_LABELS = {"dynamic": 1, "provisioner": 1, "backend": 1}
# Bodies whose object values are all attributes.
_ATTRIBUTE_ONLY = {"locals", "module", "required_providers", "backend", "content_attributes"}
_MAP_ATTRIBUTES = frozenset({
    "tags", "tags_all", "labels", "annotations", "environment", "variables", "triggers",
    "parameters", "metadata", "providers", "default", "value", "options", "data", "policy",
    "attributes", "properties", "settings", "config", "env", "headers", "map", "for_each",
})
_EXPRESSION_KEYS = frozenset({"type", "provider", "depends_on", "ignore_changes",
                              "replace_triggered_by"})
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_WS = re.compile(r"[ \t\r\n]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\.)*"')
_LITERALS = {"true": True, "false": False, "null": None}


class _Object(dict[str, Any]):
    """A JSON object with the line of each key and of its braces."""

    __slots__ = ("end", "key_lines", "start")

    def __init__(self, start: int) -> None:
        super().__init__()
        self.start = start
        self.end = start
        self.key_lines: dict[str, int] = {}


class _JsonError(ValueError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class _Reader:
    """A small JSON reader that keeps the line of every object key."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def line(self, pos: int | None = None) -> int:
        return self.text.count("\n", 0, self.pos if pos is None else pos) + 1

    def skip(self) -> None:
        self.pos = _WS.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def fail(self, message: str) -> _JsonError:
        return _JsonError(message, self.line())

    def value(self) -> Any:
        self.skip()
        char = self.text[self.pos : self.pos + 1]
        if char == "{":
            return self.object()
        if char == "[":
            return self.array()
        if char == '"':
            return self.string()
        number = _NUMBER.match(self.text, self.pos)
        if number:
            self.pos = number.end()
            return json.loads(number.group())
        for word, literal in _LITERALS.items():
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return literal
        raise self.fail("expected a JSON value" if char else "unexpected end of file")

    def string(self) -> str:
        match = _STRING.match(self.text, self.pos)
        if match is None:
            raise self.fail("unterminated or invalid string")
        try:
            value = json.loads(match.group())
        except json.JSONDecodeError as exc:
            raise self.fail(exc.msg) from None
        self.pos = match.end()
        return str(value)

    def expect(self, char: str) -> None:
        self.skip()
        if self.text[self.pos : self.pos + 1] != char:
            raise self.fail(f"expected {char!r}")
        self.pos += 1

    def object(self) -> _Object:
        result = _Object(self.line())
        self.pos += 1
        self.skip()
        if self.text.startswith("}", self.pos):
            self.pos += 1
            return result
        while True:
            self.skip()
            if not self.text.startswith('"', self.pos):
                raise self.fail("expected a property name in double quotes")
            key_line = self.line()
            key = self.string()
            self.expect(":")
            result[key] = self.value()
            result.key_lines[key] = key_line
            self.skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
                continue
            self.expect("}")
            result.end = self.line()
            return result

    def array(self) -> list[Any]:
        items: list[Any] = []
        self.pos += 1
        self.skip()
        if self.text.startswith("]", self.pos):
            self.pos += 1
            return items
        while True:
            items.append(self.value())
            self.skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
                continue
            self.expect("]")
            return items


def parse_tf_json(text: str, display: str) -> ParsedHcl:
    """Parse a ``.tf.json`` file into the python-hcl2 shape with line metadata."""
    reader = _Reader(text)
    try:
        document = reader.value()
        reader.skip()
        if reader.pos < len(text):
            raise reader.fail("extra data after the JSON document")
    except _JsonError as exc:
        return ParsedHcl({}, [ScanError(display, exc.line, f"invalid JSON: {exc}")])
    if not isinstance(document, _Object):
        return ParsedHcl({}, [ScanError(display, 1, "a .tf.json file must hold a JSON object")])
    errors: list[ScanError] = []
    body: dict[str, Any] = {}
    for block_type, value in document.items():
        line = document.key_lines[block_type]
        if block_type == "//":
            body.setdefault(COMMENTS, []).extend(_comments(value, line))
            continue
        blocks = _labelled(block_type, value, _LABELS.get(block_type, 0), line, display, errors)
        if blocks:
            body.setdefault(block_type, []).extend(blocks)
    return ParsedHcl(body, errors)


def _labelled(
    block_type: str, value: Any, labels: int, line: int, display: str, errors: list[ScanError]
) -> list[dict[str, Any]]:
    """The blocks of one block type, each wrapped in its label dicts."""
    if isinstance(value, list):
        return [
            block
            for item in value
            for block in _labelled(block_type, item, labels, line, display, errors)
        ]
    if not isinstance(value, _Object):
        errors.append(ScanError(display, line, f"{block_type!r} must be a JSON object"))
        return []
    if labels == 0:
        return [_body(block_type, value)]
    result: list[dict[str, Any]] = []
    for label, inner in value.items():
        if label == "//":
            continue
        for block in _labelled(block_type, inner, labels - 1, value.key_lines[label], display,
                               errors):
            result.append({label: block})
    return result


def _body(block_type: str, obj: _Object) -> dict[str, Any]:
    """A block body: attributes as they are, nested blocks as lists of bodies."""
    body: dict[str, Any] = {}
    lines: dict[str, int] = {}
    comments: list[dict[str, Any]] = []
    for key, value in obj.items():
        line = obj.key_lines[key]
        if key == "//":
            comments.extend(_comments(value, line))
            continue
        lines[key] = line
        if _is_block(block_type, key, value):
            nested = _NESTED_LABELS.get(key, 0)
            body[key] = [
                b for item in _as_list(value) for b in _nested_blocks(key, item, nested)
            ]
        else:
            body[key] = _expression(key, value)
            _value_lines(value, key, lines)
    body[START_LINE] = obj.start
    body[END_LINE] = obj.end
    body[LINES] = lines
    body[COMMENTS] = comments
    return body


def _nested_blocks(block_type: str, value: _Object, labels: int) -> list[dict[str, Any]]:
    if labels == 0:
        return [_body(block_type, value)]
    return [
        {label: b}
        for label, inner in value.items()
        if label != "//"
        for item in _as_list(inner)
        for b in _nested_blocks(block_type, item, labels - 1)
    ]


def _as_list(value: Any) -> list[_Object]:
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, _Object)]


def _is_block(block_type: str, key: str, value: Any) -> bool:
    if block_type in _ATTRIBUTE_ONLY or key in _MAP_ATTRIBUTES:
        return key in _NESTED_LABELS and block_type != "locals"
    items = value if isinstance(value, list) else [value]
    return bool(items) and all(
        isinstance(item, _Object) and all(_IDENTIFIER.match(k) for k in item) for item in items
    )


def _expression(key: str, value: Any) -> Any:
    """An attribute's value: plain data, with expression-valued meta-arguments wrapped."""
    if key in _EXPRESSION_KEYS:
        if isinstance(value, str) and not value.startswith("${") and not _IDENTIFIER.match(value):
            return f"${{{value}}}"
        if isinstance(value, list):
            return [_expression(key, v) for v in value]
    return _plain(value)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _value_lines(value: Any, path: str, lines: dict[str, int]) -> None:
    if isinstance(value, _Object):
        for key, inner in value.items():
            lines[f"{path}.{key}"] = value.key_lines[key]
            _value_lines(inner, f"{path}.{key}", lines)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            if isinstance(inner, _Object):
                lines[f"{path}.{index}"] = inner.start
                _value_lines(inner, f"{path}.{index}", lines)


def _comments(value: Any, line: int) -> list[dict[str, Any]]:
    texts = value if isinstance(value, list) else [value]
    return [{"value": str(t), "line": line} for t in texts if isinstance(t, str)]
