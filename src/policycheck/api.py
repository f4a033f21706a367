"""The public API for policy authors. Built-in policies import only from here.

A policy is a function decorated with :func:`policy` that yields :class:`Result` values made
with :func:`fail`, :func:`passed` or :func:`unknown`::

    from policycheck.api import Context, Resource, policy, require

    @policy(id="PC-ACME-001", title="Bucket has a cost-center tag", severity="low",
            sources=("tf", "plan", "aws"), kinds="aws_s3_bucket")
    def check(resource: Resource, ctx: Context):
        yield require(resource, "tags.cost-center", "the bucket has no cost-center tag")
"""

from __future__ import annotations

from policycheck.engine.policy import Context, Policy, policy
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


def fail(
    message: str,
    *,
    at: str | None = None,
    severity: Severity | None = None,
    resource: Resource | None = None,
    location: Location | None = None,
) -> Result:
    """A failing verdict. ``at`` is the attribute path the finding points at; ``severity``
    overrides the policy's default for this finding; graph-scoped policies name the
    ``resource`` (or give a ``location``) the finding belongs to."""
    return Result(Verdict.FAIL, message, at, resource, location, severity)


def passed(
    message: str = "",
    *,
    at: str | None = None,
    resource: Resource | None = None,
    location: Location | None = None,
) -> Result:
    return Result(Verdict.PASS, message, at, resource, location)


def unknown(
    message: str,
    *,
    at: str | None = None,
    resource: Resource | None = None,
    location: Location | None = None,
) -> Result:
    """The verdict depends on a value that cannot be resolved; say which in ``message``."""
    return Result(Verdict.UNKNOWN, message, at, resource, location)


def require(resource: Resource, path: str, message: str) -> Result:
    """PASS when ``path`` is set to a non-empty value, FAIL with ``message`` when it is not."""
    value = resource.get(path)
    if isinstance(value, Unknown):
        return unknown(f"{path} is not known ({value.reason or 'unresolved'})", at=path)
    if value in (None, "", [], {}):
        return fail(message, at=path)
    return passed(at=path)


__all__ = [
    "Context",
    "Location",
    "Policy",
    "Reference",
    "Resource",
    "ResourceGraph",
    "Result",
    "Severity",
    "Unknown",
    "UnknownValueError",
    "Verdict",
    "fail",
    "is_true",
    "is_unknown",
    "passed",
    "policy",
    "require",
    "require_true",
    "truthy",
    "unknown",
]
