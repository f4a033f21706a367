"""The parse result every HCL backend produces, and the helpers the backends share.

A parsed body has python-hcl2's shape (block types map to lists, labels to nested dicts,
expressions to ``"${...}"`` strings). Every block body also carries:

- ``__start_line__`` / ``__end_line__``: the block's first and last line (1-based);
- ``__lines__``: attribute or nested-block name -> line; values inside object and tuple
  literals add dotted paths (``"tags.Name"``, ``"cidr_blocks.0"``);
- ``__comments__``: ``[{"value": text, "line": n}]`` for comments directly in the body.

The top-level body carries ``__comments__`` for comments outside any block.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from policycheck.model import ScanError

START_LINE = "__start_line__"
END_LINE = "__end_line__"
LINES = "__lines__"
COMMENTS = "__comments__"

Block = tuple[int, int, dict[str, Any]]
"""A block's start and end offset in the source, and its body dict."""
Comment = tuple[int, int, str]
"""A comment's offset, line and source text (markers included)."""


@dataclass(frozen=True, slots=True)
class ParsedHcl:
    """A parsed file: its body and the syntax errors found (the rest of the body is kept)."""

    body: dict[str, Any]
    errors: list[ScanError]


def strip_metadata(value: Any) -> Any:
    """``value`` without the ``__*__`` keys (for comparing backends)."""
    if isinstance(value, dict):
        return {
            k: strip_metadata(v)
            for k, v in value.items()
            if not (k.startswith("__") and k.endswith("__"))
        }
    if isinstance(value, list):
        return [strip_metadata(v) for v in value]
    return value


def assign_comments(blocks: list[Block], comments: list[Comment], top: dict[str, Any]) -> None:
    """Append each comment to the innermost block containing it, else to ``top``.

    ``blocks`` are in source order (a block before the blocks nested in it); ``comments`` are
    sorted by offset.
    """
    stack: list[Block] = []
    pending = iter(blocks)
    upcoming = next(pending, None)
    for offset, line, text in comments:
        while upcoming is not None and upcoming[0] <= offset:
            while stack and stack[-1][1] <= upcoming[0]:
                stack.pop()
            stack.append(upcoming)
            upcoming = next(pending, None)
        while stack and stack[-1][1] <= offset:
            stack.pop()
        value = comment_value(text)
        if value:
            (stack[-1][2] if stack else top)[COMMENTS].append({"value": value, "line": line})


# -- value helpers shared by the backends --------------------------------------------------

_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_HEX = frozenset("0123456789abcdefABCDEF")


def unescape(text: str) -> str:
    """Resolve HCL string escapes (``\\n``, ``\\"``, ``\\uNNNN`` ...); unknown ones are kept."""
    if "\\" not in text:
        return text
    out: list[str] = []
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char != "\\" or index + 1 >= length:
            out.append(char)
            index += 1
            continue
        marker = text[index + 1]
        if marker in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[marker])
            index += 2
            continue
        width = {"u": 4, "U": 8}.get(marker, 0)
        digits = text[index + 2 : index + 2 + width]
        if width and len(digits) == width and all(d in _HEX for d in digits):
            code = int(digits, 16)
            if code <= 0x10FFFF and not 0xD800 <= code < 0xE000:
                out.append(chr(code))
                index += 2 + width
                continue
        out.append(char + marker)
        index += 2
    return "".join(out)


def number_value(text: str) -> int | float | str:
    """A numeric literal as a value; exponent and hex forms stay expressions (``"${1e3}"``)."""
    if text.isdigit():
        return int(text)
    if "e" in text or "E" in text or "x" in text:
        return "${" + text + "}"
    return float(text)


def number_text(text: str) -> str:
    """A numeric literal as written inside an expression (``007`` -> ``7``, ``2.50`` -> ``2.5``)."""
    value = number_value(text)
    return text if isinstance(value, str) else str(value)


def heredoc_value(body: str, trim: bool) -> str:
    """A heredoc's value from the text between its opening line and its closing marker.

    The newline before the closing marker is not part of the value (python-hcl2's reading;
    Terraform keeps it). ``<<-`` removes the smallest indentation (spaces) of non-blank lines.
    """
    body = body.rstrip(" \t")
    if body.endswith("\n"):
        body = body[:-2] if body.endswith("\r\n") else body[:-1]
    if not trim:
        return body
    lines = body.split("\n")
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return "\n".join(line[cut:] for line in lines)


def quote_heredoc(value: str) -> str:
    """A heredoc inside an expression, written as the equivalent quoted string."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def comment_value(text: str) -> str:
    """A comment's text without its marker (``#``, ``//``, ``/* */``), stripped."""
    if text.startswith("/*"):
        return text[2:-2].strip() if text.endswith("*/") else text[2:].strip()
    return text[2:].strip() if text.startswith("//") else text[1:].strip()
