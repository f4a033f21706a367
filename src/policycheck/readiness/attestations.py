"""Attestations: a person's answer to a checklist item no policy can prove.

``policycheck-attestations.yaml`` (next to the scan root, or ``--attestations FILE``)::

    attestations:
      - item: operational-documentation/rollback-procedure-documented
        by: Dana Ortiz <dana@example.com>
        date: 2025-03-02
        evidence: https://wiki.example.com/shop/runbooks/rollback
        note: rehearsed on staging on 2025-02-27
        until: 2025-09-30          # optional: EXPIRED after this day

Each entry needs ``item``, ``by``, ``date`` and ``evidence`` or ``note``. Errors name the file,
the line of the entry and the item.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from policycheck.checklist import Checklist
from policycheck.errors import PolicycheckError

ATTESTATIONS_FILE = "policycheck-attestations.yaml"
_KEYS = ("item", "by", "date", "evidence", "note", "until")


class AttestationError(PolicycheckError):
    """An invalid attestations file."""


@dataclass(frozen=True, slots=True)
class Attestation:
    item: str
    by: str
    date: dt.date
    evidence: str = ""
    note: str = ""
    until: dt.date | None = None
    line: int = 0

    def expired(self, today: dt.date) -> bool:
        return self.until is not None and today > self.until


def find_attestations(paths: Sequence[str]) -> Path | None:
    """``policycheck-attestations.yaml`` in the first scan path (or its directory)."""
    root = Path(paths[0]) if paths else Path(".")
    candidate = (root if root.is_dir() else root.parent) / ATTESTATIONS_FILE
    return candidate if candidate.is_file() else None


def _date(entry: Mapping[str, Any], key: str) -> dt.date | None:
    value = entry.get(key)
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{key} must be a date (YYYY-MM-DD), not {value!r}") from None


def _text(entry: Mapping[str, Any], key: str) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise ValueError(f"{key} must be text")
    return value.strip()


def _attestation(entry: object, line: int, checklist: Checklist, today: dt.date) -> Attestation:
    if not isinstance(entry, dict):
        raise ValueError("an attestation must be a mapping (item, by, date, evidence or note)")
    unknown = sorted(str(k) for k in entry if k not in _KEYS)
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(unknown)} (known: {', '.join(_KEYS)})")
    item = _text(entry, "item")
    if not item:
        raise ValueError("item (a checklist item ID) is required")
    target = checklist.item(item)
    if target is None:
        close = difflib.get_close_matches(item, [i.id for i in checklist.items()], n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise ValueError(f"no such checklist item{hint}")
    if target.criterion and not target.criterion.attest:
        raise ValueError("this Go/No-Go criterion is derived from other items and "
                         "findings; attest the items it requires instead")
    by, date = _text(entry, "by"), _date(entry, "date")
    if not by or date is None:
        raise ValueError("by (who) and date (when) are required")
    attestation = Attestation(item, by, date, _text(entry, "evidence"), _text(entry, "note"),
                              _date(entry, "until"), line)
    if not (attestation.evidence or attestation.note):
        raise ValueError("give evidence (a link) or a note")
    if attestation.date > today:
        raise ValueError(f"date {attestation.date} is in the future")
    if attestation.until is not None and attestation.until < attestation.date:
        raise ValueError(f"until {attestation.until} is before date {attestation.date}")
    return attestation


def _entry_lines(text: str) -> list[int]:
    """The 1-based line of each entry of the ``attestations`` list."""
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "attestations" and isinstance(value, yaml.SequenceNode):
                return [entry.start_mark.line + 1 for entry in value.value]
    return []


def read_attestations(path: Path, checklist: Checklist, today: dt.date) -> dict[str, Attestation]:
    """Attestations by item ID; raises :class:`AttestationError` naming file, line and item."""
    try:
        text = path.read_text("utf-8")
        data = yaml.safe_load(text)
        lines = _entry_lines(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise AttestationError(f"{path}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        raise AttestationError(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(data, dict) or set(data) != {"attestations"} or not isinstance(
            data["attestations"], list):
        raise AttestationError(f"{path}: expected a mapping with one key, attestations, "
                               "holding a list")
    found: dict[str, Attestation] = {}
    for n, entry in enumerate(data["attestations"]):
        line = lines[n] if n < len(lines) else 1
        try:
            attestation = _attestation(entry, line, checklist, today)
        except ValueError as exc:
            item = entry.get("item") if isinstance(entry, dict) else None
            label = f"{item}: " if isinstance(item, str) and item else ""
            raise AttestationError(f"{path}:{line}: {label}{exc}") from None
        previous = found.get(attestation.item)
        if previous is not None:
            raise AttestationError(f"{path}:{line}: {attestation.item}: attested twice (first at "
                                   f"line {previous.line})")
        found[attestation.item] = attestation
    return found
