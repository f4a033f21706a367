"""What every loader receives and returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from policycheck.loaders.limits import MAX_FILE_BYTES, Limits
from policycheck.model import Resource, ScanError


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A discovered file: its real path and the path shown to users."""

    path: Path
    display: str


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """Loader settings from the command line and config."""

    var_files: tuple[Path, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    hcl_parser: str = "tree-sitter"
    limits: Limits = field(default_factory=Limits)
    roots: tuple[Path, ...] = ()
    """The scan roots (:mod:`policycheck.loaders.confine`); empty: nothing is confined."""


@dataclass(slots=True)
class LoadResult:
    resources: list[Resource] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: int = 0

    def extend(self, other: LoadResult) -> None:
        self.resources.extend(other.resources)
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)
        self.files += other.files


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
