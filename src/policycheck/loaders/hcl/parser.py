"""The HCL backend switch: :func:`parse_hcl` hands a ``.tf`` file to the named backend.

Both backends produce the shape described in :mod:`policycheck.loaders.hcl.shape`. Monorepos
repeat files verbatim (a module copied into every service, the same ``versions.tf`` in every
root), so a text parses once per process: the shape is read-only to every consumer, and the
last texts that parsed without errors are kept, :data:`REMEMBERED` bytes of them at most.
"""

from __future__ import annotations

from policycheck.loaders.hcl.shape import ParsedHcl

PARSERS = ("tree-sitter", "python-hcl2")
REMEMBERED = 2 * 1024 * 1024
"""Bytes of parsed text kept per process (their shapes take some ten times as much): enough
for the modules a scan repeats, and a bound on what it holds however large the files are."""



class _Remembered:
    """Parsed texts, oldest first, and the size of their text."""

    def __init__(self) -> None:
        self.parsed: dict[tuple[str, str], ParsedHcl] = {}
        self.size = 0

    def keep(self, key: tuple[str, str], parsed: ParsedHcl) -> None:
        text = key[1]
        if len(text) > REMEMBERED // 8:
            return  # a very large file: rarely repeated, and it would push out many
        self.size += len(text)
        while self.size > REMEMBERED:
            oldest = next(iter(self.parsed))
            self.size -= len(oldest[1])
            del self.parsed[oldest]
        self.parsed[key] = parsed


_remembered = _Remembered()


def parse_hcl(text: str, display: str, parser: str = "tree-sitter") -> ParsedHcl:
    """Parse HCL ``text`` (shown to users as ``display``) with the named backend."""
    key = (parser, text)
    parsed = _remembered.parsed.get(key)
    if parsed is None:
        parsed = _parse(text, display, parser)
        if not parsed.errors:  # an error names its file: those are parsed again
            _remembered.keep(key, parsed)
    return parsed


def _parse(text: str, display: str, parser: str) -> ParsedHcl:
    if parser == "tree-sitter":
        from policycheck.loaders.hcl.treesitter import parse as parse_tree_sitter

        return parse_tree_sitter(text, display)
    if parser == "python-hcl2":
        from policycheck.loaders.hcl.reference import parse as parse_reference

        return parse_reference(text, display)
    raise ValueError(f"unknown HCL parser {parser!r} (expected one of {', '.join(PARSERS)})")
