"""The on-disk cache of ``--cache-dir``: loader results per unit, and the policy outcome of a
whole unchanged scan.

A unit's key hashes every input it reads (content, or that a path is a directory or missing),
the display paths its results carry, its loader, the loader options that matter (HCL parser,
scan roots, ``-var-file`` contents, ``TF_VAR_*`` variables) and policycheck's code (version, and size and
modification time of its modules, so an edited checkout never reuses stale entries).

The outcome of judging is kept under a key made of every unit key of the scan (so only when
every source was keyed), the rules (policy, severity, parameters), the code of the policies
(every module in their directories) and the date. A rerun on an unchanged tree then
skips judging; a changed file still reuses the results of every other unit.

Entries are pickles, one file each, written atomically; an entry that cannot be read is a miss.
Only the few most recently used outcomes are kept; unit entries accumulate (one per version of
each unit), and the directory can be deleted at any time. Point ``--cache-dir`` only at a
directory you trust: loading a pickle can run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import policycheck
from policycheck.engine.pickling import dumps, loads
from policycheck.engine.runner import RunOutcome, Schedule
from policycheck.loaders.base import LoadOptions, LoadResult, Unit
from policycheck.loaders.terraform.variables import ENV_PREFIX

CACHE_FORMAT = 1
OUTCOMES = "outcomes"
OUTCOMES_KEPT = 4


def _stat_digest(paths: list[str]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        try:
            stat = os.stat(path)
        except OSError:
            continue
        digest.update(f"\0{path}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def code_fingerprint() -> str:
    """policycheck's version and the size and mtime of each of its modules."""
    package = Path(policycheck.__file__).parent
    return policycheck.__version__ + _stat_digest([str(p) for p in package.rglob("*.py")])


def policy_code_fingerprint(schedule: Schedule) -> str:
    """The size and mtime of every ``.py`` file in the directories of the schedule's policies
    (the policies and any helper modules beside them)."""
    directories = {Path(rule.policy.file).parent for rule in schedule.rules}
    return _stat_digest([str(p) for d in directories for p in d.glob("*.py")])


def _content(path: Path) -> bytes:
    """What a unit's key records of one input path."""
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except IsADirectoryError:
        return b"directory"
    except FileNotFoundError:
        return b"missing"
    except OSError as exc:
        return f"unreadable: {exc.strerror}".encode()


def options_fingerprint(options: LoadOptions) -> bytes:
    parts = [options.hcl_parser.encode(), repr(options.limits).encode(), repr(options.roots).encode()]
    for path in options.var_files:
        parts += [str(path).encode(), _content(path)]
    parts += [f"{k}={v}".encode() for k, v in sorted(options.env.items()) if k.startswith(ENV_PREFIX)]
    helm = options.helm
    parts += [helm.release.encode(), (helm.namespace or "").encode(), *map(str.encode, helm.set_values)]
    for path in helm.values:
        parts += [str(path).encode(), _content(path)]
    return b"\0".join(parts)


def rules_fingerprint(schedule: Schedule) -> str:
    """The rules of a schedule: policy, scope, effective severity, parameters, and whether
    passes are listed."""
    rules = [(r.policy.id, r.policy.file, r.policy.scope, int(r.severity), r.params, r.list_passes)
             for r in schedule.rules]
    return json.dumps(rules, sort_keys=True, default=repr)


class Cache:
    """Cached results under ``directory``; ``warnings`` says why writing stopped, if it did."""

    def __init__(self, directory: Path, options: LoadOptions) -> None:
        self.directory = directory
        self.root = os.path.join(directory, f"v{CACHE_FORMAT}")
        self.salt = hashlib.sha256(
            code_fingerprint().encode() + b"\0" + options_fingerprint(options)).digest()
        self.writable = True
        self.made: set[str] = set()
        self.warnings: list[str] = []
        self.keys: list[str | None] = []
        """The key of every unit of this scan (``None``: not keyed, such as a rendered chart)."""

    def key(self, unit: Unit) -> str | None:
        """The unit's key, or ``None`` when its inputs are not known (never cached)."""
        key = None
        if unit.inputs is not None:
            digest = hashlib.sha256(self.salt)
            digest.update(unit.loader.encode())
            for source in unit.files:
                digest.update(f"\0{source.path}\0{source.display}".encode())
            for path in unit.inputs:
                digest.update(f"\0{path}\0".encode())
                digest.update(_content(path))
            key = digest.hexdigest()
        self.keys.append(key)
        return key

    def _path(self, key: str) -> str:
        return os.path.join(self.root, key[:2], f"{key[2:]}.pickle")

    def _outcome_path(self, key: str) -> str:
        return os.path.join(self.root, OUTCOMES, f"{key}.pickle")

    @staticmethod
    def _read(path: str) -> Any:
        try:
            with open(path, "rb") as stream:
                return loads(stream.read())
        except Exception:  # missing, truncated or from another layout: a miss
            return None

    def get(self, key: str) -> LoadResult | None:
        loaded = self._read(self._path(key))
        return loaded if isinstance(loaded, LoadResult) else None

    def put(self, key: str, data: bytes) -> None:
        """Store a unit's pickled :class:`LoadResult`."""
        self._write(self._path(key), data)

    def _write(self, target: str, data: bytes) -> None:
        """Write an entry beside its place, then rename it into place (so a reader never sees
        half an entry); a failure to write is warned about once."""
        if not self.writable:
            return
        temporary = f"{target}.{os.getpid()}.tmp"
        try:
            directory = os.path.dirname(target)
            if directory not in self.made:
                os.makedirs(directory, exist_ok=True)
                self.made.add(directory)
            try:
                with open(temporary, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, target)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError as exc:
            self.writable = False
            self.warnings.append(f"cache directory {self.directory} is not writable "
                                 f"({exc.strerror or exc}); results are not cached")

    def outcome_key(self, schedule: Schedule) -> str | None:
        """The key of judging ``schedule`` over this scan's sources, ``None`` unless all are keyed."""
        if not self.keys or None in self.keys:
            return None
        digest = hashlib.sha256(self.salt)
        for part in ("outcome", *self.keys, rules_fingerprint(schedule), policy_code_fingerprint(schedule),
                     date.today().isoformat()):
            digest.update(f"\0{part}".encode())
        return digest.hexdigest()

    def get_outcome(self, key: str) -> RunOutcome | None:
        path = self._outcome_path(key)
        outcome = self._read(path)
        if not isinstance(outcome, RunOutcome):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept by the pruning in put_outcome
        return outcome

    def put_outcome(self, key: str, outcome: RunOutcome) -> None:
        """Keep an outcome; only the ``OUTCOMES_KEPT`` most recently used are kept (each holds
        every finding of a scan, passes included)."""
        self._write(self._outcome_path(key), dumps(outcome))
        with contextlib.suppress(OSError):
            entries = sorted(os.scandir(os.path.join(self.root, OUTCOMES)),
                             key=lambda e: e.stat().st_mtime_ns, reverse=True)
            for entry in entries[OUTCOMES_KEPT:]:
                os.unlink(entry.path)
