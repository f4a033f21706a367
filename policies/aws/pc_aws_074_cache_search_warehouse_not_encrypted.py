"""## What
Flags data stores whose encryption at rest is not `true` (unset or `false`):
`aws_elasticache_replication_group` (`at_rest_encryption_enabled`), `aws_redshift_cluster`
(`encrypted`), `aws_opensearch_domain` and `aws_elasticsearch_domain`
(`encrypt_at_rest { enabled = true }`). UNKNOWN when the value cannot be resolved.

## Why
Caches, search indexes and warehouses hold copies of production data; unencrypted, their disks,
snapshots and backups are readable by whoever obtains them. For ElastiCache and OpenSearch,
encryption at rest can only be chosen at creation.

## Fail example
```hcl
resource "aws_opensearch_domain" "search" {
  domain_name = "search"
  encrypt_at_rest {
    enabled = false
  }
}
```

## Fix
Enable encryption at rest: `at_rest_encryption_enabled = true` (ElastiCache),
`encrypted = true` (Redshift), `encrypt_at_rest { enabled = true }` (OpenSearch/Elasticsearch),
optionally with a customer-managed KMS key.

## References
- https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html
- https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html
- https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html
- Related: CKV_AWS_29 (ElastiCache), CKV_AWS_64 (Redshift), CKV_AWS_5 (Elasticsearch/OpenSearch)
  judge the same attributes.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, policy, require_true

ENCRYPTION_FLAG = {
    "aws_elasticache_replication_group": "at_rest_encryption_enabled",
    "aws_redshift_cluster": "encrypted",
    "aws_opensearch_domain": "encrypt_at_rest.0.enabled",
    "aws_elasticsearch_domain": "encrypt_at_rest.0.enabled",
}


@policy(
    id="PC-AWS-074",
    title="Cache / search / warehouse not encrypted at rest",
    severity="high",
    sources=("tf", "plan", "aws"),
    kinds=tuple(ENCRYPTION_FLAG),
    checklist="data-protection/data-encryption-at-rest-enabled",
    related=("CKV_AWS_29", "CKV_AWS_64", "CKV_AWS_5"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    path = ENCRYPTION_FLAG[resource.kind]
    yield require_true(resource, path, f"{path} is not true: data is not encrypted at rest")
