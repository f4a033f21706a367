"""KMS: customer-managed keys with their rotation status (``aws_kms_key``), and the aliases
(``aws_kms_alias``) that point at a key.

AWS-managed keys (``KeyManager = AWS``: ``aws/s3``, ``aws/rds``...) stay in the raw data, marked
``"aws_managed": true``, but are not normalised: nobody can configure them, so no policy judges
them and drift never counts them as unmanaged. Their aliases (``alias/aws/...``, a prefix AWS
reserves) are emitted: they tell a policy that a key ARN is AWS-managed (PC-AWS-077); drift must
treat ``alias/aws/`` aliases as AWS defaults.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "kms"
GLOBAL = False
ACTIONS = {
    "ListKeys": "kms:ListKeys",
    "DescribeKey": "kms:DescribeKey",
    "GetKeyRotationStatus": "kms:GetKeyRotationStatus",
    "ListAliases": "kms:ListAliases",
}
KINDS = ("aws_kms_key", "aws_kms_alias")
ROTATION_ABSENT = ("KMSInvalidStateException", "UnsupportedOperationException", "NotFoundException")
"""Keys pending deletion or import, and asymmetric/HMAC keys, have no rotation status."""


def collect(api: ServiceApi) -> dict[str, Any]:
    """ListKeys, then each key's metadata and rotation (KMS has no batch call for either)."""
    def read(listed: dict[str, Any]) -> dict[str, Any]:
        metadata = api.call("DescribeKey", KeyId=listed["KeyId"])["KeyMetadata"]
        key: dict[str, Any] = {"metadata": metadata, "aws_managed": metadata.get("KeyManager") == "AWS"}
        if not key["aws_managed"] and metadata.get("KeySpec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT":
            key["rotation"] = api.optional("GetKeyRotationStatus", absent=ROTATION_ABSENT, KeyId=metadata["KeyId"])
        return key

    return {"keys": api.map(read, api.paginate("ListKeys", "Keys")),
            "aliases": api.paginate("ListAliases", "Aliases")}


def _aliases(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    found = []
    for alias in raw.get("aliases", []):
        if not alias.get("TargetKeyId"):
            continue  # an AWS-managed alias whose key AWS has not created yet
        name = alias["AliasName"]
        arn = alias.get("AliasArn") or scope.arn("kms", name)
        key = scope.arn("kms", f"key/{alias['TargetKeyId']}")
        found.append(scope.resource("aws_kms_alias", arn, {
            "id": name, "arn": arn, "name": name, "target_key_id": alias["TargetKeyId"],
            "target_key_arn": key}))
    return found


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    return [*_keys(raw, scope), *_aliases(raw, scope)]


def _keys(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    found = []
    for key in raw.get("keys", []):
        meta = key["metadata"]
        if key.get("aws_managed") or meta.get("KeyState") == "PendingDeletion":
            continue
        rotation = key.get("rotation") or {}
        spec = meta.get("KeySpec") or meta.get("CustomerMasterKeySpec") or "SYMMETRIC_DEFAULT"
        arn = meta.get("Arn") or scope.arn("kms", f"key/{meta['KeyId']}")
        found.append(scope.resource("aws_kms_key", arn, {
            "id": meta["KeyId"], "key_id": meta["KeyId"], "arn": arn,
            "description": meta.get("Description", ""),
            "key_usage": meta.get("KeyUsage", "ENCRYPT_DECRYPT"),
            "customer_master_key_spec": spec,
            "is_enabled": meta.get("Enabled", meta.get("KeyState") == "Enabled"),
            "multi_region": bool(meta.get("MultiRegion", False)),
            "enable_key_rotation": bool(rotation.get("KeyRotationEnabled", False)),
            "rotation_period_in_days": rotation.get("RotationPeriodInDays", 0),
            "tags": {}, "tags_all": {}}))
    return found
