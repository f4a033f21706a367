"""dynamodb: tables with DescribeContinuousBackups' point-in-time recovery (PC-AWS-083)."""

from __future__ import annotations

from typing import Any

import pytest

from policycheck.live.aws.services import dynamodb
from policycheck.model import Verdict
from tests.live.aws.audit import audit, verdicts
from tests.live.aws.conftest import Moto
from tests.live.aws.recorded import SCOPE, judge, recorded

ORDERS = "arn:aws:dynamodb:us-east-1:123456789012:table/orders"
CARTS = "arn:aws:dynamodb:us-east-1:123456789012:table/carts"


def _table(name: str, arn: str) -> dict[str, Any]:
    return recorded("dynamodb", "DescribeTable", {"Table": {
        "TableName": name, "TableArn": arn, "TableStatus": "ACTIVE",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "sk", "AttributeType": "S"}],
        "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"},
        "SSEDescription": {"Status": "ENABLED", "SSEType": "KMS",
                           "KMSMasterKeyArn": "arn:aws:kms:us-east-1:123456789012:key/k"}}})["Table"]


def _backups(status: str) -> dict[str, Any]:
    return recorded("dynamodb", "DescribeContinuousBackups", {"ContinuousBackupsDescription": {
        "ContinuousBackupsStatus": "ENABLED",
        "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": status}}})["ContinuousBackupsDescription"]


def test_tables_carry_point_in_time_recovery() -> None:
    raw = {"Tables": [_table("orders", ORDERS), _table("carts", CARTS)],
           "ContinuousBackups": {"orders": _backups("ENABLED"), "carts": _backups("DISABLED")}}
    orders, carts = dynamodb.normalise(raw, SCOPE)
    assert (orders.address, orders.get("id"), orders.get("hash_key"), orders.get("range_key")) == (
        ORDERS, "orders", "pk", "sk")
    assert orders.get("billing_mode") == "PAY_PER_REQUEST"
    assert orders.get("server_side_encryption") == [
        {"enabled": True, "kms_key_arn": "arn:aws:kms:us-east-1:123456789012:key/k"}]
    assert orders.get("point_in_time_recovery.0.enabled") is True
    assert judge([orders, carts], "PC-AWS-083") == {("PC-AWS-083", ORDERS): Verdict.PASS,
                                                    ("PC-AWS-083", CARTS): Verdict.FAIL}


@pytest.mark.slow
def test_against_moto(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    client = moto.client("dynamodb")
    for name in ("orders", "carts"):
        client.create_table(TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                            BillingMode="PAY_PER_REQUEST")
    client.update_continuous_backups(TableName="orders", PointInTimeRecoverySpecification={
        "PointInTimeRecoveryEnabled": True})
    code, report = audit(capsys, "dynamodb", "--select", "PC-AWS-083", "--fail-on", "medium")
    assert verdicts(report) == {("PC-AWS-083", ORDERS): "pass", ("PC-AWS-083", CARTS): "fail"}
    assert code == 1
