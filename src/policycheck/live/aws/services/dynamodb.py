"""DynamoDB tables with point-in-time recovery.

Calls per region: paginated ListTables, then per table DescribeTable and
DescribeContinuousBackups (neither takes several tables). Tags are not read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.live.aws.shape import resource
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "dynamodb"
GLOBAL = False
ACTIONS = {
    "ListTables": "dynamodb:ListTables",
    "DescribeTable": "dynamodb:DescribeTable",
    "DescribeContinuousBackups": "dynamodb:DescribeContinuousBackups",
}
KINDS = ("aws_dynamodb_table",)


def collect(api: ServiceApi) -> dict[str, Any]:
    names = api.paginate("ListTables", "TableNames")
    tables = api.map(lambda name: api.call("DescribeTable", TableName=name)["Table"], names)
    backups = api.map(lambda name: api.call("DescribeContinuousBackups", TableName=name).get(
        "ContinuousBackupsDescription", {}), names)
    return {"Tables": tables, "ContinuousBackups": dict(zip(names, backups, strict=True))}


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    backups = raw.get("ContinuousBackups", {})
    return [_table(t, backups.get(t["TableName"], {}), scope) for t in raw.get("Tables", [])]


def _key(table: dict[str, Any], kind: str) -> str:
    return next((k["AttributeName"] for k in table.get("KeySchema", []) if k.get("KeyType") == kind), "")


def _table(table: dict[str, Any], backups: dict[str, Any], scope: Scope) -> Resource:
    name = table["TableName"]
    recovery = backups.get("PointInTimeRecoveryDescription") or {}
    sse = table.get("SSEDescription") or {}
    stream = table.get("StreamSpecification") or {}
    throughput = table.get("ProvisionedThroughput") or {}
    billing = (table.get("BillingModeSummary") or {}).get("BillingMode", "PROVISIONED")
    attributes = {
        "id": name, "name": name, "arn": table.get("TableArn"),
        "hash_key": _key(table, "HASH"), "range_key": _key(table, "RANGE"),
        "billing_mode": billing,
        "read_capacity": throughput.get("ReadCapacityUnits", 0),
        "write_capacity": throughput.get("WriteCapacityUnits", 0),
        "attribute": [{"name": a["AttributeName"], "type": a["AttributeType"]}
                      for a in table.get("AttributeDefinitions", [])],
        "point_in_time_recovery": [{
            "enabled": recovery.get("PointInTimeRecoveryStatus") == "ENABLED",
            "recovery_period_in_days": recovery.get("RecoveryPeriodInDays", 0)}],
        "server_side_encryption": [{"enabled": True, "kms_key_arn": sse.get("KMSMasterKeyArn", "")}]
        if sse.get("Status") in ("ENABLED", "ENABLING", "UPDATING") else [],
        "stream_enabled": bool(stream.get("StreamEnabled", False)),
        "stream_view_type": stream.get("StreamViewType", ""), "stream_arn": table.get("LatestStreamArn", ""),
        "deletion_protection_enabled": bool(table.get("DeletionProtectionEnabled", False)),
        "table_class": (table.get("TableClassSummary") or {}).get("TableClass", "STANDARD"),
    }
    return resource(scope, "aws_dynamodb_table", str(table.get("TableArn")), attributes)
