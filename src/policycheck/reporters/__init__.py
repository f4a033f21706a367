"""Reporters: one module per output format, all rendering a :class:`ScanReport` to a string.

Importing this package is cheap: only the standard library is imported up front; rich is
imported while a text report is rendered.
"""

from __future__ import annotations

from collections.abc import Callable

from policycheck.engine.report import ScanReport
from policycheck.reporters import github, json_format, junit, markdown, printable, sarif, text
from policycheck.reporters._common import Options

FORMATS: tuple[str, ...] = ("text", "json", "sarif", "junit", "github", "markdown")
JSON_FORMATS = frozenset({"json", "sarif"})
"""Formats whose JSON encoding carries the exact text (escaped by :func:`printable.json_text`)."""

_RENDERERS: dict[str, Callable[[ScanReport, Options], str]] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
    "markdown": markdown.render,
}


def render(fmt: str, report: ScanReport, *, show_passed: bool = False, color: bool = False,
           width: int = 100) -> str:
    """The report in format ``fmt`` (one of :data:`FORMATS`), ending with a newline.

    ``show_passed`` lists passes where the format lists findings (text, json, junit, markdown);
    ``color`` and ``width`` apply to text only. Control characters from the scanned tree never
    reach the output raw (:mod:`.printable`). Raises ValueError for an unknown format.
    """
    renderer = _RENDERERS.get(fmt)
    if renderer is None:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    options = Options(show_passed=show_passed, color=color, width=width)
    if fmt in JSON_FORMATS:
        return printable.json_text(renderer(report, options))
    return renderer(printable.report(report), options)
