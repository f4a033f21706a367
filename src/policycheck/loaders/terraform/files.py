"""Terraform's file functions, reading only inside the scanned root.

``file``, ``fileexists``, ``filebase64``, ``templatefile`` and ``fileset`` are evaluated for
files inside one of the scan roots (the directories the user passed to ``scan``). A path
written relative is relative to the root module's directory, as for Terraform (which runs
there); ``path.module`` and ``path.root`` evaluate to the directories' display paths, so a path
starting with one of them is mapped back to that directory. The path is then resolved
(symlinks and ``..``): outside every scan root, missing or unreadable, the call is
:class:`Unknown` with the reason (``file("../x") is outside the scanned root``): a scanned
repository cannot make policycheck read other files of the machine.
"""

from __future__ import annotations

import base64
import posixpath
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from policycheck.loaders.hcl.expressions import EvalError, evaluate_string, known, to_string
from policycheck.loaders.limits import MAX_FILE_BYTES
from policycheck.model import Reference, Unknown

FILE_FUNCTIONS = ("file", "fileexists", "filebase64", "templatefile", "fileset")


class _Outside(Exception):
    """A path the file functions may not or cannot read; the message is the reason."""


class FileAccess:
    """The file functions of one module: paths relative to ``root_path`` (the root module's
    directory), or starting with a module's display path; reads only inside ``roots``."""

    def __init__(self, roots: Sequence[Path], displays: Sequence[tuple[str, Path]],
                 root_path: Path, functions: Callable[[str], Callable[..., Any] | None]) -> None:
        self.roots = tuple(r.resolve() for r in roots)
        self.displays = sorted(displays, key=lambda d: len(d[0]), reverse=True)
        self.root_path = root_path
        self.functions = functions
        self.read: set[Path] = set()

    def function(self, name: str) -> Callable[..., Any] | None:
        functions: dict[str, Callable[..., Any]] = {
            "file": self.file, "fileexists": self.fileexists, "filebase64": self.filebase64,
            "templatefile": self.templatefile, "fileset": self.fileset}
        return functions.get(name)

    def _candidate(self, written: str) -> Path:
        path = Path(written)
        if path.is_absolute():
            return path
        for display, real in self.displays:
            if display in ("", "."):
                continue
            if written == display or written.startswith(f"{display}/"):
                return real / written[len(display):].lstrip("/")
        return self.root_path / written

    def _resolve(self, call: str, written: str) -> Path:
        if not self.roots:
            raise _Outside(f"{call} is not read: no scanned root is known")
        resolved = self._candidate(written).resolve()
        if not any(resolved.is_relative_to(root) for root in self.roots):
            raise _Outside(f"{call} is outside the scanned root")
        return resolved

    def _bytes(self, call: str, written: str) -> bytes:
        path = self._resolve(call, written)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise _Outside(f"{call} is over the {MAX_FILE_BYTES} byte limit")
            data = path.read_bytes()
        except OSError as exc:
            raise _Outside(f"{call} cannot be read: {exc.strerror or exc}") from None
        self.read.add(path)
        return data

    def _text(self, call: str, written: str) -> str:
        try:
            return self._bytes(call, written).decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise _Outside(f"{call} is not valid UTF-8") from None

    def file(self, path: Any) -> str | Unknown:
        written = to_string(path)
        try:
            return self._text(f'file("{written}")', written)
        except _Outside as exc:
            return Unknown(str(exc))

    def filebase64(self, path: Any) -> str | Unknown:
        written = to_string(path)
        try:
            return base64.b64encode(self._bytes(f'filebase64("{written}")', written)).decode()
        except _Outside as exc:
            return Unknown(str(exc))

    def fileexists(self, path: Any) -> bool | Unknown:
        written = to_string(path)
        try:
            resolved = self._resolve(f'fileexists("{written}")', written)
        except _Outside as exc:
            return Unknown(str(exc))
        return resolved.is_file()

    def fileset(self, path: Any, pattern: Any) -> list[str] | Unknown:
        written, glob = to_string(path), to_string(pattern)
        call = f'fileset("{written}", "{glob}")'
        try:
            base = self._resolve(call, written)
        except _Outside as exc:
            return Unknown(str(exc))
        if posixpath.isabs(glob) or ".." in glob.split("/"):
            return Unknown(f"{call}: the pattern leaves the directory")
        # a trailing ``**`` matches files at any depth (pathlib's matches only directories)
        matches = [*base.glob(glob), *(base.glob(f"{glob}/*") if glob.endswith("**") else ())]
        found = {m.relative_to(base).as_posix() for m in matches
                 if m.is_file() and any(m.resolve().is_relative_to(r) for r in self.roots)}
        return sorted(found)

    def templatefile(self, path: Any, variables: Any) -> Any:
        written = to_string(path)
        try:
            text = self._text(f'templatefile("{written}", ...)', written)
        except _Outside as exc:
            return Unknown(str(exc))
        names = known(variables)
        if not isinstance(names, dict):
            raise EvalError("templatefile: the variables must be an object")
        errors: list[str] = []
        result = evaluate_string(strip_markers(text), _TemplateScope(names, self), errors.append)
        if errors:
            raise EvalError(f'templatefile("{written}"): {errors[0]}')
        return result


_STRIP_AFTER = re.compile(r"~\}[ \t\r\n]*")
_STRIP_BEFORE = re.compile(r"[ \t\r\n]*([$%])\{~")


def strip_markers(text: str) -> str:
    """A template with its whitespace strip markers applied (``%{ for x in xs ~}`` drops the
    whitespace after the directive, ``${~ x}`` the whitespace before it)."""
    return _STRIP_BEFORE.sub(r"\1{", _STRIP_AFTER.sub("}", text))


class _TemplateScope:
    """What a template sees: its variables and the functions (``templatefile`` itself is not
    available, as in Terraform)."""

    def __init__(self, names: dict[str, Any], files: FileAccess) -> None:
        self.names = names
        self.files = files

    def lookup(self, name: str) -> Any:
        if name in self.names:
            return self.names[name]
        raise EvalError(f"the template has no variable {name!r}")

    def function(self, name: str) -> Callable[..., Any] | None:
        if name == "templatefile":
            return None
        return self.files.function(name) or self.files.functions(name)

    def note(self, address: str) -> None:
        """Template variables are values, not references."""

    def literal(self, reference: Reference) -> Any:
        raise EvalError("a template cannot reference resources")
