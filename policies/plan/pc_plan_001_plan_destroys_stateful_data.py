"""## What
Flags a planned `delete` or replacement (`delete` then `create`, or `create` then `delete`) of a
resource that holds data: RDS instances and clusters, DocumentDB and Neptune clusters, S3
buckets, EBS volumes, EFS file systems, DynamoDB tables, KMS keys, CloudWatch log groups,
ElastiCache clusters and replication groups, MemoryDB clusters, Redshift clusters and
OpenSearch/Elasticsearch domains. Deletions are judged on the object as it is before the plan,
replacements on the planned object; the finding's message starts with the action and, for a
replacement, the attributes that force it (`[replace: engine]`). Every other action passes.
Aurora cluster instances (`aws_rds_cluster_instance`) are not listed: their data lives in the
cluster.

## Why
Destroying a data store loses its data unless a snapshot or backup was taken and restored; a
replacement looks like an update in a long plan (a renamed bucket, a changed `identifier` or
`engine`, an edited `availability_zone`) yet starts the new object empty. Rolling back a
destroyed database means restoring from backup, with downtime and data loss since the last one.

## Fail example
```json
{"address": "aws_db_instance.main", "type": "aws_db_instance", "name": "main",
 "change": {"actions": ["delete", "create"], "replace_paths": [["identifier"]]}}
```

## Fix
Make sure the destruction is intended: restore the old `identifier`/name, use a `moved` block
for a renamed resource, or add `lifecycle { prevent_destroy = true }`; when it is intended,
take a final snapshot first and suppress the finding on the resource with the reason.

## References
- https://developer.hashicorp.com/terraform/internals/json-format#change-representation
- https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#prevent_destroy
- https://developer.hashicorp.com/terraform/language/moved
- Related: no checkov rule judges plan actions; PC-AWS-081 (deletion protection) and PC-AWS-082
  (final snapshot) make an unintended deletion recoverable.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, fail, passed, policy

STATEFUL_KINDS = (
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_docdb_cluster",
    "aws_neptune_cluster",
    "aws_s3_bucket",
    "aws_ebs_volume",
    "aws_efs_file_system",
    "aws_dynamodb_table",
    "aws_kms_key",
    "aws_cloudwatch_log_group",
    "aws_elasticache_cluster",
    "aws_elasticache_replication_group",
    "aws_memorydb_cluster",
    "aws_redshift_cluster",
    "aws_opensearch_domain",
    "aws_elasticsearch_domain",
)
DESTROYING = {"delete": "destroys", "replace": "destroys and recreates"}


@policy(
    id="PC-PLAN-001",
    title="Plan destroys stateful data",
    severity="critical",
    sources="plan",
    kinds=STATEFUL_KINDS,
    checklist=("database-setup/database-migrations-tested",
               "operational-documentation/rollback-procedure-documented"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    verb = DESTROYING.get(resource.change or "")
    if verb is None:
        yield passed(f"the plan does not destroy {resource.address} ({resource.change})")
    else:
        yield fail(f"the plan {verb} {resource.address}: the data it holds is lost unless it "
                   "is backed up and restored")
