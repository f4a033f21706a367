"""Terraform HCL and JSON configuration, evaluated into located resources.

Importing the package is cheap: the evaluator (and the HCL parsers under it) is imported on
the first :func:`load`, so a scan without Terraform files never pays for it.
"""

from __future__ import annotations

from collections.abc import Sequence

from policycheck.loaders.base import LoadOptions, LoadResult, SourceFile, Unit
from policycheck.loaders.discovery import Discovered
from policycheck.loaders.terraform.units import terraform_units

__all__ = ["TERRAFORM", "TerraformLoader", "load"]


def load(files: Sequence[SourceFile], options: LoadOptions) -> LoadResult:
    """The resources of the Terraform ``files`` (see :mod:`.loader`)."""
    from policycheck.loaders.terraform import loader

    return loader.load(files, options)


class TerraformLoader:
    """One unit per component of the discovered ``.tf``/``.tf.json`` files."""

    name = "terraform"

    def claim(self, found: Discovered) -> None:
        return None

    def units(self, found: Discovered, inputs: bool = True) -> list[Unit]:
        return terraform_units(found.terraform, inputs)

    def load(self, files: Sequence[SourceFile], options: LoadOptions) -> LoadResult:
        return load(files, options)


TERRAFORM = TerraformLoader()
