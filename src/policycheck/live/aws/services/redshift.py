"""Redshift clusters: encryption, public accessibility, security groups. One paginated
DescribeClusters per region (it carries the tags)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.live.aws.shape import resource, security_group_refs, tag_map, with_tags
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "redshift"
GLOBAL = False
ACTIONS = {"DescribeClusters": "redshift:DescribeClusters"}
KINDS = ("aws_redshift_cluster",)


def collect(api: ServiceApi) -> dict[str, Any]:
    return {"Clusters": api.paginate("DescribeClusters", "Clusters")}


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    return [_cluster(c, scope) for c in raw.get("Clusters", [])]


def _cluster(cluster: dict[str, Any], scope: Scope) -> Resource:
    ident = cluster["ClusterIdentifier"]
    address = scope.arn(SERVICE, f"cluster:{ident}")
    endpoint = cluster.get("Endpoint") or {}
    groups = [g["VpcSecurityGroupId"] for g in cluster.get("VpcSecurityGroups", []) if "VpcSecurityGroupId" in g]
    nodes = cluster.get("NumberOfNodes", 1)
    attributes = {
        "id": ident, "cluster_identifier": ident, "arn": address,
        "node_type": cluster.get("NodeType"), "number_of_nodes": nodes,
        "cluster_type": "single-node" if nodes == 1 else "multi-node",
        "database_name": cluster.get("DBName"), "master_username": cluster.get("MasterUsername"),
        "publicly_accessible": bool(cluster.get("PubliclyAccessible", False)),
        "encrypted": bool(cluster.get("Encrypted", False)), "kms_key_id": cluster.get("KmsKeyId", ""),
        "vpc_security_group_ids": security_group_refs(scope, groups),
        "cluster_subnet_group_name": cluster.get("ClusterSubnetGroupName", ""),
        "availability_zone": cluster.get("AvailabilityZone"),
        "automated_snapshot_retention_period": cluster.get("AutomatedSnapshotRetentionPeriod"),
        "enhanced_vpc_routing": bool(cluster.get("EnhancedVpcRouting", False)),
        "cluster_version": cluster.get("ClusterVersion"),
        "allow_version_upgrade": bool(cluster.get("AllowVersionUpgrade", True)),
        "dns_name": endpoint.get("Address"), "port": endpoint.get("Port"),
        "endpoint": f"{endpoint['Address']}:{endpoint.get('Port')}" if endpoint.get("Address") else "",
        "iam_roles": [r["IamRoleArn"] for r in cluster.get("IamRoles", []) if "IamRoleArn" in r],
        "cluster_parameter_group_name": next((g.get("ParameterGroupName") for g in
                                              cluster.get("ClusterParameterGroups", [])), ""),
    }
    return resource(scope, "aws_redshift_cluster", address,
                         with_tags(attributes, tag_map(cluster.get("Tags"))))
