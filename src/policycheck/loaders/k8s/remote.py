"""Remote references in Kustomize overlays and Helm charts, found before rendering: policycheck
never fetches (a scanned repository is untrusted, and a scan makes no network call), so an
overlay or chart that needs something from the network is refused with an error entry.

Kustomize: ``resources``, ``bases``, ``components`` entries that are URLs or ``host/path``
repository references (``github.com/org/repo//dir?ref=v1``), ``helmCharts`` (inflating them
downloads the chart), and local entries that resolve outside the scan roots; local bases are
followed. Helm: ``dependencies`` (``Chart.yaml``, or ``requirements.yaml`` of apiVersion v1
charts) from a repository that are not vendored under ``charts/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from policycheck.loaders.confine import inside

KUSTOMIZATIONS = ("kustomization.yaml", "kustomization.yml", "Kustomization")
_LISTS = ("resources", "bases", "components")
_REMOTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*://|git@|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+(?::\d+)?/)")
_MAX_BASES = 200


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why an overlay or chart is not rendered: the file and line naming the reference."""

    file: Path
    line: int
    message: str


def _load(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # the renderer reports what it cannot read


def _line_of(path: Path, entry: str) -> int:
    try:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if entry in line:
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return 1


def is_remote(entry: str) -> bool:
    """A URL, ``git@host:...`` or ``host.tld/path`` (Kustomize's repository references)."""
    return bool(_REMOTE.match(entry.strip())) or "?ref=" in entry or "?version=" in entry


def _kustomization(directory: Path) -> Path | None:
    return next((directory / n for n in KUSTOMIZATIONS if (directory / n).is_file()), None)


def kustomize_refusals(directory: Path, roots: Sequence[Path]) -> list[Refusal]:
    """What ``kubectl kustomize directory`` would fetch or read from outside ``roots``."""
    return list(_walk_kustomization(directory, roots, set()))


def _walk_kustomization(directory: Path, roots: Sequence[Path], seen: set[Path]) -> Iterator[Refusal]:
    file = _kustomization(directory)
    if file is None or directory.resolve() in seen or len(seen) >= _MAX_BASES:
        return
    seen.add(directory.resolve())
    data = _load(file)
    if not isinstance(data, dict):
        return
    if data.get("helmCharts"):
        yield Refusal(file, _line_of(file, "helmCharts"), "helmCharts would download charts: "
                      "refused (policycheck never fetches); render the overlay yourself and "
                      "scan the output")
    for key in _LISTS:
        entries = data.get(key)
        for entry in entries if isinstance(entries, list) else ():
            if not isinstance(entry, str):
                continue
            if is_remote(entry):
                yield Refusal(file, _line_of(file, entry), f"remote {key} entry {entry!r} "
                              "refused: policycheck never fetches remote resources; vendor it "
                              "into the repository or scan the rendered output")
                continue
            target = directory / entry
            if not inside(target, roots):
                yield Refusal(file, _line_of(file, entry), f"{key} entry {entry!r} is outside "
                              "the scan root; not read")
            elif target.is_dir():
                yield from _walk_kustomization(target, roots, seen)


def helm_refusals(chart: Path, roots: Sequence[Path]) -> list[Refusal]:
    """The dependencies ``helm template chart`` would need fetched (not vendored in
    ``charts/``), or that point outside ``roots`` (``file://``)."""
    refusals: list[Refusal] = []
    for name in ("Chart.yaml", "requirements.yaml"):
        file = chart / name
        data = _load(file) if file.is_file() else None
        dependencies = data.get("dependencies") if isinstance(data, dict) else None
        for dependency in dependencies if isinstance(dependencies, list) else ():
            if isinstance(dependency, dict):
                refusal = _dependency_refusal(chart, file, dependency, roots)
                if refusal is not None:
                    refusals.append(refusal)
    return refusals


def _dependency_refusal(chart: Path, file: Path, dependency: dict[str, Any],
                        roots: Sequence[Path]) -> Refusal | None:
    name = str(dependency.get("name", ""))
    repository = str(dependency.get("repository", "") or "")
    line = _line_of(file, f"name: {name}") if name else 1
    if repository.startswith("file://"):
        if not inside(chart / repository.removeprefix("file://"), roots):
            return Refusal(file, line, f"dependency {name!r} ({repository}) is outside the scan "
                           "root; not read")
        return None
    if _vendored(chart, name):
        return None
    return Refusal(file, line, f"dependency {name!r} from {repository or 'a repository'} is not "
                   "vendored under charts/: refused (policycheck never runs helm dependency "
                   "update or fetches charts); run `helm dependency build` and commit charts/")


def _vendored(chart: Path, name: str) -> bool:
    charts = chart / "charts"
    return bool(name) and ((charts / name).is_dir() or any(charts.glob(f"{name}-*.tgz")))
