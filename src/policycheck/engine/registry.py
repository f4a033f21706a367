"""Collecting policies from the built-in directory, extra directories and entry points.

Each policy module is executed in isolation; every :class:`Policy` object at its top level is
registered. ``*.yaml``/``*.yml`` files are declarative policies (:mod:`policycheck.engine.declarative`).
Fixture directories (named after a policy ID, ``PC-ACME-001/``) inside a policy directory are
skipped. Problems (syntax errors, bad metadata, duplicate IDs, unknown checklist items)
become :class:`ScanError` entries naming the file and line; other policies still load.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from policycheck.engine.policy import Policy, PolicyDefinitionError
from policycheck.model import ScanError

ENTRY_POINT_GROUP = "policycheck.policies"
DECLARATIVE_SUFFIXES = (".yaml", ".yml")
"""Declarative policy files (:data:`policycheck.engine.declarative.SUFFIXES`, without importing it)."""
FIXTURE_DIR = re.compile(r"^PC-[A-Z][A-Z0-9]*-\d{3}(?![0-9])")
"""A directory whose name starts with a policy ID holds that policy's fixtures."""


def builtin_policy_dir() -> Path:
    """The shipped policies: inside the wheel, or ``policies/`` of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    shipped = package / "_builtin_policies"
    return shipped if shipped.is_dir() else package.parent.parent / "policies"


def _error_line(exc: BaseException, file: Path) -> int:
    if isinstance(exc, SyntaxError) and exc.lineno:
        return exc.lineno
    line = 1
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename).resolve() == file.resolve() and frame.lineno:
            line = frame.lineno
    return line


def _module_name(path: Path) -> str:
    digest = abs(hash(str(path.resolve()))) % 10**10
    return f"policycheck_policy_{path.stem}_{digest}"


def _exec_file(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(_module_name(path), path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[spec.name]
        raise
    return module


def policy_files(directory: Path) -> list[Path]:
    """The policy files under ``directory``: ``*.py`` and YAML, not ``_``/``.``-prefixed, not
    inside fixture directories."""
    found = []
    for path in sorted(directory.rglob("*")):
        parts = path.relative_to(directory).parts
        if (path.suffix == ".py" or path.suffix in DECLARATIVE_SUFFIXES) and path.is_file() and not any(
                p.startswith(("_", ".")) or FIXTURE_DIR.match(p) for p in parts):
            found.append(path)
    return found


def _may_declare_policies() -> bool:
    """Whether an installed distribution may declare :data:`ENTRY_POINT_GROUP`: a look at the
    ``entry_points.txt`` files on ``sys.path``, cheaper than importing ``importlib.metadata``
    (a fifth of a small scan's start-up); where distributions may be found otherwise (zip
    archives, other finders), the answer is yes."""
    import importlib.machinery

    if any(hasattr(finder, "find_distributions") and finder is not importlib.machinery.PathFinder
           for finder in sys.meta_path):
        return True
    group = ENTRY_POINT_GROUP.encode()
    for entry in sys.path:
        directory = entry or "."
        try:
            with os.scandir(directory) as listing:
                names = [e.name for e in listing if e.name.endswith((".dist-info", ".egg-info"))]
        except NotADirectoryError:
            return True
        except OSError:
            continue
        for name in names:
            try:
                with open(os.path.join(directory, name, "entry_points.txt"), "rb") as file:
                    if group in file.read():
                        return True
            except OSError:
                continue
    return False


def file_policies(path: Path) -> list[Policy]:
    """The policies one policy file defines, unchecked (a problem raises)."""
    if path.suffix in DECLARATIVE_SUFFIXES:
        from policycheck.engine.declarative import load_policy_file

        return load_policy_file(path).policies
    return list(_policies_in(_exec_file(path)))


def _policies_in(namespace: object) -> Iterator[Policy]:
    if isinstance(namespace, Policy):
        yield namespace
    elif isinstance(namespace, ModuleType):
        for value in vars(namespace).values():
            if isinstance(value, Policy):
                yield value
    elif isinstance(namespace, (list, tuple)):
        for item in namespace:
            yield from _policies_in(item)


@dataclass(slots=True)
class Registry:
    """The policies available to a run, by ID, and the errors met while collecting them."""

    policies: dict[str, Policy] = field(default_factory=dict)
    errors: list[ScanError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Policy files not loaded on purpose (Python policies of an untrusted repository)."""

    def __iter__(self) -> Iterator[Policy]:
        return iter(sorted(self.policies.values(), key=lambda p: p.id))

    def __len__(self) -> int:
        return len(self.policies)

    def get(self, policy_id: str) -> Policy | None:
        return self.policies.get(policy_id)

    def add(self, policy: Policy) -> None:
        existing = self.policies.get(policy.id)
        if existing is not None and existing.check is not policy.check:
            self.errors.append(
                ScanError(policy.file, policy.line,
                          f"duplicate policy ID {policy.id}: already defined at {existing.origin}")
            )
            return
        from policycheck.checklist import checklist_item_ids  # YAML: only when a file loads

        unknown_items = [c for c in policy.checklist if c not in checklist_item_ids()]
        if unknown_items:
            self.errors.append(
                ScanError(policy.file, policy.line,
                          f"{policy.id}: unknown checklist item(s) {', '.join(unknown_items)}")
            )
            return
        self.policies[policy.id] = policy

    def load_file(self, path: Path) -> None:
        from policycheck.engine.declarative import SUFFIXES, load_policy_file

        if path.suffix in SUFFIXES:
            loaded = load_policy_file(path)
            self.errors.extend(loaded.errors)
            for found in loaded.policies:
                self.add(found)
            return
        try:
            module = _exec_file(path)
        except PolicyDefinitionError as exc:
            line = _error_line(exc, path)
            message = str(exc).removeprefix(f"{path.absolute()}:{line}: ")
            self.errors.append(ScanError(str(path), line, message))
            return
        except (Exception, SystemExit) as exc:
            self.errors.append(
                ScanError(str(path), _error_line(exc, path),
                          f"cannot load policy file: {type(exc).__name__}: {exc}")
            )
            return
        for found in _policies_in(module):
            self.add(found)

    def load_directory(self, directory: Path, *, python: bool = True) -> None:
        """The policies of ``directory``; with ``python=False`` only the declarative ones (each
        Python file is named in a warning, never imported)."""
        from policycheck.engine.trust import python_policy_warning

        if not directory.is_dir():
            self.errors.append(ScanError(str(directory), 1, "policy directory does not exist"))
            return
        for path in policy_files(directory):
            if path.suffix == ".py" and not python:
                self.warnings.append(python_policy_warning(path))
            else:
                self.load_file(path)

    def load_entry_points(self) -> None:
        if not _may_declare_policies():
            return
        from importlib.metadata import entry_points

        for entry in entry_points(group=ENTRY_POINT_GROUP):
            try:
                loaded = entry.load()
            except Exception as exc:
                self.errors.append(
                    ScanError(f"entry point {entry.name} ({entry.value})", 1,
                              f"cannot load policies: {type(exc).__name__}: {exc}")
                )
                continue
            if isinstance(loaded, Path):
                self.load_directory(loaded)
                continue
            for found in _policies_in(loaded):
                self.add(found)


