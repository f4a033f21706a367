"""What every loader receives and returns."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from policycheck.loaders.limits import MAX_FILE_BYTES, Limits
from policycheck.model import LoadedPlan, Resource, ScanError


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A discovered file: its real path and the path shown to users."""

    path: Path
    display: str


class Resolver:
    """``Path.resolve()`` for the paths of one load, resolving each directory once (resolving
    walks every component of a path with a system call)."""

    def __init__(self) -> None:
        self._directories: dict[Path, Path] = {}

    def directory(self, path: Path) -> Path:
        found = self._directories.get(path)
        if found is None:
            found = self._directories[path] = path.resolve()
        return found

    def file(self, path: Path) -> Path:
        name = path.name
        if name in ("", "..") or _is_link(path):
            return path.resolve()
        return self.directory(path.parent) / name


def _is_link(path: Path) -> bool:
    """``path.is_symlink()`` without pathlib's overhead (a call per scanned file)."""
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """Loader settings from the command line and config."""

    var_files: tuple[Path, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    hcl_parser: str = "tree-sitter"
    limits: Limits = field(default_factory=Limits)
    roots: tuple[Path, ...] = ()
    """The directories the user scans (:mod:`policycheck.loaders.confine`): Terraform's file
    functions and repository-configured paths read only inside them; empty: nothing is
    confined (file functions then read nothing)."""
    helm: HelmOptions = field(default_factory=lambda: HelmOptions())


@dataclass(frozen=True, slots=True)
class HelmOptions:
    """How ``helm template`` renders charts: the chart's ``values.yaml`` plus these."""

    values: tuple[Path, ...] = ()
    """``--values`` files, in order (later ones win)."""
    set_values: tuple[str, ...] = ()
    """``--set KEY=VALUE`` assignments, in order."""
    release: str = "release-name"
    namespace: str | None = None

    def arguments(self) -> list[str]:
        """The ``helm template`` arguments after the release name and the chart."""
        argv: list[str] = []
        if self.namespace:
            argv += ["--namespace", self.namespace]
        for path in self.values:
            argv += ["--values", str(path)]
        for assignment in self.set_values:
            argv += ["--set", assignment]
        return argv


@dataclass(frozen=True, slots=True)
class Unit:
    """One loader call: ``loader`` names an entry of :data:`policycheck.loaders.LOADERS`;
    ``inputs`` is every path whose content or existence decides the result (a cache keys on
    them), ``None`` when they cannot be known cheaply."""

    loader: str
    files: tuple[SourceFile, ...]
    inputs: tuple[Path, ...] | None


@dataclass(slots=True)
class LoadResult:
    """What every loader returns; ``plans`` is filled by the plan loader only (the engine's
    plan gates read it)."""

    resources: list[Resource] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: int = 0
    plans: list[LoadedPlan] = field(default_factory=list)

    def extend(self, other: LoadResult) -> None:
        self.resources.extend(other.resources)
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)
        self.files += other.files
        self.plans.extend(other.plans)


def is_directory(path: Path) -> bool:
    """``path.is_dir()``, false also for a name the system rejects (too long, ...): a scanned
    file names the paths, so any of them may be absurd."""
    try:
        return path.is_dir()
    except OSError:
        return False


def read_text(source: SourceFile, result: LoadResult, limit: int = MAX_FILE_BYTES) -> str | None:
    """The file's UTF-8 text, or ``None`` after recording why it cannot be judged (unreadable,
    binary, not UTF-8, or larger than ``limit`` bytes)."""
    try:
        with open(source.path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                result.errors.append(ScanError(source.display, 1,
                                               f"file is {size} bytes, over the {limit} byte limit"))
                return None
            data = handle.read(limit + 1)  # the file may grow after fstat
            if len(data) > limit:
                result.errors.append(ScanError(source.display, 1,
                                               f"file is over the {limit} byte limit"))
                return None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        result.errors.append(ScanError(source.display, 1, f"cannot read file: {reason}"))
        return None
    if b"\x00" in data[:8192]:
        result.errors.append(ScanError(source.display, 1, "binary file (contains NUL bytes)"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        result.errors.append(ScanError(source.display, line, f"not valid UTF-8: {exc.reason}"))
        return None
    return text.removeprefix("\ufeff")
