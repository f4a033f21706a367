"""OpenSearch domains: encryption at rest, VPC placement and its security groups.

Calls per region: ListDomainNames (one call, not paginated) and DescribeDomains in batches of
5 names (its limit). Tags are not read (one call per domain; no policy reads them).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.live.aws.shape import chunks, resource, security_group_refs
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "opensearch"
GLOBAL = False
ACTIONS = {"ListDomainNames": "es:ListDomainNames", "DescribeDomains": "es:DescribeDomains"}
KINDS = ("aws_opensearch_domain",)
BATCH = 5


def collect(api: ServiceApi) -> dict[str, Any]:
    names = [d["DomainName"] for d in api.call("ListDomainNames").get("DomainNames", [])]
    batches = api.map(lambda batch: api.call("DescribeDomains", DomainNames=batch).get("DomainStatusList", []),
                      chunks(names, BATCH))
    return {"DomainStatusList": [status for batch in batches for status in batch]}


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    return [_domain(d, scope) for d in raw.get("DomainStatusList", []) if not d.get("Deleted")]


def _policy(value: object) -> str:
    if isinstance(value, str) and value:
        try:
            return json.dumps(json.loads(value), separators=(",", ":"))
        except ValueError:
            return value
    return ""


def _domain(domain: dict[str, Any], scope: Scope) -> Resource:
    arn = domain["ARN"]
    at_rest = domain.get("EncryptionAtRestOptions") or {}
    vpc = domain.get("VPCOptions")
    endpoint_options = domain.get("DomainEndpointOptions") or {}
    cluster = domain.get("ClusterConfig") or {}
    ebs = domain.get("EBSOptions") or {}
    attributes = {
        "id": arn, "arn": arn, "domain_name": domain.get("DomainName"), "domain_id": domain.get("DomainId"),
        "engine_version": domain.get("EngineVersion"),
        "endpoint": domain.get("Endpoint") or (domain.get("Endpoints") or {}).get("vpc", ""),
        "encrypt_at_rest": [{"enabled": bool(at_rest.get("Enabled", False)),
                             "kms_key_id": at_rest.get("KmsKeyId", "")}],
        "node_to_node_encryption": [{"enabled": bool((domain.get("NodeToNodeEncryptionOptions") or {})
                                                     .get("Enabled", False))}],
        "vpc_options": [{"vpc_id": vpc.get("VPCId", ""), "subnet_ids": list(vpc.get("SubnetIds", [])),
                         "availability_zones": list(vpc.get("AvailabilityZones", [])),
                         "security_group_ids": security_group_refs(scope, vpc.get("SecurityGroupIds", []))}]
        if vpc else [],
        "domain_endpoint_options": [{"enforce_https": bool(endpoint_options.get("EnforceHTTPS", False)),
                                     "tls_security_policy": endpoint_options.get("TLSSecurityPolicy", "")}],
        "cluster_config": [{"instance_type": cluster.get("InstanceType"),
                            "instance_count": cluster.get("InstanceCount"),
                            "dedicated_master_enabled": bool(cluster.get("DedicatedMasterEnabled", False)),
                            "zone_awareness_enabled": bool(cluster.get("ZoneAwarenessEnabled", False))}],
        "ebs_options": [{"ebs_enabled": bool(ebs.get("EBSEnabled", False)),
                         "volume_size": ebs.get("VolumeSize", 0), "volume_type": ebs.get("VolumeType", "")}],
        "log_publishing_options": [
            {"log_type": kind, "cloudwatch_log_group_arn": option.get("CloudWatchLogsLogGroupArn", ""),
             "enabled": bool(option.get("Enabled", False))}
            for kind, option in sorted((domain.get("LogPublishingOptions") or {}).items())],
        "access_policies": _policy(domain.get("AccessPolicies")),
    }
    return resource(scope, "aws_opensearch_domain", arn, attributes)
