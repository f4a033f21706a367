"""Reading a JSON report back: the inverse of :mod:`policycheck.reporters.json_format`.

``policycheck checklist --results`` and ``policycheck merge`` read saved reports through this
module; every problem is a :class:`ReportFileError` naming the file and the entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from policycheck.engine.report import DriftSummary
from policycheck.errors import PolicycheckError
from policycheck.model import Finding, Location, NotAssessed, ScanError, Severity, TraceStep, Verdict

T = TypeVar("T")
_KINDS: dict[type, str] = {str: "a string", int: "an integer", bool: "true or false"}


class ReportFileError(PolicycheckError):
    """A saved report that cannot be read; the message names the file and the entry."""


@dataclass(slots=True)
class SavedReport:
    """What a ``--format json`` report holds."""

    path: Path
    findings: list[Finding]
    errors: list[ScanError]
    policies: list[str]
    """The IDs of the policies that ran, when the report lists them."""
    summary: dict[str, int] = field(default_factory=dict)
    version: str = ""
    live: bool = False
    not_assessed: list[NotAssessed] = field(default_factory=list)
    drift: DriftSummary | None = None
    shard: dict[str, Any] | None = None


def _field(entry: Mapping[str, Any], key: str, kind: type[T], where: str) -> T:
    value = entry.get(key)
    if type(value) is not kind:  # exact: JSON true is no int here
        raise ReportFileError(f"{where}: {key} must be {_KINDS[kind]}")
    return value


def _parsed(entry: Mapping[str, Any], key: str, parse: Callable[[str], T], where: str) -> T:
    try:
        return parse(_field(entry, key, str, where))
    except ValueError as exc:
        raise ReportFileError(f"{where}: {key}: {exc}") from None


def _object(entry: object, where: str) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise ReportFileError(f"{where}: must be an object")
    return entry


def read_finding(entry: object, where: str) -> Finding:
    entry = _object(entry, where)
    checklist = entry.get("checklist")
    if not isinstance(checklist, list) or not all(isinstance(c, str) for c in checklist):
        raise ReportFileError(f"{where}: checklist must be a list of item IDs")
    line = _field(entry, "line", int, where)
    end_line = entry.get("end_line")
    return Finding(
        policy_id=_field(entry, "policy_id", str, where),
        title=_field(entry, "title", str, where),
        severity=_parsed(entry, "severity", Severity.parse, where),
        verdict=_parsed(entry, "verdict", Verdict, where),
        source=_field(entry, "source", str, where),
        location=Location(_field(entry, "file", str, where), line,
                          end_line if type(end_line) is int else line),
        resource=_field(entry, "resource", str, where),
        message=_field(entry, "message", str, where),
        remediation=str(entry.get("remediation") or ""),
        checklist=tuple(checklist),
        suppressed=_field(entry, "suppressed", bool, where),
        fingerprint=str(entry.get("fingerprint") or ""),
        trace=tuple(_trace_step(s, f"{where}: trace[{n}]") for n, s in enumerate(entry.get("trace") or ())),
    )


def _trace_step(entry: object, where: str) -> TraceStep:
    entry = _object(entry, where)
    return TraceStep(_field(entry, "file", str, where), _field(entry, "line", int, where),
                     _field(entry, "note", str, where))


def read_error(entry: object, where: str) -> ScanError:
    entry = _object(entry, where)
    return ScanError(_field(entry, "file", str, where), _field(entry, "line", int, where),
                     _field(entry, "message", str, where))


def read_not_assessed(entry: object, where: str) -> NotAssessed:
    entry = _object(entry, where)
    kinds = entry.get("kinds", [])
    if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
        raise ReportFileError(f"{where}: kinds must be a list of strings")
    names = ("source", "account", "where", "service", "call", "permission", "reason")
    values = {name: _field(entry, name, str, where) for name in names}
    return NotAssessed(**values, kinds=tuple(kinds))


def read_drift(entry: object, where: str) -> DriftSummary:
    entry = _object(entry, where)
    names = ("managed", "missing", "unmanaged", "drifted", "live")
    values = {name: _field(entry, name, int, where) for name in names}
    return DriftSummary(**values, ignored=int(entry.get("ignored") or 0))


def _policy_ids(value: object, where: str) -> list[str]:
    """The ``policies`` list: IDs, or objects with an ``id``."""
    if not isinstance(value, list):
        raise ReportFileError(f"{where}: policies must be a list")
    ids = []
    for n, item in enumerate(value):
        if isinstance(item, str):
            ids.append(item)
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            ids.append(item["id"])
        else:
            raise ReportFileError(f"{where}: policies[{n}] must be a policy ID or an object with an id")
    return ids


def read_report(path: Path) -> SavedReport:
    """A ``--format json`` report of any command (scan, plan, audit, drift, merge)."""
    try:
        document = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportFileError(f"{path}: cannot read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ReportFileError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    if not isinstance(document, dict) or not isinstance(document.get("findings"), list) \
            or not isinstance(document.get("errors", []), list):
        raise ReportFileError(f"{path}: not a policycheck JSON result (an object with a "
                              "'findings' list, from `policycheck scan --format json`)")
    findings = [read_finding(e, f"{path}: findings[{n}]") for n, e in enumerate(document["findings"])]
    errors = [read_error(e, f"{path}: errors[{n}]") for n, e in enumerate(document.get("errors", []))]
    gaps = document.get("not_assessed")
    if gaps is not None and not isinstance(gaps, list):
        raise ReportFileError(f"{path}: not_assessed must be a list")
    summary = document.get("summary")
    tool = document.get("tool")
    shard = document.get("shard")
    return SavedReport(
        path=path, findings=findings, errors=errors,
        policies=_policy_ids(document.get("policies", []), str(path)),
        summary={k: v for k, v in summary.items() if type(v) is int} if isinstance(summary, dict) else {},
        version=str(tool.get("version", "")) if isinstance(tool, dict) else "",
        live=gaps is not None,
        not_assessed=[read_not_assessed(e, f"{path}: not_assessed[{n}]") for n, e in enumerate(gaps or [])],
        drift=read_drift(document["drift"], f"{path}: drift") if "drift" in document else None,
        shard=shard if isinstance(shard, dict) else None,
    )
