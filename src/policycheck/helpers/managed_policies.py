"""Attachments of AWS-managed policies: which ARNs a role, user or group is given.

An ARN is a literal string, a :class:`Reference` (to a customer-managed ``aws_iam_policy``: not
an AWS-managed policy), or an :class:`Unknown`. The Terraform loader evaluates
``data.aws_iam_policy.<name>.arn`` to ``Unknown("data.aws_iam_policy.<name>.arn is known only
after apply")``; such a value is read from the data source's ``arn`` or ``name`` argument.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from policycheck.helpers.links import values_of
from policycheck.model import Resource, ResourceGraph, Result, Unknown, Verdict

ATTACHMENT_PATHS: Mapping[str, str] = {
    "aws_iam_role_policy_attachment": "policy_arn",
    "aws_iam_user_policy_attachment": "policy_arn",
    "aws_iam_group_policy_attachment": "policy_arn",
    "aws_iam_policy_attachment": "policy_arn",
    "aws_iam_role_policy_attachments_exclusive": "policy_arns",
    "aws_iam_role": "managed_policy_arns",
}
"""Kind -> the attribute holding the ARN (or list of ARNs) of the policies it attaches."""

ATTACHMENT_KINDS = tuple(k for k in ATTACHMENT_PATHS if k != "aws_iam_role")
POLICY_DATA_SOURCE = "data.aws_iam_policy"
ADMINISTRATOR_ACCESS = "AdministratorAccess"
_AWS_MANAGED = re.compile(r"arn:aws(?:-cn|-us-gov)?:iam::aws:policy/(?P<name>.+)")


def aws_managed_name(arn: str) -> str | None:
    """The name of an AWS-managed policy ARN in any partition (``AdministratorAccess`` for
    ``arn:aws-cn:iam::aws:policy/AdministratorAccess``), else ``None``."""
    match = _AWS_MANAGED.fullmatch(arn.strip())
    return match.group("name").rsplit("/", 1)[-1] if match else None


def _from_data_source(value: Unknown, like: Resource, graph: ResourceGraph) -> object:
    """What ``data.aws_iam_policy.<name>.arn`` names: the data source's literal ``arn``, or the
    AWS-managed ARN of its ``name``; ``value`` itself when it is not such a reference."""
    for address in sorted(like.references):
        if POLICY_DATA_SOURCE in address and value.reason.startswith(f"{address}.arn "):
            source = graph.get(address, like.source)
            if source is None:
                return value
            arn, name = source.get("arn"), source.get("name")
            if isinstance(arn, str):
                return arn
            if isinstance(name, str):
                return f"arn:aws:iam::aws:policy/{name}"
            return arn if isinstance(arn, Unknown) else name if isinstance(name, Unknown) \
                else value
    return value


def judge_managed(resource: Resource, graph: ResourceGraph, names: frozenset[str],
                  why: str) -> Iterator[Result]:
    """FAIL when ``resource`` attaches an AWS-managed policy named in ``names`` (the message
    says ``why``), UNKNOWN when an attached ARN cannot be resolved, PASS otherwise; nothing when
    the kind attaches no policies or (``aws_iam_role``) sets no ``managed_policy_arns``."""
    path = ATTACHMENT_PATHS.get(resource.kind)
    if path is None:
        return
    raw = resource.get(path)
    if raw is None and resource.kind == "aws_iam_role":
        return
    undecided: list[str] = []
    for item in values_of(raw):
        if isinstance(item, Unknown):
            item = _from_data_source(item, resource, graph)
        if isinstance(item, Unknown):
            undecided.append(item.reason or "unresolved")
        elif isinstance(item, str) and aws_managed_name(item) in names:
            yield Result(Verdict.FAIL, f"{path} attaches the AWS-managed policy {item}: {why}",
                         path)
            return
    if undecided:
        yield Result(Verdict.UNKNOWN, f"{path}: cannot tell which policies are attached: "
                     f"{'; '.join(undecided)}", path)
    else:
        yield Result(Verdict.PASS, f"{path} attaches no {' or '.join(sorted(names))} policy",
                     path)
