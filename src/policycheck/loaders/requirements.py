"""Python requirements loader: one ``requirements`` resource per requirement file.

Reads pip requirement files (``requirements*.txt``, ``requirements/*.txt``,
``*requirements*.in``), following ``-r`` includes (each entry keeps its own file and line), and
``pyproject.toml`` (PEP 621 dependencies and optional dependencies, PEP 735 dependency groups,
Poetry dependencies). Each entry is ``{"name", "specifier", "extras", "marker", "url",
"editable", "hashes", "group", "file", "line", "raw"}``; ``group`` names the optional-dependency
extra or dependency group (``None`` for the main dependencies).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from policycheck.helpers.connection_strings import mask_userinfo
from policycheck.helpers.requirements import is_development_name
from policycheck.loaders.base import LoadOptions, LoadResult, SourceFile, read_text
from policycheck.loaders.confine import inside, outside_message
from policycheck.loaders.pep508 import requirement_fields
from policycheck.loaders.pyproject import pyproject_requirements
from policycheck.model import Location, Resource, ScanError

_COMMENT = re.compile(r"(^|\s+)#.*$")
_URL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|(?:git|hg|svn|bzr)\+)")
_EGG = re.compile(r"[#&]egg=([^&\s]+)")
_WHEEL = re.compile(r"/([^/]+?)-[^-/]+(?:-[^/]+)?\.(?:whl|tar\.gz|zip)(?:[#?].*)?$")
#: pip options: canonical name -> whether it takes a value.
_OPTIONS = {
    "requirement": True, "constraint": True, "editable": True, "index-url": True,
    "extra-index-url": True, "find-links": True, "trusted-host": True, "no-binary": True,
    "only-binary": True, "use-feature": True, "hash": True, "global-option": True,
    "config-settings": True, "no-index": False, "pre": False, "prefer-binary": False,
    "require-hashes": False,
}  # fmt: skip
_SHORT = {"r": "requirement", "c": "constraint", "e": "editable", "i": "index-url",
          "f": "find-links", "C": "config-settings"}  # fmt: skip


def is_production(display: str) -> bool:
    """False when the file name or its directory's name mentions ``dev`` or ``test``."""
    path = PurePosixPath(display)
    return not (is_development_name(path.name) or is_development_name(path.parent.name))


def load(files: Sequence[SourceFile], options: LoadOptions) -> LoadResult:
    """One ``requirements`` resource per readable file."""
    result = LoadResult()
    for source in files:
        result.files += 1
        text = read_text(source, result, options.limits.max_file_bytes)
        if text is None:
            continue
        attributes: dict[str, Any]
        if source.path.name == "pyproject.toml":
            entries, errors = pyproject_requirements(text, source.display)
            result.errors.extend(errors)
            attributes = {"requirements": entries, "constraints": []}
        else:
            reader = _Reader(result, {source.path.resolve()}, options.roots)
            reader.read(source.path, source.display, text)
            attributes = {"requirements": reader.entries, "constraints": reader.constraints}
        attributes["production"] = is_production(source.display)
        last_line = max(text.count("\n") + (not text.endswith("\n")), 1)
        result.resources.append(
            Resource(
                kind="requirements",
                address=source.display,
                source="deps",
                attributes=attributes,
                location=Location(source.display, 1, last_line),
            )
        )
    result.errors = list(dict.fromkeys(result.errors))
    return result


