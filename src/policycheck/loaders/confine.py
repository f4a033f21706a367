"""The scan roots: the directories a scan may read. A scanned repository is untrusted, so what
its files and configuration name (module sources, Kustomize bases, Helm dependencies, paths in
its configuration) is read only when it resolves inside a root; what the user names on the
command line (``--var-file``, ``--policies``) is the user's choice and is not confined.

The root of a scanned path is the nearest directory at or above it holding ``.git`` (the
repository), else the directory of the configuration file in use, else the path itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path


def _repository(start: Path) -> Path | None:
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def scan_roots(paths: Sequence[str], config_root: Path | None = None) -> tuple[Path, ...]:
    """The root of each scanned path (resolved, without duplicates)."""
    roots: list[Path] = []
    for arg in paths or ["."]:
        path = Path(arg).resolve()
        directory = path if path.is_dir() else path.parent
        root = _repository(directory) or (
            config_root.resolve() if config_root and directory.is_relative_to(config_root.resolve())
            else directory)
        if root not in roots:
            roots.append(root)
    return tuple(roots)


def inside(path: Path, roots: Iterable[Path]) -> bool:
    """Whether ``path`` (symbolic links resolved) lies in one of ``roots``; no roots: anywhere."""
    roots = tuple(roots)
    if not roots:
        return True
    real = path.resolve()
    return any(real.is_relative_to(root) for root in roots)


def outside_message(what: str, path: Path | str, roots: Iterable[Path]) -> str:
    shown = ", ".join(str(r) for r in roots)
    return (f"{what} {path} is outside the scan root ({shown}); not read (a scanned repository "
            "may only refer to its own files)")
