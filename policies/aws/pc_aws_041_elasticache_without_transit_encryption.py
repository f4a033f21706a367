"""## What
Flags an `aws_elasticache_replication_group` whose `transit_encryption_enabled` is not `true`
(unset or `false`). UNKNOWN when the value cannot be resolved.

## Why
Without in-transit encryption, Redis/Valkey traffic between clients and nodes, including AUTH
tokens and cached data, crosses the network in clear text.

## Fail example
```hcl
resource "aws_elasticache_replication_group" "cache" {
  replication_group_id = "cache"
  description          = "app cache"
}
```

## Fix
Set `transit_encryption_enabled = true` (with `auth_token` or RBAC user groups) and connect
with TLS. On engines before Redis 7 this replaces the replication group.

## References
- https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group#transit_encryption_enabled
- Related: CKV_AWS_30 judges the same attribute.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, policy, require_true


@policy(
    id="PC-AWS-041",
    title="ElastiCache without encryption in transit",
    severity="high",
    sources=("tf", "plan", "aws"),
    kinds="aws_elasticache_replication_group",
    checklist="data-protection/data-encryption-transit-enforced",
    related=("CKV_AWS_30",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield require_true(resource, "transit_encryption_enabled",
                       "transit_encryption_enabled is not true: client traffic is not encrypted")
