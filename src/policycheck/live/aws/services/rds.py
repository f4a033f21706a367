"""RDS and Aurora: DB instances, clusters, and their custom parameter groups.

- ``aws_db_instance`` (``id`` is the ``DbiResourceId``, as AWS provider v5 sets it;
  ``identifier`` the instance name), or ``aws_rds_cluster_instance`` for a cluster member;
- ``aws_rds_cluster`` (``id`` is the cluster identifier);
- ``aws_db_parameter_group`` / ``aws_rds_cluster_parameter_group`` for custom groups, with the
  parameters set on them (``Source=user``: one call per group, no call per parameter) as
  ``parameter`` blocks. AWS default groups (``default.*``) are not read: the policies judge a
  default group by its name, and drift counts it as an AWS default.

Security groups are linked as references to their ARN (``vpc_security_group_ids``), parameter
groups by name, as the provider's state does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.live.aws.shape import group_arn, group_reference, tagged
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "rds"
GLOBAL = False
ACTIONS = {
    "DescribeDBInstances": "rds:DescribeDBInstances",
    "DescribeDBClusters": "rds:DescribeDBClusters",
    "DescribeDBParameterGroups": "rds:DescribeDBParameterGroups",
    "DescribeDBParameters": "rds:DescribeDBParameters",
    "DescribeDBClusterParameterGroups": "rds:DescribeDBClusterParameterGroups",
    "DescribeDBClusterParameters": "rds:DescribeDBClusterParameters",
}
KINDS = ("aws_db_instance", "aws_rds_cluster_instance", "aws_rds_cluster", "aws_db_parameter_group",
         "aws_rds_cluster_parameter_group")


def custom(name: str) -> bool:
    return not name.startswith("default.")


def with_parameters(api: ServiceApi, groups: list[dict[str, Any]], operation: str,
                    name_key: str) -> list[dict[str, Any]]:
    """The custom groups among ``groups``, each with the parameters set on it (``Source=user``)."""
    chosen = [g for g in groups if custom(g[name_key])]

    def parameters(group: dict[str, Any]) -> dict[str, Any]:
        return {**group, "Parameters": api.paginate(operation, "Parameters", **{name_key: group[name_key]},
                                                    Source="user")}

    return api.map(parameters, chosen)


def collect(api: ServiceApi) -> dict[str, Any]:
    """Instances, clusters, and the user-set parameters of each custom group (one call per group)."""
    groups = with_parameters(api, api.paginate("DescribeDBParameterGroups", "DBParameterGroups"),
                             "DescribeDBParameters", "DBParameterGroupName")
    cluster_groups = with_parameters(
        api, api.paginate("DescribeDBClusterParameterGroups", "DBClusterParameterGroups"),
        "DescribeDBClusterParameters", "DBClusterParameterGroupName")
    return {
        "instances": api.paginate("DescribeDBInstances", "DBInstances"),
        "clusters": api.paginate("DescribeDBClusters", "DBClusters"),
        "parameter_groups": groups,
        "cluster_parameter_groups": cluster_groups,
    }


def _security(item: dict[str, Any], scope: Scope) -> tuple[list[Any], list[str]]:
    ids = [str(g["VpcSecurityGroupId"]) for g in item.get("VpcSecurityGroups") or []]
    return [group_reference(scope, i) for i in ids], [group_arn(scope, i) for i in ids]


def _secret(item: dict[str, Any]) -> list[dict[str, Any]]:
    secret = item.get("MasterUserSecret")
    if not secret:
        return []
    return [{"secret_arn": secret.get("SecretArn", ""), "kms_key_id": secret.get("KmsKeyId", ""),
             "secret_status": secret.get("SecretStatus", "")}]


def _common(item: dict[str, Any], scope: Scope) -> tuple[dict[str, Any], list[str]]:
    groups, references = _security(item, scope)
    return {
        "engine": item.get("Engine", ""), "engine_version": item.get("EngineVersion", ""),
        "storage_encrypted": bool(item.get("StorageEncrypted", False)), "kms_key_id": item.get("KmsKeyId", ""),
        "backup_retention_period": item.get("BackupRetentionPeriod", 0),
        "deletion_protection": bool(item.get("DeletionProtection", False)),
        "iam_database_authentication_enabled": bool(item.get("IAMDatabaseAuthenticationEnabled", False)),
        "enabled_cloudwatch_logs_exports": list(item.get("EnabledCloudwatchLogsExports") or []),
        "vpc_security_group_ids": groups,
        "manage_master_user_password": bool(item.get("MasterUserSecret")),
        "master_user_secret": _secret(item),
        "copy_tags_to_snapshot": bool(item.get("CopyTagsToSnapshot", False)),
        **tagged(item, "TagList"),
    }, references


def _instances(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    found = []
    for db in raw.get("instances", []):
        common, references = _common(db, scope)
        identifier = db["DBInstanceIdentifier"]
        arn = db.get("DBInstanceArn") or scope.arn("rds", f"db:{identifier}")
        groups = db.get("DBParameterGroups") or [{}]
        endpoint = db.get("Endpoint") or {}
        attributes = {
            **common, "arn": arn, "identifier": identifier, "resource_id": db.get("DbiResourceId", ""),
            "instance_class": db.get("DBInstanceClass", ""),
            "publicly_accessible": bool(db.get("PubliclyAccessible", False)),
            "multi_az": bool(db.get("MultiAZ", False)),
            "monitoring_interval": db.get("MonitoringInterval", 0),
            "performance_insights_enabled": bool(db.get("PerformanceInsightsEnabled", False)),
            "auto_minor_version_upgrade": bool(db.get("AutoMinorVersionUpgrade", False)),
            "allocated_storage": db.get("AllocatedStorage", 0), "storage_type": db.get("StorageType", ""),
            "username": db.get("MasterUsername", ""), "port": endpoint.get("Port", db.get("DbInstancePort", 0)),
            "address": endpoint.get("Address", ""),
            "db_subnet_group_name": (db.get("DBSubnetGroup") or {}).get("DBSubnetGroupName", ""),
            "ca_cert_identifier": db.get("CACertificateIdentifier", ""),
        }
        if db.get("DBClusterIdentifier"):
            cluster = scope.arn("rds", f"cluster:{db['DBClusterIdentifier']}")
            found.append(scope.resource("aws_rds_cluster_instance", arn, {
                **attributes, "id": identifier, "cluster_identifier": db["DBClusterIdentifier"],
                "db_parameter_group_name": groups[0].get("DBParameterGroupName", "")},
                references=[*references, cluster]))
        else:
            found.append(scope.resource("aws_db_instance", arn, {
                **attributes, "id": db.get("DbiResourceId") or identifier, "db_name": db.get("DBName", ""),
                "parameter_group_name": groups[0].get("DBParameterGroupName", "")}, references=references))
    return found


def _clusters(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    found = []
    for cluster in raw.get("clusters", []):
        common, references = _common(cluster, scope)
        identifier = cluster["DBClusterIdentifier"]
        arn = cluster.get("DBClusterArn") or scope.arn("rds", f"cluster:{identifier}")
        found.append(scope.resource("aws_rds_cluster", arn, {
            **common, "id": identifier, "arn": arn, "cluster_identifier": identifier,
            "cluster_resource_id": cluster.get("DbClusterResourceId", ""),
            "engine_mode": cluster.get("EngineMode", "provisioned"),
            "db_cluster_parameter_group_name": cluster.get("DBClusterParameterGroup", ""),
            "master_username": cluster.get("MasterUsername", ""), "port": cluster.get("Port", 0),
            "endpoint": cluster.get("Endpoint", ""), "database_name": cluster.get("DatabaseName", ""),
            "cluster_members": [m["DBInstanceIdentifier"] for m in cluster.get("DBClusterMembers") or []]},
            references=references))
    return found


def _parameters(group: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(({"name": p["ParameterName"], "value": str(p.get("ParameterValue", "")),
                    "apply_method": str(p.get("ApplyMethod", "immediate")).lower()}
                   for p in group.get("Parameters") or [] if "ParameterValue" in p),
                  key=lambda p: p["name"])


def _parameter_groups(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    found = []
    for key, kind, name_key, arn_key, resource in (
            ("parameter_groups", "aws_db_parameter_group", "DBParameterGroupName", "DBParameterGroupArn", "pg"),
            ("cluster_parameter_groups", "aws_rds_cluster_parameter_group", "DBClusterParameterGroupName",
             "DBClusterParameterGroupArn", "cluster-pg")):
        for group in raw.get(key, []):
            name = group[name_key]
            arn = group.get(arn_key) or scope.arn("rds", f"{resource}:{name}")
            found.append(scope.resource(kind, arn, {
                "id": name, "arn": arn, "name": name, "family": group.get("DBParameterGroupFamily", ""),
                "description": group.get("Description", ""), "parameter": _parameters(group),
                "tags": {}, "tags_all": {}}))
    return found


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    return [*_instances(raw, scope), *_clusters(raw, scope), *_parameter_groups(raw, scope)]
