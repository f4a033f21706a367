"""The loaders, by name: the one table scheduling and loading go through.

Each entry implements :class:`policycheck.loaders.protocol.Loader`. The table's order is the
order in which units are scheduled and their results merge (Terraform, rendered Kustomize
overlays and Helm charts, manifests, Dockerfiles, requirement files, plans).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from policycheck.loaders.base import LoadOptions, LoadResult, SourceFile, Unit
from policycheck.loaders.discovery import Discovered
from policycheck.loaders.k8s.loader import HELM, KUBERNETES, KUSTOMIZE
from policycheck.loaders.plan.loader import PLAN
from policycheck.loaders.protocol import FileLoader, Loader
from policycheck.loaders.terraform import TERRAFORM

_INCLUDE = re.compile(rb"(^|\s)(-r|--requirement)\b", re.M)


def _requirement_inputs(source: SourceFile) -> tuple[Path, ...] | None:
    """A requirement file alone, unless it includes others (those are not followed here)."""
    try:
        data = source.path.read_bytes()
    except OSError:
        return (source.path,)
    return None if _INCLUDE.search(data) else (source.path,)


# Imported on first use, like the Terraform evaluator: a scan pays only for what it reads.
def _load_dockerfiles(files: Sequence[SourceFile], options: LoadOptions) -> LoadResult:
    from policycheck.loaders import dockerfile

    return dockerfile.load(files, options)


def _load_requirements(files: Sequence[SourceFile], options: LoadOptions) -> LoadResult:
    from policycheck.loaders import requirements

    return requirements.load(files, options)


DOCKERFILE = FileLoader("dockerfile", lambda found: found.dockerfiles, _load_dockerfiles)
REQUIREMENTS = FileLoader("requirements", lambda found: found.requirements, _load_requirements,
                          inputs=_requirement_inputs)

LOADERS: Mapping[str, Loader] = {
    loader.name: loader
    for loader in (TERRAFORM, KUSTOMIZE, HELM, KUBERNETES, DOCKERFILE, REQUIREMENTS, PLAN)
}


def schedule(found: Discovered, inputs: bool = True) -> list[Unit]:
    """The units of ``found`` in the order their results merge: every loader claims its files
    first, then lists its units (with their ``inputs``, which only a cache needs)."""
    return units_of(claim(found), LOADERS, inputs)


def claim(found: Discovered) -> Discovered:
    """A copy of ``found`` after every loader claimed its files from the others."""
    claimed = replace(found)
    for loader in LOADERS.values():
        loader.claim(claimed)
    return claimed


def units_of(claimed: Discovered, names: Collection[str], inputs: bool = True) -> list[Unit]:
    """The units of the loaders ``names`` in ``claimed`` (see :func:`claim`), in table order."""
    return [unit for name, loader in LOADERS.items() if name in names
            for unit in loader.units(claimed, inputs)]
