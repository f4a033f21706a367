"""The inline suppression syntax: what every loader calls to read ``policycheck:ignore``.

Comment form (HCL ``#``/``//``, Dockerfile ``#``, YAML ``#``)::

    # policycheck:ignore=PC-AWS-070,PC-AWS-081 reason text until=2027-01-31

Kubernetes annotation form::

    policycheck.io/ignore: "PC-K8S-001=reason text until=2027-01-31, PC-K8S-002=other reason"

A reason is required; an entry without one, or with a malformed ID or date, is rejected with a
message and suppresses nothing.
"""

from __future__ import annotations

import re
from datetime import date

from policycheck.model import POLICY_ID, Location, Suppression

MARKER = "policycheck:ignore="
ANNOTATION = "policycheck.io/ignore"
_UNTIL = re.compile(r"(?:^|\s)until=(\S*)")


def _split_until(text: str) -> tuple[str, str | None]:
    match = _UNTIL.search(text)
    if match is None:
        return text.strip(), None
    reason = (text[: match.start()] + text[match.end() :]).strip()
    return reason, match.group(1)


def _build(
    ids: list[str], rest: str, location: Location
) -> tuple[list[Suppression], list[str]]:
    reason, until_text = _split_until(rest)
    problems: list[str] = []
    bad = [i for i in ids if not POLICY_ID.match(i)]
    if bad:
        problems.append(f"{location}: suppression names malformed policy ID(s) {', '.join(bad)}")
    if not reason:
        problems.append(f"{location}: suppression of {', '.join(ids)} has no reason; it is ignored")
    until: date | None = None
    if until_text is not None:
        try:
            until = date.fromisoformat(until_text)
        except ValueError:
            problems.append(f"{location}: suppression has a bad until= date {until_text!r}")
    if problems:
        return [], problems
    return [Suppression(i, reason, location, until) for i in ids], []


def parse_comment(comment: str, location: Location) -> tuple[list[Suppression], list[str]]:
    """Suppressions in one comment's text (comment markers may be included)."""
    start = comment.find(MARKER)
    if start < 0:
        return [], []
    body = comment[start + len(MARKER) :].strip()
    ids_text, _, rest = body.partition(" ")
    ids = [i.strip() for i in ids_text.split(",") if i.strip()]
    return _build(ids, rest, location)


def parse_annotation(value: object, location: Location) -> tuple[list[Suppression], list[str]]:
    """Suppressions in a ``policycheck.io/ignore`` annotation value."""
    if not isinstance(value, str):
        return [], [f"{location}: {ANNOTATION} annotation must be a string"]
    found: list[Suppression] = []
    problems: list[str] = []
    for entry in filter(None, (e.strip() for e in value.split(","))):
        policy_id, sep, rest = entry.partition("=")
        if not sep:
            rest = ""
        more, issues = _build([policy_id.strip()], rest, location)
        found.extend(more)
        problems.extend(issues)
    return found, problems
