"""Reporters: one module per output format, all rendering a :class:`ScanReport` to a string.

Importing this package is cheap: each format's module is imported when a report is rendered
in it (rich while a text report is).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from policycheck.reporters._common import Options

if TYPE_CHECKING:
    from policycheck.engine.report import ScanReport

FORMATS: tuple[str, ...] = ("text", "json", "sarif", "junit", "github", "markdown")
JSON_FORMATS = frozenset({"json", "sarif"})
"""Formats whose JSON encoding carries the exact text (escaped by :func:`printable.json_text`)."""

_MODULES: dict[str, str] = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "markdown": "markdown",
}


def render(fmt: str, report: ScanReport, *, show_passed: bool = False, color: bool = False,
           width: int = 100) -> str:
    """The report in format ``fmt`` (one of :data:`FORMATS`), ending with a newline.

    ``show_passed`` lists passes where the format lists findings (text, json, junit, markdown);
    ``color`` and ``width`` apply to text only. Control characters from the scanned tree never
    reach the output raw (:mod:`.printable`). Raises ValueError for an unknown format.
    """
    module = _MODULES.get(fmt)
    if module is None:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    from policycheck.reporters import printable

    renderer = importlib.import_module(f"policycheck.reporters.{module}").render
    options = Options(show_passed=show_passed, color=color, width=width)
    text: str = (printable.json_text(renderer(report, options)) if fmt in JSON_FORMATS
                 else renderer(printable.report(report), options))
    return text
