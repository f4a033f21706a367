"""The shape of a service module, and the lookups the framework makes on the table of them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any

from policycheck.errors import UsageError

FRAMEWORK_ACTIONS = {
    "GetCallerIdentity": "sts:GetCallerIdentity",
    "AssumeRole": "sts:AssumeRole",
    "DescribeRegions": "ec2:DescribeRegions",
}
"""The calls the framework itself makes (``AssumeRole`` is granted by the role's trust policy and
the caller's own policy, not by the audit policy, so the printed policy leaves it out)."""


def actions(module: ModuleType) -> dict[str, Mapping[str, str]]:
    """``{client name: {operation: IAM action}}`` of a module (its own client and siblings)."""
    found: dict[str, Mapping[str, str]] = {module.SERVICE: module.ACTIONS}
    found.update(getattr(module, "CLIENT_ACTIONS", {}))
    return found


def kinds(modules: Sequence[ModuleType]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(kind for module in modules for kind in module.KINDS))


def select(table: Sequence[ModuleType], names: Sequence[str]) -> list[ModuleType]:
    """The modules named (``--services``), in table order; all of them when none is named."""
    by_name = {module.SERVICE: module for module in table}
    unknown = [name for name in names if name not in by_name]
    if unknown:
        raise UsageError(f"unknown AWS service {', '.join(unknown)}; choose from {', '.join(by_name)}")
    return [module for module in table if not names or module.SERVICE in names]


def iam_policy(table: Sequence[ModuleType], framework: Mapping[str, str]) -> dict[str, Any]:
    """The least-privilege IAM policy document that lets every module collect."""
    granted = {action for module in table for ops in actions(module).values() for action in ops.values()}
    granted.update(action for op, action in framework.items() if op != "AssumeRole")
    return {"Version": "2012-10-17", "Statement": [{
        "Sid": "PolicycheckReadOnlyAudit", "Effect": "Allow", "Action": sorted(granted), "Resource": "*"}]}
