"""Which file is what: walks the scan paths and sorts files by the loader that reads them."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from policycheck.loaders.base import SourceFile
from policycheck.loaders.confine import inside, outside_message
from policycheck.model import ScanError

SKIPPED_DIRS = frozenset({
    ".git", ".hg", ".svn", ".terraform", "node_modules", ".venv", "venv", "__pycache__",
    ".tox", ".mypy_cache", ".ruff_cache", ".pytest_cache",
})
DOCKERFILE_PATTERNS = ("Dockerfile", "Dockerfile.*", "*.dockerfile", "Containerfile")
REQUIREMENTS_PATTERNS = ("requirements*.txt", "requirements*.in")
MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
KUSTOMIZATIONS = ("kustomization.yaml", "kustomization.yml", "Kustomization")


@dataclass(slots=True)
class Discovered:
    terraform: list[SourceFile] = field(default_factory=list)
    manifests: list[SourceFile] = field(default_factory=list)
    dockerfiles: list[SourceFile] = field(default_factory=list)
    requirements: list[SourceFile] = field(default_factory=list)
    helm_charts: list[SourceFile] = field(default_factory=list)
    kustomizations: list[SourceFile] = field(default_factory=list)
    plans: list[SourceFile] = field(default_factory=list)
    """Filled when loaders claim their files: the plan loader moves plans out of ``manifests``."""
    errors: list[ScanError] = field(default_factory=list)


def classify(path: Path) -> str | None:
    """The kind of source a file name says it is, or ``None``."""
    name = path.name
    if name.endswith((".tf", ".tf.json")):
        return "terraform"
    if any(fnmatch.fnmatchcase(name, p) for p in DOCKERFILE_PATTERNS):
        return "dockerfile"
    if any(fnmatch.fnmatchcase(name, p) for p in REQUIREMENTS_PATTERNS) or (
        path.parent.name == "requirements" and name.endswith(".txt")
    ):
        return "requirements"
    if name == "pyproject.toml":
        return "requirements"
    if name.endswith(MANIFEST_SUFFIXES):
        return "manifest"
    return None


def _display(arg: str, relative: str) -> str:
    if not relative or relative == ".":
        return arg
    if arg in (".", "./"):
        return relative
    return os.path.join(arg, relative)


def _walk(root: Path, relative: str, seen: set[tuple[int, int]],
          found: list[tuple[Path, str]], roots: tuple[Path, ...] = (),
          outside: list[str] | None = None) -> None:
    """Append each file under ``root`` (depth first, by name) and its path relative to the
    scan path (``relative`` is ``root``'s) to ``found``; a symbolic link that leads out of
    ``roots`` is not followed but added to ``outside`` (:mod:`policycheck.loaders.confine`)."""
    try:
        stat = root.stat()
    except OSError:
        return
    key = (stat.st_dev, stat.st_ino)
    if key in seen:
        return
    seen.add(key)
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        try:
            is_dir = entry.is_dir()
            if roots and entry.is_symlink() and not inside(Path(entry.path), roots):
                if outside is not None and (is_dir or classify(Path(entry.path))):
                    outside.append(os.path.join(relative, entry.name))
                continue
        except OSError:
            continue
        if is_dir:
            if entry.name not in SKIPPED_DIRS:
                _walk(Path(entry.path), os.path.join(relative, entry.name), seen, found, roots,
                      outside)
        elif entry.is_file():
            found.append((Path(entry.path), os.path.join(relative, entry.name)))


def discover(paths: Iterable[str], exclude: Iterable[str] = (), exclude_root: Path | None = None,
             roots: tuple[Path, ...] = ()) -> Discovered:
    """Sort every file under ``paths`` by loader; ``exclude`` holds gitignore-style patterns
    relative to ``exclude_root`` (the config file's directory) or to each scan path. Symbolic
    links under a path that lead out of ``roots`` are skipped (none: all are followed)."""
    patterns = list(exclude)
    spec = None
    if patterns:
        import pathspec  # only where there are patterns: it costs a tenth of the start-up

        spec = pathspec.GitIgnoreSpec.from_lines(patterns)
    found = Discovered()
    seen: set[tuple[int, int]] = set()
    for arg in paths:
        root = Path(arg)
        if not root.exists():
            found.errors.append(ScanError(arg, 0, "path does not exist"))
            continue
        if root.is_file():
            _add(found, SourceFile(root, arg), explicit=True)
            continue
        base = (exclude_root or root).resolve()
        special: list[Path] = []
        files: list[tuple[Path, str]] = []
        outside: list[str] = []
        _walk(root, "", seen, files, roots, outside)
        found.errors += [ScanError(_display(arg, rel), 0, outside_message(
            "the target of this symbolic link", os.path.realpath(root / rel), roots))
            for rel in outside]
        for file, rel_to_arg in files:
            if spec is not None and spec.patterns and spec.match_file(_relative_to_base(file, base, rel_to_arg)):
                continue
            if file.name in ("Chart.yaml", *KUSTOMIZATIONS):
                directory = SourceFile(file.parent, _display(arg, os.path.dirname(rel_to_arg)))
                if file.name == "Chart.yaml":
                    special.append(file.parent)
                    found.helm_charts.append(directory)
                else:
                    found.kustomizations.append(directory)
            _add(found, SourceFile(file, _display(arg, rel_to_arg)), explicit=False)
        if special:
            found.manifests = [m for m in found.manifests
                               if not any(m.path.is_relative_to(c) for c in special)]
    return found


def _relative_to_base(file: Path, base: Path, rel_to_arg: str) -> str:
    try:
        return file.resolve().relative_to(base).as_posix()
    except ValueError:
        return Path(rel_to_arg).as_posix()


def _add(found: Discovered, source: SourceFile, *, explicit: bool) -> None:
    kind = classify(source.path)
    if kind == "terraform":
        found.terraform.append(source)
    elif kind == "dockerfile":
        found.dockerfiles.append(source)
    elif kind == "requirements":
        found.requirements.append(source)
    elif kind == "manifest":
        found.manifests.append(source)
    elif explicit:
        found.errors.append(
            ScanError(source.display, 0, "not a file policycheck knows how to judge"))
