"""Requirement entries of a ``pyproject.toml`` (PEP 621, PEP 735 and Poetry tables).

TOML parsers do not report lines, so each entry's line is found in the text: the line of its
quoted string (or Poetry key) at or after the line of the key that holds it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from policycheck.helpers.connection_strings import mask_userinfo
from policycheck.loaders.pep508 import requirement_fields
from policycheck.model import ScanError

_TOML_LINE = re.compile(r"at line (\d+)")
_BARE_VERSION = re.compile(r"\d[\w.!+-]*")


@dataclass(frozen=True, slots=True)
class _Lines:
    lines: list[str]

    def header(self, table: str) -> int:
        """0-based index of ``[table]`` (or 0 when the table is inline or absent)."""
        wanted = table.replace(" ", "")
        for index, line in enumerate(self.lines):
            if line.split("#", 1)[0].strip().replace(" ", "").replace('"', "") == f"[{wanted}]":
                return index
        return 0

    def key(self, start: int, key: str) -> int:
        """Index of the first ``key =`` line at or after ``start`` (``start`` if none)."""
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for index in range(start, len(self.lines)):
            if pattern.match(self.lines[index]):
                return index
        return start

    def string(self, start: int, value: str) -> int:
        """Index of the first line at or after ``start`` holding ``value`` quoted."""
        quoted = (f'"{value}"', f"'{value}'")
        for index in range(start, len(self.lines)):
            if any(q in self.lines[index] for q in quoted):
                return index
        return start


def pyproject_requirements(text: str, display: str) -> tuple[list[dict[str, Any]], list[ScanError]]:
    """Requirement entries of a ``pyproject.toml`` and the errors met reading them."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_LINE.search(str(exc))
        return [], [ScanError(display, int(match.group(1)) if match else 1, f"invalid TOML: {exc}")]
    collector = _Collector(display, _Lines(text.splitlines()))
    project = _table(data, "project")
    collector.strings(project.get("dependencies"), "project", "dependencies", None)
    for extra, values in _table(project, "optional-dependencies").items():
        collector.strings(values, "project.optional-dependencies", extra, extra)
    for group, values in _table(data, "dependency-groups").items():
        collector.strings(values, "dependency-groups", group, group)
    poetry = _table(_table(data, "tool"), "poetry")
    collector.poetry(_table(poetry, "dependencies"), "tool.poetry.dependencies", None)
    collector.poetry(_table(poetry, "dev-dependencies"), "tool.poetry.dev-dependencies", "dev")
    for group, body in _table(poetry, "group").items():
        table = f"tool.poetry.group.{group}.dependencies"
        collector.poetry(_table(body, "dependencies"), table, group)
    return collector.entries, collector.errors


@dataclass(slots=True)
class _Collector:
    display: str
    lines: _Lines
    entries: list[dict[str, Any]] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)

    def strings(self, values: object, table: str, key: str, group: str | None) -> None:
        """PEP 508 strings of the list at ``table.key``."""
        if not isinstance(values, list):
            return
        cursor = self.lines.key(self.lines.header(table), key)
        for value in values:
            if not isinstance(value, str):
                continue
            cursor = self.lines.string(cursor, value)
            line = cursor + 1
            try:
                self.entries.append(_pep508(value, self.display, line, group))
            except ValueError as exc:
                self.errors.append(ScanError(self.display, line, str(exc)))

    def poetry(self, deps: Mapping[str, Any], table: str, group: str | None) -> None:
        """Entries of a Poetry dependency table (``python`` itself is not a dependency)."""
        start = self.lines.header(table)
        for name, spec in deps.items():
            if name.lower() != "python":
                index = self.lines.key(start, name)
                raw = self.lines.lines[index].strip() if self.lines.lines else name
                self.entries.append(_poetry(name, spec, self.display, index + 1, group, raw))


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    return value if isinstance(value, Mapping) else {}


def _pep508(text: str, display: str, line: int, group: str | None) -> dict[str, Any]:
    return {
        **requirement_fields(mask_userinfo(text)),  # a token in a URL never reaches a finding
        "editable": False,
        "hashes": [],
        "group": group,
        "file": display,
        "line": line,
        "raw": text,
    }


def _poetry(
    name: str, spec: object, display: str, line: int, group: str | None, raw: str
) -> dict[str, Any]:
    """An entry for a Poetry dependency (a version string or a table)."""
    table: Mapping[str, Any] = spec if isinstance(spec, Mapping) else {"version": spec}
    version = table.get("version")
    url: str | None = None
    if "git" in table:
        ref = table.get("rev") or table.get("tag") or table.get("branch")
        url = f"git+{table['git']}" + (f"@{ref}" if ref else "")
    elif "url" in table or "path" in table:
        url = str(table.get("url") or table.get("path"))
    extras = table.get("extras", [])
    return {
        "name": name,
        "specifier": _poetry_specifier(version),
        "extras": sorted(str(e) for e in extras) if isinstance(extras, list) else [],
        "marker": table.get("markers") if isinstance(table.get("markers"), str) else None,
        "url": mask_userinfo(url) if url else url,
        "editable": bool(table.get("develop", False)),
        "hashes": [],
        "group": group,
        "file": display,
        "line": line,
        "raw": raw,
    }


def _poetry_specifier(version: object) -> str:
    """A Poetry constraint as a specifier: ``1.2.3`` means ``==1.2.3``; ``*`` means any."""
    if not isinstance(version, str) or version.strip() in ("", "*"):
        return ""
    version = version.strip()
    return f"=={version}" if _BARE_VERSION.fullmatch(version) else version
