"""Source mapping: the ``.tf`` block each plan address comes from.

The Terraform root is loaded with the Terraform loader, whose addresses are Terraform's. An
instance whose keys the loader could not expand (an unknown ``count``) is found by its
configuration address. The mapped resource's location, attribute lines and suppressions
(including those on enclosing module calls) apply to the plan resource.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from policycheck.loaders.base import LoadOptions, LoadResult, SourceFile
from policycheck.loaders.plan.addresses import strip_keys
from policycheck.model import Resource

TERRAFORM_SUFFIXES = (".tf", ".tf.json")


def terraform_files(directory: Path, display: str) -> list[SourceFile]:
    """The ``.tf``/``.tf.json`` files of a root module directory."""
    try:
        names = sorted(p.name for p in directory.iterdir()
                       if p.is_file() and p.name.endswith(TERRAFORM_SUFFIXES))
    except OSError:
        return []
    return [SourceFile(directory / name, posixpath.join(display, name) if display not in ("", ".")
                       else name) for name in names]


class SourceMap:
    """The Terraform resources of one root, by address and by configuration address."""

    def __init__(self, loaded: LoadResult) -> None:
        self.loaded = loaded
        self.by_address: dict[str, Resource] = {}
        self.by_config: dict[str, Resource] = {}
        for resource in loaded.resources:
            self.by_address.setdefault(resource.address, resource)
            self.by_config.setdefault(strip_keys(resource.address), resource)

    @classmethod
    def load(cls, directory: Path, display: str, options: LoadOptions) -> SourceMap | None:
        """The map of the root in ``directory``, or ``None`` when it has no Terraform files."""
        from policycheck.loaders import terraform

        files = terraform_files(directory, display)
        return cls(terraform.load(files, options)) if files else None

    def locate(self, address: str) -> Resource | None:
        return self.by_address.get(address) or self.by_config.get(strip_keys(address))
