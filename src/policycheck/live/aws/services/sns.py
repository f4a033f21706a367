"""SNS topics and their encryption. Calls per region: paginated ListTopics, then
GetTopicAttributes per topic (no call reads several topics). Tags are not read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.live.aws.shape import resource
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "sns"
GLOBAL = False
ACTIONS = {"ListTopics": "sns:ListTopics", "GetTopicAttributes": "sns:GetTopicAttributes"}
KINDS = ("aws_sns_topic",)


def collect(api: ServiceApi) -> dict[str, Any]:
    arns = [t["TopicArn"] for t in api.paginate("ListTopics", "Topics")]
    attributes = api.map(lambda arn: api.call("GetTopicAttributes", TopicArn=arn).get("Attributes", {}), arns)
    return {"Topics": dict(zip(arns, attributes, strict=True))}


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    return [_topic(arn, values, scope) for arn, values in sorted(raw.get("Topics", {}).items())]


def _topic(arn: str, values: dict[str, str], scope: Scope) -> Resource:
    attributes = {
        "id": arn, "arn": arn, "name": arn.rsplit(":", 1)[-1],
        "display_name": values.get("DisplayName", ""), "kms_master_key_id": values.get("KmsMasterKeyId", ""),
        "policy": values.get("Policy", ""), "owner": values.get("Owner", scope.account),
        "fifo_topic": str(values.get("FifoTopic")).lower() == "true",
        "signature_version": int(values["SignatureVersion"]) if values.get("SignatureVersion") else 0,
        "tracing_config": values.get("TracingConfig", ""),
    }
    return resource(scope, "aws_sns_topic", arn, attributes)
