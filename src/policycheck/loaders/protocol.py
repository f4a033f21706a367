"""The one interface every loader implements, and its per-file implementation.

Scheduling asks every loader of :data:`policycheck.loaders.LOADERS` first to ``claim`` the
discovered files it reads instead of a more general loader (a plan is a ``.json`` the
Kubernetes loader would otherwise read; a rendered Kustomize overlay replaces its raw
manifests), then for its ``units``. Units load in any order and any process (``load`` must be
a pure function of its files, their inputs and the options); merged in schedule order they give
one deterministic :class:`~policycheck.loaders.base.LoadResult`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from policycheck.loaders.base import LoadOptions, LoadResult, SourceFile, Unit
from policycheck.loaders.discovery import Discovered


class Loader(Protocol):
    """A loader: ``name`` is its key in the table and in each of its units."""

    @property
    def name(self) -> str: ...

    def claim(self, found: Discovered) -> None:
        """Take the files this loader reads out of the lists of other loaders in ``found``."""

    def units(self, found: Discovered, inputs: bool = True) -> list[Unit]:
        """This loader's units of work in ``found``, in the order their results merge; without
        ``inputs`` (only a cache needs them), a unit's inputs may be left ``None``."""
        ...

    def load(self, files: Sequence[SourceFile], options: LoadOptions) -> LoadResult:
        """The resources of one unit's ``files``."""
        ...


Load = Callable[[Sequence[SourceFile], LoadOptions], LoadResult]


def own_path(source: SourceFile) -> tuple[Path, ...] | None:
    """The inputs of a file that depends on nothing else."""
    return (source.path,)


@dataclass(frozen=True, slots=True)
class FileLoader:
    """A loader that reads each of its discovered files on its own, claiming nothing."""

    name: str
    files: Callable[[Discovered], Sequence[SourceFile]]
    load_files: Load
    inputs: Callable[[SourceFile], tuple[Path, ...] | None] = own_path

    def claim(self, found: Discovered) -> None:
        return None

    def units(self, found: Discovered, inputs: bool = True) -> list[Unit]:
        return [Unit(self.name, (f,), self.inputs(f) if inputs else None) for f in self.files(found)]

    def load(self, files: Sequence[SourceFile], options: LoadOptions) -> LoadResult:
        return self.load_files(files, options)
