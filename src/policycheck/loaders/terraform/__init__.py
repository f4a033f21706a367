"""Terraform HCL and JSON configuration, evaluated into located resources."""

from policycheck.loaders.terraform.loader import load

__all__ = ["load"]
