"""## What
Flags an `aws_db_instance` or `aws_rds_cluster` whose `storage_encrypted` is not `true` (unset or
`false`). Aurora clusters (`engine` starting with `aurora`) are held to the same rule:
provisioned clusters, Aurora Serverless v2 included, default to unencrypted, so an unset value
says nothing reliable and we require it explicitly. The exception is an `aws_rds_cluster` with
`engine_mode = "serverless"` (Aurora Serverless v1): AWS always encrypts its storage, so it
PASSES whatever `storage_encrypted` says. A value that cannot be resolved (a variable without a
value, an unresolved `engine_mode` on a cluster that does not set `storage_encrypted = true`)
is UNKNOWN.

## Why
Unencrypted database storage, its snapshots, automated backups and read replicas can be read by
anyone who obtains the underlying volumes or a shared snapshot. Encryption can only be chosen at
creation: turning it on later means a snapshot copy and a restore into a new instance.

## Fail example
```hcl
resource "aws_rds_cluster" "db" {
  engine = "aurora-postgresql"
  # storage_encrypted unset
}
```

## Fix
Set `storage_encrypted = true` (optionally with `kms_key_id` for a customer-managed key). For an
existing database, copy a snapshot with encryption enabled and restore from it.

## References
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#storage_encrypted
- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html
- https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html
- https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless.html (Aurora
  Serverless v1 clusters are always encrypted)
- Related: CKV_AWS_16 (instances) and CKV_AWS_96 (clusters) judge the same attribute; like
  CKV_AWS_96, ours passes `engine_mode = "serverless"` clusters.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    DB_CLUSTER_KINDS,
    Context,
    Resource,
    Result,
    Unknown,
    is_aurora,
    passed,
    policy,
    require_true,
    truthy,
    unknown,
)


def _serverless_v1(resource: Resource) -> Result | None:
    """PASS for an Aurora Serverless v1 cluster, UNKNOWN when its engine mode is unresolved."""
    mode = resource.get("engine_mode")
    if isinstance(mode, Unknown):
        return unknown(f"engine_mode is not known ({mode.reason or 'unresolved'}) and "
                       "storage_encrypted is not true", at="engine_mode")
    if isinstance(mode, str) and mode.strip().lower() == "serverless":
        return passed('Aurora Serverless v1 (engine_mode = "serverless") is always encrypted '
                      "at rest", at="engine_mode")
    return None


@policy(
    id="PC-AWS-070",
    title="Database storage not encrypted",
    severity="critical",
    sources=("tf", "plan", "aws"),
    kinds=("aws_db_instance", *DB_CLUSTER_KINDS),
    checklist="data-protection/data-encryption-at-rest-enabled",
    related=("CKV_AWS_16", "CKV_AWS_96"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    if resource.kind in DB_CLUSTER_KINDS and truthy(resource.get("storage_encrypted")) is not True:
        serverless = _serverless_v1(resource)
        if serverless is not None:
            yield serverless
            return
    message = "storage_encrypted is not true: the database storage is not encrypted at rest"
    if resource.get("storage_encrypted") is None and is_aurora(resource) is True:
        message = (
            "storage_encrypted is not set on this Aurora cluster: whether AWS encrypts it "
            "depends on the engine mode; set storage_encrypted = true explicitly"
        )
    yield require_true(resource, "storage_encrypted", message)