def load_registry(extra_dirs: Iterable[Path] = (), *, entry_points: bool = True,
                  repo_dirs: Iterable[Path] = (), trust_repo: bool = False) -> Registry:
    """Built-in policies, then ``repo_dirs`` (named by a scanned repository's configuration:
    their Python policies only when ``trust_repo``) and ``extra_dirs`` (the user's own) in
    order, then installed entry points."""
    registry = Registry()
    builtin = builtin_policy_dir()
    seen = {builtin.resolve()}
    _load_builtin(registry, builtin)
    extra_dirs = list(extra_dirs)
    own = {d.resolve() for d in extra_dirs}
    for directory in (*repo_dirs, *extra_dirs):
        if directory.resolve() not in seen:
            seen.add(directory.resolve())
            registry.load_directory(directory, python=trust_repo or directory.resolve() in own)
    if entry_points:
        registry.load_entry_points()
    return registry


def _load_builtin(registry: Registry, directory: Path) -> None:
    """The built-in policies, from the index of :mod:`policycheck.engine.index` when it matches
    their files, else from the files (then indexed, when they loaded without error)."""
    from policycheck.engine import index

    if not directory.is_dir():
        registry.load_directory(directory)
        return
    files = policy_files(directory)
    indexed = index.load(directory, files, file_policies)
    if indexed is not None:
        registry.policies.update((p.id, p) for p in indexed)
        return
    registry.load_directory(directory)
    if not registry.errors:
        index.save(directory, files, registry.policies.values())
