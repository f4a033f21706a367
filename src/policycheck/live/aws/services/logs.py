"""CloudWatch Logs: log groups (``aws_cloudwatch_log_group``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "logs"
GLOBAL = False
ACTIONS = {"DescribeLogGroups": "logs:DescribeLogGroups"}
KINDS = ("aws_cloudwatch_log_group",)


def collect(api: ServiceApi) -> dict[str, Any]:
    return {"log_groups": api.paginate("DescribeLogGroups", "logGroups")}


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    found = []
    for group in raw.get("log_groups", []):
        name = group["logGroupName"]
        arn = str(group.get("arn") or scope.arn("logs", f"log-group:{name}")).removesuffix(":*")
        found.append(scope.resource("aws_cloudwatch_log_group", arn, {
            "id": name, "arn": arn, "name": name,
            "retention_in_days": group.get("retentionInDays", 0),
            "kms_key_id": group.get("kmsKeyId", ""),
            "log_group_class": group.get("logGroupClass", "STANDARD"),
            "skip_destroy": False, "tags": {}, "tags_all": {}}))
    return found
