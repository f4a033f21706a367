"""ElastiCache replication groups (encryption in transit and at rest, security groups) and the
clusters that belong to no replication group.

Calls per region: paginated DescribeReplicationGroups and DescribeCacheClusters (a replication
group's security groups, engine and port are its member clusters'). Tags are not read (one call
per resource; no policy reads them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.live.aws.shape import resource, security_group_refs
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "elasticache"
GLOBAL = False
ACTIONS = {
    "DescribeReplicationGroups": "elasticache:DescribeReplicationGroups",
    "DescribeCacheClusters": "elasticache:DescribeCacheClusters",
}
KINDS = ("aws_elasticache_replication_group", "aws_elasticache_cluster")


def collect(api: ServiceApi) -> dict[str, Any]:
    return {"ReplicationGroups": api.paginate("DescribeReplicationGroups", "ReplicationGroups"),
            "CacheClusters": api.paginate("DescribeCacheClusters", "CacheClusters")}


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    clusters = raw.get("CacheClusters", [])
    members: dict[str, list[dict[str, Any]]] = {}
    for cluster in clusters:
        if cluster.get("ReplicationGroupId"):
            members.setdefault(cluster["ReplicationGroupId"], []).append(cluster)
    found = [_replication_group(g, members.get(g["ReplicationGroupId"], []), scope)
             for g in raw.get("ReplicationGroups", [])]
    found += [_cluster(c, scope) for c in clusters if not c.get("ReplicationGroupId")]
    return found


def _groups(cluster: dict[str, Any]) -> list[str]:
    return [g["SecurityGroupId"] for g in cluster.get("SecurityGroups", []) if "SecurityGroupId" in g]


def _replication_group(group: dict[str, Any], members: list[dict[str, Any]], scope: Scope) -> Resource:
    ident = group["ReplicationGroupId"]
    address = group.get("ARN") or scope.arn(SERVICE, f"replicationgroup:{ident}")
    first = members[0] if members else {}
    security_groups = sorted({g for m in members for g in _groups(m)})
    attributes = {
        "id": ident, "replication_group_id": ident, "arn": address,
        "description": group.get("Description", ""), "engine": group.get("Engine", first.get("Engine", "redis")),
        "engine_version": first.get("EngineVersion"), "node_type": group.get("CacheNodeType"),
        "num_cache_clusters": len(group.get("MemberClusters", [])),
        "member_clusters": sorted(group.get("MemberClusters", [])),
        "automatic_failover_enabled": group.get("AutomaticFailover") in ("enabled", "enabling"),
        "multi_az_enabled": group.get("MultiAZ") == "enabled",
        "cluster_mode": "enabled" if group.get("ClusterEnabled") else "disabled",
        "transit_encryption_enabled": bool(group.get("TransitEncryptionEnabled", False)),
        "at_rest_encryption_enabled": bool(group.get("AtRestEncryptionEnabled", False)),
        "kms_key_id": group.get("KmsKeyId", ""),
        "snapshot_retention_limit": group.get("SnapshotRetentionLimit", 0),
        "security_group_ids": security_group_refs(scope, security_groups),
        "subnet_group_name": first.get("CacheSubnetGroupName", ""),
        "parameter_group_name": (first.get("CacheParameterGroup") or {}).get("CacheParameterGroupName", ""),
    }
    return resource(scope, "aws_elasticache_replication_group", address, attributes)


def _cluster(cluster: dict[str, Any], scope: Scope) -> Resource:
    ident = cluster["CacheClusterId"]
    address = cluster.get("ARN") or scope.arn(SERVICE, f"cluster:{ident}")
    attributes = {
        "id": ident, "cluster_id": ident, "arn": address, "engine": cluster.get("Engine"),
        "engine_version": cluster.get("EngineVersion"), "node_type": cluster.get("CacheNodeType"),
        "num_cache_nodes": cluster.get("NumCacheNodes"),
        "availability_zone": cluster.get("PreferredAvailabilityZone", ""),
        "security_group_ids": security_group_refs(scope, _groups(cluster)),
        "subnet_group_name": cluster.get("CacheSubnetGroupName", ""),
        "parameter_group_name": (cluster.get("CacheParameterGroup") or {}).get("CacheParameterGroupName", ""),
        "transit_encryption_enabled": bool(cluster.get("TransitEncryptionEnabled", False)),
        "snapshot_retention_limit": cluster.get("SnapshotRetentionLimit", 0),
    }
    return resource(scope, "aws_elasticache_cluster", address, attributes)
