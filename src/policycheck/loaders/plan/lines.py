"""Lines of plan entries, found in the JSON text without a position-tracking parser.

Terraform writes each entry of ``resource_changes``/``resource_drift`` with ``address`` as its
first key, in list order, so the n-th entry's line is that of the first ``"address"`` key after
the (n-1)-th entry's whose value is the n-th address. In pretty-printed JSON (``| jq .``) an
entry's own key is the first thing on its line and every entry's key is indented alike, which
tells it from an ``address`` attribute inside a value. ``terraform show -json`` prints one line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

_ADDRESS = re.compile(r'"address"\s*:\s*("(?:[^"\\]|\\.)*")')


def _indent(text: str, position: int) -> int | None:
    """The column of ``position`` when only whitespace precedes it on its line, else ``None``."""
    start = text.rfind("\n", 0, position) + 1
    return position - start if text[start:position].isspace() else None


def entry_lines(text: str, key: str, addresses: Sequence[str]) -> list[int]:
    """The 1-based line of each entry of the top-level array ``key`` (1 when not found)."""
    start = re.search(rf'"{re.escape(key)}"\s*:\s*\[', text)
    if start is None:
        return [1] * len(addresses)
    position, line = start.end(), text.count("\n", 0, start.end()) + 1
    indent: int | None = None
    found: list[int] = []
    for number, address in enumerate(addresses):
        for match in _ADDRESS.finditer(text, position):
            if indent is not None and _indent(text, match.start()) != indent:
                continue
            if json.loads(match.group(1)) == address:
                if number == 0:
                    indent = _indent(text, match.start())
                line += text.count("\n", position, match.start())
                position = match.end()
                found.append(line)
                break
        else:
            found.append(1)
    return found
