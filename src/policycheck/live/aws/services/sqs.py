"""SQS queues and their encryption attributes.

Calls per region: paginated ListQueues, then GetQueueAttributes per queue (no call reads the
attributes of several queues). Tags are not read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.live.aws.shape import resource
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "sqs"
GLOBAL = False
ACTIONS = {"ListQueues": "sqs:ListQueues", "GetQueueAttributes": "sqs:GetQueueAttributes"}
KINDS = ("aws_sqs_queue",)
NUMBERS = {
    "VisibilityTimeout": "visibility_timeout_seconds", "MessageRetentionPeriod": "message_retention_seconds",
    "DelaySeconds": "delay_seconds", "MaximumMessageSize": "max_message_size",
    "ReceiveMessageWaitTimeSeconds": "receive_wait_time_seconds",
    "KmsDataKeyReusePeriodSeconds": "kms_data_key_reuse_period_seconds",
}


def collect(api: ServiceApi) -> dict[str, Any]:
    urls = api.paginate("ListQueues", "QueueUrls")
    attributes = api.map(lambda url: api.call("GetQueueAttributes", QueueUrl=url, AttributeNames=["All"])
                         .get("Attributes", {}), urls)
    return {"Queues": dict(zip(urls, attributes, strict=True))}


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    return [_queue(url, attributes, scope) for url, attributes in sorted(raw.get("Queues", {}).items())]


def _flag(value: object) -> bool:
    return str(value).lower() == "true"


def _queue(url: str, values: dict[str, str], scope: Scope) -> Resource:
    name = url.rstrip("/").rsplit("/", 1)[-1]
    arn = values.get("QueueArn") or scope.arn("sqs", name)
    attributes: dict[str, Any] = {
        "id": url, "url": url, "arn": arn, "name": name,
        "kms_master_key_id": values.get("KmsMasterKeyId", ""),
        "sqs_managed_sse_enabled": _flag(values.get("SqsManagedSseEnabled")),
        "fifo_queue": _flag(values.get("FifoQueue")),
        "content_based_deduplication": _flag(values.get("ContentBasedDeduplication")),
        "policy": values.get("Policy", ""), "redrive_policy": values.get("RedrivePolicy", ""),
    }
    attributes |= {tf: int(values[name]) for name, tf in NUMBERS.items() if name in values}
    return resource(scope, "aws_sqs_queue", arn, attributes)