@dataclass(slots=True)
class _Reader:
    """Reads a pip requirement file and the files it includes."""

    result: LoadResult
    visited: set[Path]
    roots: tuple[Path, ...] = ()
    """Included files must lie inside these (:mod:`policycheck.loaders.confine`)."""
    entries: list[dict[str, Any]] = field(default_factory=list)
    constraints: list[str] = field(default_factory=list)

    def read(self, path: Path, display: str, text: str) -> None:
        for number, line in _logical_lines(text):
            try:
                self._line(path, display, number, line)
            except ValueError as exc:
                self.result.errors.append(ScanError(display, number, str(exc)))

    def _line(self, path: Path, display: str, number: int, line: str) -> None:
        tokens = line.split(" ")
        split = next((i for i, t in enumerate(tokens) if t.startswith("-")), len(tokens))
        target = " ".join(tokens[:split]).strip()
        options = _options(" ".join(tokens[split:]))
        hashes = [value for name, value in options if name == "hash"]
        base = {"file": display, "line": number, "raw": line.strip(), "group": None}
        if target:
            self.entries.append({**_requirement(target), "hashes": hashes, **base})
            return
        for name, value in options:
            if name == "requirement":
                self._include(path, display, number, value)
            elif name == "constraint":
                self.constraints.append(_relative(display, value))
            elif name == "editable":
                entry = {**_requirement(value), "editable": True, "hashes": hashes}
                self.entries.append({**entry, **base})

    def _include(self, path: Path, display: str, number: int, reference: str) -> None:
        included = (path.parent / reference).resolve()
        if included in self.visited:
            self.result.warnings.append(
                f"{display}:{number}: {reference} is already included; not read again"
            )
            return
        self.visited.add(included)
        try:
            found = included.is_file()
        except OSError as exc:  # a name too long, a loop of links ...
            raise ValueError(f"included requirement file {reference} cannot be read: "
                             f"{exc.strerror or exc}") from None
        if not found:
            raise ValueError(f"included requirement file {reference} not found")
        if not inside(included, self.roots):
            raise ValueError(outside_message("included requirement file", reference, self.roots))
        text = read_text(SourceFile(included, _relative(display, reference)), self.result)
        if text is not None:
            self.read(included, _relative(display, reference), text)


def _relative(display: str, reference: str) -> str:
    """The display path of ``reference`` named relative to the file ``display``."""
    joined = PurePosixPath(display).parent / reference
    parts: list[str] = []
    for part in joined.parts:
        if part == ".." and parts and parts[-1] != "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts).replace("//", "/")


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """``(first line number, text)`` with continuations joined and comments removed, as pip does."""
    joined: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), 1):
        if raw.endswith("\\") and not _COMMENT.match(raw):
            start = start or number
            pending.append(raw[:-1])
            continue
        if pending:
            joined.append((start, "".join(pending) + raw))
            pending, start = [], 0
        else:
            joined.append((number, raw))
    if pending:
        joined.append((start, "".join(pending)))
    stripped = ((n, _COMMENT.sub("", line).strip()) for n, line in joined)
    return [(n, line) for n, line in stripped if line]


def _options(text: str) -> list[tuple[str, str]]:
    """``(canonical option name, value)`` pairs of pip options (``""`` for a flag)."""
    words = shlex.split(text)
    found: list[tuple[str, str]] = []
    while words:
        word = words.pop(0)
        if word.startswith("--"):
            name, sep, value = word[2:].partition("=")
        elif word.startswith("-") and len(word) > 1:
            name, value = _SHORT.get(word[1], word[1]), word[2:]
            sep = "=" if value else ""
        else:
            raise ValueError(f"unexpected {word!r} after options")
        if name not in _OPTIONS:
            raise ValueError(f"unknown pip option {word}")
        if _OPTIONS[name] and not sep:
            if not words:
                raise ValueError(f"option {word} needs a value")
            value = words.pop(0)
        found.append((name, value))
    return found


def _requirement(text: str) -> dict[str, Any]:
    """The fields a requirement's text determines (plain, ``name @ url``, bare URL or path)."""
    entry: dict[str, Any] = {"specifier": "", "extras": [], "marker": None, "editable": False}
    text = mask_userinfo(text)  # a token in a URL never reaches a finding
    if _URL.match(text) or text.startswith((".", "/", "~")):
        egg = _EGG.search(text)
        wheel = _WHEEL.search(text)
        name = egg.group(1) if egg else wheel.group(1) if wheel else text
        return {**entry, "name": name, "url": text}
    return {**entry, **requirement_fields(text)}
