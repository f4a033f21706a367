"""Terraform HCL and JSON configuration, evaluated into located resources."""

from __future__ import annotations

from collections.abc import Sequence

from policycheck.loaders.base import LoadOptions, LoadResult, SourceFile, Unit
from policycheck.loaders.discovery import Discovered
from policycheck.loaders.terraform.loader import load
from policycheck.loaders.terraform.units import terraform_units

__all__ = ["TERRAFORM", "TerraformLoader", "load"]


class TerraformLoader:
    """One unit per component of the discovered ``.tf``/``.tf.json`` files."""

    name = "terraform"

    def claim(self, found: Discovered) -> None:
        return None

    def units(self, found: Discovered) -> list[Unit]:
        return terraform_units(found.terraform)

    def load(self, files: Sequence[SourceFile], options: LoadOptions) -> LoadResult:
        return load(files, options)


TERRAFORM = TerraformLoader()
