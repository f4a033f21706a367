"""The Terraform loader's units of work: one per component (root modules with every local
module they call, found by a quick scan for ``source = "./..."``; roots that share a module
share a component), with every path whose content or existence decides its result
(``None`` for a component that calls a file function such as ``file("policy.json")``: its
reads are known only once it is evaluated)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from policycheck.loaders.base import Resolver, SourceFile, Unit, is_directory

_LOCAL_SOURCE = re.compile(rb'source"?\s*[=:]\s*"(\.\.?/[^"\n]*)"')
"""``source = "./x"`` (HCL) or ``"source": "./x"`` (JSON); a literal start keeps the search fast,
and :func:`_local_calls` checks that ``source`` starts a word."""
_TFVARS = (".tfvars", ".tfvars.json")
_FILE_FUNCTION = re.compile(rb"\b(?:file|fileexists|filebase64|templatefile|fileset)\s*\(")


class _Components:
    """Union-find over module directories."""

    def __init__(self) -> None:
        self.parent: dict[Path, Path] = {}

    def find(self, item: Path) -> Path:
        root = self.parent.setdefault(item, item)
        while root != self.parent[root]:
            root = self.parent[root]
        while item != root:
            item, self.parent[item] = self.parent[item], root
        return root

    def union(self, a: Path, b: Path) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def terraform_units(files: Sequence[SourceFile], inputs: bool = True) -> list[Unit]:
    """One unit per component: directories linked by local module calls, in either
    direction, load together; components are ordered by their first file in ``files``.
    Without ``inputs`` (only a cache needs them) every unit's inputs are ``None``."""
    resolver = Resolver()
    where = {source: resolver.file(source.path).parent for source in files}
    scanned: dict[Path, list[SourceFile]] = {}
    for source in files:
        scanned.setdefault(where[source], []).append(source)
    components = _Components()
    module_files: dict[Path, list[Path]] = {}
    callees: dict[Path, set[Path]] = {}
    reading: set[Path] = set()
    pending = list(scanned)
    while pending:
        directory = pending.pop()
        components.find(directory)
        paths = [s.path for s in scanned[directory]] if directory in scanned else _tf_files(directory)
        module_files[directory] = paths
        for target in _local_calls(paths, directory, reading):
            callee = resolver.directory(directory / target)
            callees.setdefault(directory, set()).add(callee)
            components.union(directory, callee)
            if callee not in module_files and callee not in scanned and is_directory(callee):
                module_files[callee] = []
                pending.append(callee)
    members: dict[Path, list[Path]] = {}
    for directory in module_files:
        members.setdefault(components.find(directory), []).append(directory)
    order = {source: index for index, source in enumerate(files)}
    units: dict[Path, Unit] = {}
    for source in files:
        root = components.find(where[source])
        if root not in units:
            directories = sorted(members[root])
            unit_files = tuple(sorted((f for d in directories if d in scanned for f in scanned[d]),
                                      key=order.__getitem__))
            known = inputs and not reading.intersection(directories)
            units[root] = Unit("terraform", unit_files, _terraform_inputs(
                directories, scanned, module_files, callees) if known else None)
    return list(units.values())


def _terraform_inputs(directories: Iterable[Path], scanned: dict[Path, list[SourceFile]],
                      module_files: dict[Path, list[Path]], callees: dict[Path, set[Path]],
                      ) -> tuple[Path, ...]:
    """Module files, called directories (their existence counts), and for directories that
    may be roots their variable files and ``terraform init`` modules."""
    found: list[Path] = []
    for directory in directories:
        found.extend(module_files[directory])
        found.extend(sorted(callees.get(directory, ())))
        if directory in scanned:
            found.extend(_root_extras(directory))
    return tuple(found)


def _root_extras(directory: Path) -> Iterator[Path]:
    yield from sorted(p for p in directory.iterdir() if p.name.endswith(_TFVARS))
    modules = directory / ".terraform" / "modules"
    if modules.is_dir():
        yield modules / "modules.json"
        yield from sorted(p for p in modules.rglob("*") if p.name.endswith((".tf", ".tf.json")))


def _tf_files(directory: Path) -> list[Path]:
    """The files the Terraform loader reads from a called directory outside the scan."""
    return sorted(directory.glob("*.tf")) + sorted(directory.glob("*.tf.json"))


def _local_calls(paths: Iterable[Path], directory: Path, reading: set[Path]) -> Iterator[str]:
    """Every ``source = "./..."`` or ``"../..."`` value in the files (a superset of the local
    module calls: a match outside a module block only joins two components); ``directory``
    joins ``reading`` when a file calls a file function."""
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if b"file" in data and _FILE_FUNCTION.search(data):
            reading.add(directory)
        if b"source" in data:
            for match in _LOCAL_SOURCE.finditer(data):
                before = data[match.start() - 1 : match.start()]
                if not (before.isalnum() or before == b"_"):
                    yield match.group(1).decode("utf-8", "replace")
