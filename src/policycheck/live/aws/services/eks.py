"""EKS clusters: secrets encryption, control-plane logging, API endpoint access.

Calls per region: paginated ListClusters, then DescribeCluster per cluster (there is no batch
call); DescribeCluster carries the tags.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.live.aws.shape import iso, resource, security_group_refs, tag_map, with_tags
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "eks"
GLOBAL = False
ACTIONS = {"ListClusters": "eks:ListClusters", "DescribeCluster": "eks:DescribeCluster"}
KINDS = ("aws_eks_cluster",)


def collect(api: ServiceApi) -> dict[str, Any]:
    return {"clusters": api.map(lambda name: api.call("DescribeCluster", name=name)["cluster"],
                                api.paginate("ListClusters", "clusters"))}


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    return [_cluster(c, scope) for c in raw.get("clusters", [])]


def _cluster(cluster: dict[str, Any], scope: Scope) -> Resource:
    vpc = cluster.get("resourcesVpcConfig") or {}
    logging = (cluster.get("logging") or {}).get("clusterLogging", [])
    network = cluster.get("kubernetesNetworkConfig") or {}
    attributes = {
        "id": cluster["name"], "name": cluster["name"], "arn": cluster["arn"],
        "version": cluster.get("version"), "role_arn": cluster.get("roleArn"),
        "endpoint": cluster.get("endpoint", ""), "platform_version": cluster.get("platformVersion", ""),
        "status": cluster.get("status"), "created_at": iso(cluster.get("createdAt")),
        "enabled_cluster_log_types": sorted({t for entry in logging if entry.get("enabled")
                                             for t in entry.get("types", [])}),
        "encryption_config": [{"resources": list(c.get("resources", [])),
                               "provider": [{"key_arn": (c.get("provider") or {}).get("keyArn", "")}]}
                              for c in cluster.get("encryptionConfig", [])],
        "vpc_config": [{
            "subnet_ids": sorted(vpc.get("subnetIds", [])),
            "security_group_ids": security_group_refs(scope, sorted(vpc.get("securityGroupIds", []))),
            "cluster_security_group_id": vpc.get("clusterSecurityGroupId", ""),
            "vpc_id": vpc.get("vpcId", ""),
            "endpoint_public_access": bool(vpc.get("endpointPublicAccess", True)),
            "endpoint_private_access": bool(vpc.get("endpointPrivateAccess", False)),
            "public_access_cidrs": sorted(vpc.get("publicAccessCidrs", [])),
        }],
        "kubernetes_network_config": [{"service_ipv4_cidr": network.get("serviceIpv4Cidr", ""),
                                       "ip_family": network.get("ipFamily", "")}] if network else [],
    }
    return resource(scope, "aws_eks_cluster", cluster["arn"],
                         with_tags(attributes, tag_map(cluster.get("tags"))))
