"""Readiness renderers: text, markdown, html and json, each a function of a Readiness."""

from __future__ import annotations

from collections.abc import Callable

from policycheck.readiness.render import html, json_format, markdown, text
from policycheck.readiness.report import Readiness
from policycheck.reporters.printable import json_text, printable

RENDERERS: dict[str, Callable[[Readiness], str]] = {
    "text": text.render,
    "markdown": markdown.render,
    "html": html.render,
    "json": json_format.render,
}
FORMATS: tuple[str, ...] = tuple(RENDERERS)


def render(fmt: str, readiness: Readiness) -> str:
    """The report in ``fmt`` (one of :data:`FORMATS`); raises ValueError for another."""
    renderer = RENDERERS.get(fmt)
    if renderer is None:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    rendered = renderer(readiness)  # control characters from the scanned tree shown escaped
    return json_text(rendered) if fmt == "json" else printable(rendered)
