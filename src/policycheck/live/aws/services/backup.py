"""AWS Backup: backup vaults (``aws_backup_vault``) of one region.

``kms_key_arn`` is the vault's ``EncryptionKeyArn`` as the provider's state shows it (AWS sets
the AWS-managed ``aws/backup`` key when none was chosen; PC-AWS-077 tells it from a customer key
through the ``aws_kms_alias`` resources the kms collector reads).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "backup"
GLOBAL = False
ACTIONS = {"ListBackupVaults": "backup:ListBackupVaults"}
KINDS = ("aws_backup_vault",)


def collect(api: ServiceApi) -> dict[str, Any]:
    return {"vaults": api.paginate("ListBackupVaults", "BackupVaultList")}


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    found = []
    for vault in raw.get("vaults", []):
        name = vault["BackupVaultName"]
        arn = vault.get("BackupVaultArn") or scope.arn("backup", f"backup-vault:{name}")
        found.append(scope.resource("aws_backup_vault", arn, {
            "id": name, "arn": arn, "name": name, "kms_key_arn": vault.get("EncryptionKeyArn", ""),
            "recovery_points": vault.get("NumberOfRecoveryPoints", 0), "force_destroy": False,
            "tags": {}, "tags_all": {}}))
    return found
