"""elasticache: replication groups (encryption, security groups from the member clusters) and
standalone clusters (PC-AWS-041, PC-AWS-074, PC-AWS-021)."""

from __future__ import annotations

from typing import Any

import pytest

from policycheck.live.aws.services import elasticache
from policycheck.model import Reference, Verdict
from tests.live.aws.audit import audit, verdicts
from tests.live.aws.conftest import Moto
from tests.live.aws.recorded import SCOPE, by_kind, judge, open_security_group, recorded

GROUP = "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:sessions"
SOLO = "arn:aws:elasticache:us-east-1:123456789012:cluster:solo"


def _raw() -> dict[str, Any]:
    groups = recorded("elasticache", "DescribeReplicationGroups", {"ReplicationGroups": [
        {"ReplicationGroupId": "sessions", "Description": "sessions", "Status": "available",
         "MemberClusters": ["sessions-001", "sessions-002"], "AutomaticFailover": "enabled",
         "MultiAZ": "enabled", "ClusterEnabled": False, "CacheNodeType": "cache.t4g.small",
         "TransitEncryptionEnabled": False, "AtRestEncryptionEnabled": True, "ARN": GROUP,
         "SnapshotRetentionLimit": 5}]})
    member = {"CacheNodeType": "cache.t4g.small", "Engine": "redis", "EngineVersion": "7.1",
              "CacheClusterStatus": "available", "NumCacheNodes": 1, "ReplicationGroupId": "sessions",
              "CacheSubnetGroupName": "private",
              "SecurityGroups": [{"SecurityGroupId": "sg-cache", "Status": "active"}],
              "CacheParameterGroup": {"CacheParameterGroupName": "default.redis7"}}
    clusters = recorded("elasticache", "DescribeCacheClusters", {"CacheClusters": [
        {**member, "CacheClusterId": "sessions-001", "ARN": GROUP.replace("replicationgroup:sessions", "cluster:s1")},
        {**member, "CacheClusterId": "sessions-002", "ARN": GROUP.replace("replicationgroup:sessions", "cluster:s2")},
        {"CacheClusterId": "solo", "ARN": SOLO, "Engine": "memcached", "CacheNodeType": "cache.t4g.micro",
         "NumCacheNodes": 2, "SecurityGroups": [], "TransitEncryptionEnabled": True}]})
    return {"ReplicationGroups": groups["ReplicationGroups"], "CacheClusters": clusters["CacheClusters"]}


def test_replication_groups_take_security_groups_from_their_members() -> None:
    found = elasticache.normalise(_raw(), SCOPE)
    (group,) = by_kind(found, "aws_elasticache_replication_group")
    assert (group.address, group.get("id"), group.get("engine_version")) == (GROUP, "sessions", "7.1")
    assert group.get("num_cache_clusters") == 2 and group.get("automatic_failover_enabled") is True
    sg = "arn:aws:ec2:us-east-1:123456789012:security-group/sg-cache"
    assert group.get("security_group_ids") == [Reference(sg)] and sg in group.references
    (solo,) = by_kind(found, "aws_elasticache_cluster")  # members belong to their group
    assert (solo.address, solo.get("cluster_id"), solo.get("num_cache_nodes")) == (SOLO, "solo", 2)


def test_policies_judge_encryption_and_reachability() -> None:
    found = [*elasticache.normalise(_raw(), SCOPE), open_security_group("sg-cache", 6379)]
    verdicts = judge(found, "PC-AWS-041", "PC-AWS-074", "PC-AWS-021")
    assert verdicts[("PC-AWS-041", GROUP)] is Verdict.FAIL
    assert verdicts[("PC-AWS-074", GROUP)] is Verdict.PASS
    assert verdicts[("PC-AWS-021", GROUP)] is Verdict.FAIL  # sg-cache admits 0.0.0.0/0
    assert verdicts[("PC-AWS-021", SOLO)] is Verdict.PASS


@pytest.mark.slow
def test_against_moto(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    client = moto.client("elasticache")
    client.create_replication_group(ReplicationGroupId="sessions", ReplicationGroupDescription="sessions",
                                    Engine="redis", CacheNodeType="cache.t3.micro", NumCacheClusters=1,
                                    TransitEncryptionEnabled=False, AtRestEncryptionEnabled=True)
    client.create_cache_cluster(CacheClusterId="solo", Engine="memcached", CacheNodeType="cache.t3.micro",
                                NumCacheNodes=1)
    code, report = audit(capsys, "elasticache,ec2", "--select", "PC-AWS-041,PC-AWS-074,PC-AWS-021")
    group = "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:sessions"
    found = verdicts(report)
    assert found[("PC-AWS-041", group)] == "fail"
    assert found[("PC-AWS-074", group)] == "pass"
    assert found[("PC-AWS-021", "arn:aws:elasticache:us-east-1:123456789012:cluster:solo")] == "pass"
    assert code == 1
