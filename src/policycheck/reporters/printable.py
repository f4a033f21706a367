"""Text from the scanned tree (file names, resource names, messages quoting values) made safe
for terminals and CI logs: control characters, which could move the cursor, rewrite earlier
lines or forge log commands, are shown as escapes instead of reaching the output raw.

Every reporter's output passes through here once (:func:`report`, :func:`json_text`), and so do
warnings and error messages written to standard error.
"""

from __future__ import annotations

import re
from dataclasses import replace

from policycheck.engine.report import ScanReport
from policycheck.model import Finding, Location, ScanError

# C0 controls but tab and newline, DEL, C1 controls (U+009B is a one-character CSI), and the
# invisible bidirectional overrides that reorder what a reader sees.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                     "\u2066-\u2069]")
_UNSAFE_LINE = re.compile(f"[\n\t{_UNSAFE.pattern[1:-1]}]")
# What json.dumps leaves raw: DEL, C1 controls and the invisible characters above.
_UNSAFE_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, *, newlines: bool = True) -> str:
    """``text`` with unsafe characters as visible escapes (``\\x1b``); with ``newlines=False``
    also newlines and tabs (for one-line fields: file and resource names)."""
    return (_UNSAFE if newlines else _UNSAFE_LINE).sub(_escape, text)


def json_text(text: str) -> str:
    """JSON text with the characters ``json.dumps`` leaves raw written as ``\\u`` escapes:
    the same value to a parser, nothing raw on a terminal."""
    return _UNSAFE_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _location(location: Location) -> Location:
    return replace(location, file=printable(location.file, newlines=False))


def _finding(finding: Finding) -> Finding:
    fields = (finding.title, finding.location.file, finding.resource, finding.message,
              finding.remediation, finding.suppression_reason)
    if not any(map(_UNSAFE_LINE.search, fields)):
        return finding
    return replace(
        finding, title=printable(finding.title), location=_location(finding.location),
        resource=printable(finding.resource, newlines=False), message=printable(finding.message),
        remediation=printable(finding.remediation),
        suppression_reason=printable(finding.suppression_reason))


def _error(error: ScanError) -> ScanError:
    return ScanError(printable(error.file, newlines=False), error.line, printable(error.message))


def report(original: ScanReport) -> ScanReport:
    """A copy of the report whose every text from the scanned tree is :func:`printable`."""
    return replace(original, findings=[_finding(f) for f in original.findings],
                   errors=[_error(e) for e in original.errors],
                   warnings=[printable(w) for w in original.warnings])
