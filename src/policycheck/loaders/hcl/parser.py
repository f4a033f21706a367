"""The HCL backend switch: :func:`parse_hcl` hands a ``.tf`` file to the named backend.

Both backends produce the shape described in :mod:`policycheck.loaders.hcl.shape`.
"""

from __future__ import annotations

from policycheck.loaders.hcl.shape import ParsedHcl

PARSERS = ("tree-sitter", "python-hcl2")


def parse_hcl(text: str, display: str, parser: str = "tree-sitter") -> ParsedHcl:
    """Parse HCL ``text`` (shown to users as ``display``) with the named backend."""
    if parser == "tree-sitter":
        from policycheck.loaders.hcl.treesitter import parse as parse_tree_sitter

        return parse_tree_sitter(text, display)
    if parser == "python-hcl2":
        from policycheck.loaders.hcl.reference import parse as parse_reference

        return parse_reference(text, display)
    raise ValueError(f"unknown HCL parser {parser!r} (expected one of {', '.join(PARSERS)})")
