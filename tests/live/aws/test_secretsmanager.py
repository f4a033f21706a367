"""secretsmanager: secret metadata and rotation (PC-AWS-064); values are never read."""

from __future__ import annotations

import json
from typing import Any

import pytest

from policycheck.live.aws.services import secretsmanager
from policycheck.model import Reference, Verdict
from tests.live.aws.audit import audit, verdicts
from tests.live.aws.conftest import Moto
from tests.live.aws.recorded import SCOPE, by_kind, judge, recorded

ROTATED = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf"
STATIC = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api-GhIjKl"
PAUSED = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/old-MnOpQr"


def _raw() -> dict[str, Any]:
    lambda_arn = "arn:aws:lambda:us-east-1:123456789012:function:rotate"
    return recorded("secretsmanager", "ListSecrets", {"SecretList": [
        {"ARN": ROTATED, "Name": "prod/db", "KmsKeyId": "alias/secrets", "RotationEnabled": True,
         "RotationLambdaARN": lambda_arn, "RotationRules": {"AutomaticallyAfterDays": 30},
         "Tags": [{"Key": "app", "Value": "shop"}], "CreatedDate": "2024-01-01T00:00:00Z"},
        {"ARN": STATIC, "Name": "prod/api", "RotationEnabled": False},
        {"ARN": PAUSED, "Name": "prod/old", "RotationEnabled": False, "RotationLambdaARN": lambda_arn}]})


def test_secrets_and_rotations() -> None:
    found = secretsmanager.normalise(_raw(), SCOPE)
    secret = next(r for r in by_kind(found, "aws_secretsmanager_secret") if r.address == ROTATED)
    assert (secret.get("id"), secret.get("name"), secret.get("kms_key_id")) == (ROTATED, "prod/db", "alias/secrets")
    assert secret.get("tags") == {"app": "shop"}
    rotations = {r.get("id"): r for r in by_kind(found, "aws_secretsmanager_secret_rotation")}
    assert set(rotations) == {ROTATED, PAUSED}
    assert rotations[ROTATED].get("secret_id") == Reference(ROTATED) and ROTATED in rotations[ROTATED].references
    assert rotations[ROTATED].get("rotation_rules.0.automatically_after_days") == 30
    assert rotations[PAUSED].get("rotation_enabled") is False
    verdicts = judge(found, "PC-AWS-064")
    assert verdicts == {("PC-AWS-064", ROTATED): Verdict.PASS, ("PC-AWS-064", STATIC): Verdict.FAIL,
                        ("PC-AWS-064", PAUSED): Verdict.FAIL}


def test_secret_values_are_never_read() -> None:
    assert all("Value" not in operation for operation in secretsmanager.ACTIONS)
    assert "secretsmanager:GetSecretValue" not in secretsmanager.ACTIONS.values()


@pytest.mark.slow
def test_against_moto(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    client = moto.client("secretsmanager")
    plain = client.create_secret(Name="prod/api", SecretString="s3cr3t-value-never-read")["ARN"]
    code, report = audit(capsys, "secretsmanager", "--select", "PC-AWS-064", "--fail-on", "medium")
    assert verdicts(report) == {("PC-AWS-064", plain): "fail"}
    assert "s3cr3t" not in json.dumps(report)
    assert code == 1
