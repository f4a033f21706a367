"""The public API for policy authors. Built-in policies import only from here.

A policy is a function decorated with :func:`policy` that yields :class:`Result` values made
with :func:`fail`, :func:`passed` or :func:`unknown`::

    from policycheck.api import Context, Resource, policy, require

    @policy(id="PC-ACME-001", title="Bucket has a cost-center tag", severity="low",
            sources=("tf", "plan", "aws"), kinds="aws_s3_bucket")
    def check(resource: Resource, ctx: Context):
        yield require(resource, "tags.cost-center", "the bucket has no cost-center tag")

The helpers the built-in policies share are re-exported here: attribute readers
(:func:`truthy`, :func:`forbid_flag`, :func:`require_minimum`), network arithmetic
(:func:`is_public_cidr`, :func:`port_range`), IAM documents (:func:`policy_documents`,
:func:`allows`), per-container iteration (:func:`iter_containers`, :func:`ecs_containers`),
Dockerfile instructions (:func:`final_instructions`) and reference lookup (:func:`designates`,
:func:`referring`, :func:`find_by_identifier`, ``ctx.graph.resolve``).
"""

from __future__ import annotations

from policycheck.engine.policy import Context, Policy, fail, passed, policy, unknown
from policycheck.helpers.attributes import forbid_flag, is_set, number, require_minimum
from policycheck.helpers.docker import (
    ImageRef,
    final_instructions,
    final_stage,
    instruction_path,
    parse_image,
    stage_path,
)
from policycheck.helpers.ecs import Container as EcsContainer
from policycheck.helpers.ecs import containers as ecs_containers
from policycheck.helpers.iam import (
    PolicyDocument,
    Statement,
    allowed_on_all_resources,
    allows,
    on_all_resources,
    policy_documents,
    read_document,
)
from policycheck.helpers.kubernetes import Container, check_containers, iter_containers
from policycheck.helpers.links import Referring, designates, find_by_identifier, referring, values_of
from policycheck.helpers.network import PortRange, describe_ports, is_public_cidr, port_range
from policycheck.helpers.values import is_true, require_true, truthy
from policycheck.model import (
    Location,
    Reference,
    Resource,
    ResourceGraph,
    Result,
    Severity,
    Unknown,
    UnknownValueError,
    Verdict,
    is_unknown,
)


def require(resource: Resource, path: str, message: str) -> Result:
    """PASS when ``path`` is set to a non-empty value, FAIL with ``message`` when it is not."""
    value = resource.get(path)
    if isinstance(value, Unknown):
        return unknown(f"{path} is not known ({value.reason or 'unresolved'})", at=path)
    if value in (None, "", [], {}):
        return fail(message, at=path)
    return passed(at=path)


__all__ = [
    "Container",
    "Context",
    "EcsContainer",
    "ImageRef",
    "Location",
    "Policy",
    "PolicyDocument",
    "PortRange",
    "Reference",
    "Referring",
    "Resource",
    "ResourceGraph",
    "Result",
    "Severity",
    "Statement",
    "Unknown",
    "UnknownValueError",
    "Verdict",
    "allowed_on_all_resources",
    "allows",
    "check_containers",
    "describe_ports",
    "designates",
    "ecs_containers",
    "fail",
    "final_instructions",
    "final_stage",
    "find_by_identifier",
    "forbid_flag",
    "instruction_path",
    "is_public_cidr",
    "is_set",
    "is_true",
    "is_unknown",
    "iter_containers",
    "number",
    "on_all_resources",
    "parse_image",
    "passed",
    "policy",
    "policy_documents",
    "port_range",
    "read_document",
    "referring",
    "require",
    "require_minimum",
    "require_true",
    "stage_path",
    "truthy",
    "unknown",
    "values_of",
]
