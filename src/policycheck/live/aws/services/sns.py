"""SNS topics and their encryption. Calls per region: paginated ListTopics, then
GetTopicAttributes per topic (no call reads several topics). Tags are not read."""

from __future__ import annotations

from typing import Any

from policycheck.live.aws.tfshape import Api, Where, live_resource
from policycheck.model import Resource

SERVICE = "sns"
GLOBAL = False
ACTIONS = {"ListTopics": "sns:ListTopics", "GetTopicAttributes": "sns:GetTopicAttributes"}
KINDS = ("aws_sns_topic",)


def collect(api: Api) -> dict[str, Any]:
    arns = [t["TopicArn"] for t in api.paginate("ListTopics", "Topics")]
    return {"Topics": {arn: api.call("GetTopicAttributes", TopicArn=arn).get("Attributes", {})
                       for arn in arns}}


def normalise(raw: dict[str, Any], scope: Where) -> list[Resource]:
    return [_topic(arn, values, scope) for arn, values in sorted(raw.get("Topics", {}).items())]


def _topic(arn: str, values: dict[str, str], scope: Where) -> Resource:
    attributes = {
        "id": arn, "arn": arn, "name": arn.rsplit(":", 1)[-1],
        "display_name": values.get("DisplayName", ""), "kms_master_key_id": values.get("KmsMasterKeyId", ""),
        "policy": values.get("Policy", ""), "owner": values.get("Owner", scope.account),
        "fifo_topic": str(values.get("FifoTopic")).lower() == "true",
        "signature_version": int(values["SignatureVersion"]) if values.get("SignatureVersion") else 0,
        "tracing_config": values.get("TracingConfig", ""),
    }
    return live_resource(scope, "aws_sns_topic", arn, attributes)
