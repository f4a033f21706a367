"""The HCL backend switch: :func:`parse_hcl` hands a ``.tf`` file to the named backend.

Both backends produce the shape described in :mod:`policycheck.loaders.hcl.shape`. Monorepos
repeat files verbatim (a module copied into every service, the same ``versions.tf`` in every
root), so a text parses once per process: the shape is read-only to every consumer, and the
last :data:`REMEMBERED` texts that parsed without errors are kept.
"""

from __future__ import annotations

from policycheck.loaders.hcl.shape import ParsedHcl

PARSERS = ("tree-sitter", "python-hcl2")
REMEMBERED = 512
"""Parsed texts kept per process (a few MB): enough for the modules a scan repeats."""

_parsed: dict[tuple[str, str], ParsedHcl] = {}


def parse_hcl(text: str, display: str, parser: str = "tree-sitter") -> ParsedHcl:
    """Parse HCL ``text`` (shown to users as ``display``) with the named backend."""
    key = (parser, text)
    parsed = _parsed.get(key)
    if parsed is None:
        parsed = _parse(text, display, parser)
        if not parsed.errors:  # an error names its file: those are parsed again
            if len(_parsed) >= REMEMBERED:
                del _parsed[next(iter(_parsed))]
            _parsed[key] = parsed
    return parsed


def _parse(text: str, display: str, parser: str) -> ParsedHcl:
    if parser == "tree-sitter":
        from policycheck.loaders.hcl.treesitter import parse as parse_tree_sitter

        return parse_tree_sitter(text, display)
    if parser == "python-hcl2":
        from policycheck.loaders.hcl.reference import parse as parse_reference

        return parse_reference(text, display)
    raise ValueError(f"unknown HCL parser {parser!r} (expected one of {', '.join(PARSERS)})")
