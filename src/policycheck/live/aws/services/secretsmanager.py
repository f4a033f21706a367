"""Secrets Manager secrets and their rotation. Never reads a secret's value: one paginated
ListSecrets per region returns the metadata (KMS key, rotation state and rules) of every
secret; GetSecretValue is neither called nor declared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.live.aws.shape import ref, resource, tag_map, with_tags
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "secretsmanager"
GLOBAL = False
ACTIONS = {"ListSecrets": "secretsmanager:ListSecrets"}
KINDS = ("aws_secretsmanager_secret", "aws_secretsmanager_secret_rotation")


def collect(api: ServiceApi) -> dict[str, Any]:
    return {"SecretList": api.paginate("ListSecrets", "SecretList")}


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    found: list[Resource] = []
    for secret in raw.get("SecretList", []):
        arn = secret["ARN"]
        attributes = {
            "id": arn, "arn": arn, "name": secret.get("Name"),
            "description": secret.get("Description", ""), "kms_key_id": secret.get("KmsKeyId", ""),
        }
        found.append(resource(scope, "aws_secretsmanager_secret", arn,
                                   with_tags(attributes, tag_map(secret.get("Tags")))))
        if secret.get("RotationEnabled") or secret.get("RotationLambdaARN"):
            found.append(_rotation(secret, scope))
    return found


def _rotation(secret: dict[str, Any], scope: Scope) -> Resource:
    arn = secret["ARN"]
    rules = secret.get("RotationRules") or {}
    attributes = {
        "id": arn, "secret_id": ref(arn), "rotation_enabled": bool(secret.get("RotationEnabled")),
        "rotation_lambda_arn": secret.get("RotationLambdaARN", ""),
        "rotation_rules": [{"automatically_after_days": rules.get("AutomaticallyAfterDays"),
                            "duration": rules.get("Duration", ""),
                            "schedule_expression": rules.get("ScheduleExpression", "")}] if rules else [],
    }
    name = arn.split(":secret:", 1)[-1]
    return resource(scope, "aws_secretsmanager_secret_rotation",
                         scope.synthetic_arn(SERVICE, "aws_secretsmanager_secret_rotation", name), attributes)
