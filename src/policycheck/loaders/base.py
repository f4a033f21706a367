"""What every loader receives and returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from policycheck.model import LoadedPlan, Resource, ScanError

MAX_FILE_BYTES = 10 * 1024 * 1024


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
        if path.name in ("", "..") or path.is_symlink():
            return path.resolve()
        return self.directory(path.parent) / path.name


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """Loader settings from the command line and config."""

    var_files: tuple[Path, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    hcl_parser: str = "tree-sitter"


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


def read_text(source: SourceFile, result: LoadResult, limit: int = MAX_FILE_BYTES) -> str | None:
    """The file's UTF-8 text, or ``None`` after recording why it cannot be judged (unreadable,
    binary, not UTF-8, or larger than ``limit`` bytes)."""
    try:
        size = source.path.stat().st_size
        if size > limit:
            result.errors.append(
                ScanError(source.display, 1, f"file is {size} bytes, over the {limit} byte limit")
            )
            return None
        data = source.path.read_bytes()
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
