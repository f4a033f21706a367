"""An on-disk index of the built-in policies' metadata, so that start-up need not run every
policy module (nor the YAML parser for the declarative ones and the checklist).

The index is keyed by policycheck's version, the Python version, and the path, modification
time and size of every policy file and of every file of the ``policycheck`` package (the
decorator, helpers and checklist decide what a module declares): an edited policy, helper or
checklist makes a new index. A policy from the index has a :class:`DeferredCheck` that runs its
module on the first call; the index keeps the documents of the YAML policy files, so that a
declarative policy's first call builds it without PyYAML. The index is written only when every
built-in policy loaded without error; where the cache directory cannot be written, policies
load as before.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

from policycheck import __version__
from policycheck.engine.policy import Policy
from policycheck.errors import PolicycheckError

FORMAT = 2
INDEX_DIR_ENV = "POLICYCHECK_INDEX_DIR"
"""Where indexes are kept (default ``$XDG_CACHE_HOME/policycheck`` or ``~/.cache/policycheck``);
``off`` disables the index."""
_METADATA = tuple(f.name for f in fields(Policy) if f.name != "check")
_PACKAGE = Path(__file__).resolve().parent.parent
_checks: dict[str, dict[str, Callable[..., Any]]] = {}
"""The checks of each policy file run so far, by policy ID."""


FilePolicies = Callable[[Path], Iterable[Policy]]
"""Runs a policy file and returns the policies it defines."""


class DeferredCheck:
    """A policy's check that runs its policy file (with ``run_file``) on the first call."""

    __slots__ = ("_check", "file", "policy_id", "run_file")

    def __init__(self, file: str, policy_id: str, run_file: FilePolicies) -> None:
        self.file = file
        self.policy_id = policy_id
        self.run_file = run_file
        self._check: Callable[..., Any] | None = None

    def __call__(self, *args: Any) -> Any:
        check = self._check
        if check is None:
            checks = _checks.get(self.file)
            if checks is None:
                checks = _checks[self.file] = {p.id: p.check for p in self.run_file(Path(self.file))}
            check = checks.get(self.policy_id)
            if check is None:
                raise PolicycheckError(f"{self.file} no longer defines {self.policy_id}")
            self._check = check
        return check(*args)


def _index_dir() -> Path | None:
    configured = os.environ.get(INDEX_DIR_ENV)
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policycheck"


def _stamp(paths: Iterable[str], digest: Any) -> None:
    for path in paths:
        try:
            status = os.stat(path)
        except OSError:
            continue
        digest.update(f"{path}\0{status.st_mtime_ns}\0{status.st_size}\n".encode())


def _package_files() -> list[str]:
    found: list[str] = []
    for directory, subdirectories, names in os.walk(_PACKAGE):
        subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
        found.extend(os.path.join(directory, name) for name in sorted(names))
    return found


def _key(files: Iterable[Path]) -> str:
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{sys.version}\n".encode())
    _stamp((str(f) for f in files), digest)
    _stamp(_package_files(), digest)
    return digest.hexdigest()


def _index_file(directory: Path) -> Path | None:
    where = _index_dir()
    if where is None:
        return None
    name = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:16]
    return where / f"policies-{name}.pickle"


def load(directory: Path, files: list[Path], run_file: FilePolicies) -> list[Policy] | None:
    """The indexed policies of ``directory`` (whose policy files are ``files``; ``run_file``
    runs one when a check is first called), or ``None`` when there is no index for their
    current content."""
    target = _index_file(directory)
    if target is None:
        return None
    try:
        key, entries, documents = pickle.loads(target.read_bytes())
    except Exception:  # missing, unreadable or from another version: rebuild
        return None
    if key != _key(files):
        return None

    def run(path: Path) -> Iterable[Policy]:
        kept = documents.get(str(path))
        if kept is None:
            return run_file(path)
        from policycheck.engine.declarative import policies_from_documents

        return policies_from_documents(kept, path).policies

    return [Policy(**dict(zip(_METADATA, values, strict=True)),
                   check=DeferredCheck(values[_METADATA.index("file")], values[0], run))
            for values in entries]


def _documents(files: Iterable[Path]) -> dict[str, list[Any]]:
    """The documents of each YAML policy file, by the path its policies' ``file`` names."""
    from policycheck.engine.declarative import SUFFIXES, read_documents

    return {os.path.abspath(f): read_documents(f.read_text("utf-8"))
            for f in files if f.suffix in SUFFIXES}


def save(directory: Path, files: list[Path], policies: Iterable[Policy]) -> None:
    """Keep the metadata of ``policies`` (every policy of ``files``) for the next start-up."""
    target = _index_file(directory)
    if target is None:
        return
    entries = [tuple(getattr(p, name) for name in _METADATA) for p in policies]
    try:
        data = pickle.dumps((_key(files), entries, _documents(files)), pickle.HIGHEST_PROTOCOL)
        target.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # only when writing: it costs a few per cent of the start-up

        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as temporary:
            temporary.write(data)
        os.replace(temporary.name, target)
    except (OSError, ValueError, pickle.PicklingError, TypeError, AttributeError):
        return  # no index: the next start-up loads the policy files again
