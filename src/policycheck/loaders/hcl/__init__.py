"""HCL parsing for the Terraform loader: ``.tf`` (two backends) and ``.tf.json``."""

from policycheck.loaders.hcl.parser import PARSERS, parse_hcl
from policycheck.loaders.hcl.shape import ParsedHcl, strip_metadata
from policycheck.loaders.hcl.tfjson import parse_tf_json

__all__ = ["PARSERS", "ParsedHcl", "parse_hcl", "parse_tf_json", "strip_metadata"]
