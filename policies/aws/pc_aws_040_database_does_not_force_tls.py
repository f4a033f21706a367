"""## What
Flags an `aws_db_instance` or `aws_rds_cluster` whose parameter group does not force TLS:
PostgreSQL engines (`postgres`, `aurora-postgresql`) need `rds.force_ssl = 1`, MySQL engines
(`mysql`, `mariadb`, `aurora-mysql`, `aurora`) need `require_secure_transport = ON` (or `1`).
The group is found through `parameter_group_name` (instances) or
`db_cluster_parameter_group_name` (clusters): a reference to an `aws_db_parameter_group` /
`aws_rds_cluster_parameter_group`, or a literal matched against the `name` of the groups in the
scan. An unset group name or one starting with `default.` is an AWS default group and FAILs,
whatever the engine version's default (RDS for PostgreSQL 15+ defaults `rds.force_ssl` to 1,
but nothing in the configuration shows or pins it). UNKNOWN when the engine, the group or the
parameter value cannot be resolved, or a literal group name matches no group in the scan.
Other engines (Oracle, SQL Server, Db2) pass as not covered. Cluster instances
(`aws_rds_cluster_instance`) are judged through their cluster.

## Why
Without a server-side requirement, clients that do not ask for TLS (a driver default, a
misconfigured `sslmode`) send credentials and data in clear text inside the VPC.

## Fail example
```hcl
resource "aws_db_instance" "db" {
  engine = "postgres"
  # parameter_group_name unset: the default group does not pin rds.force_ssl
}
```

## Fix
Give the database its own parameter group that sets `rds.force_ssl = 1` (PostgreSQL) or
`require_secure_transport = ON` (MySQL/MariaDB) and point `parameter_group_name`
(`db_cluster_parameter_group_name` for clusters) at it.

## References
- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html
- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.html
- https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Security.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_parameter_group
- Related: PC-SEC-004 judges the client side (connection strings requesting TLS).
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, Unknown, fail, passed, policy, unknown
from policycheck.helpers import databases

REQUIRED = {
    databases.POSTGRES: ("rds.force_ssl", ("1",)),
    databases.MYSQL: ("require_secure_transport", ("on", "1")),
}


@policy(
    id="PC-AWS-040",
    title="Database does not force TLS connections",
    severity="high",
    sources=("tf", "plan", "aws"),
    kinds=("aws_db_instance", *databases.DB_CLUSTER_KINDS),
    reads=databases.PARAMETER_GROUP_KINDS,
    checklist="security-configuration/database-connections-ssl",
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    family = databases.engine_family(resource)
    if isinstance(family, Unknown):
        yield unknown(f"the engine is not known ({family.reason})", at="engine")
        return
    if family not in REQUIRED:
        yield passed(f"engine {resource.get('engine')!r} is not covered", at="engine")
        return
    name, accepted = REQUIRED[family]
    link = databases.parameter_group(resource, ctx.graph)
    if link.unknown is not None:
        yield unknown(f"the parameter group is not known ({link.unknown.reason})", at=link.path)
        return
    if link.group is None:
        group = f"the default parameter group {link.name!r}" if link.name else (
            f"the default parameter group ({link.path} is unset)")
        yield fail(f"the database uses {group}, which does not pin {name}; use a parameter "
                   f"group that sets {name} = {accepted[0].upper()}", at=link.path)
        return
    value, at = databases.parameter(link.group, name)
    where = link.group.location_of(at)
    if isinstance(value, Unknown):
        yield unknown(f"{name} in {link.group.address} is not known ({value.reason})",
                      location=where)
    elif value is not None and str(value).strip().lower() in accepted:
        yield passed(f"{link.group.address} sets {name} = {value}", location=where)
    else:
        shown = "does not set it" if value is None else f"sets it to {value!r}"
        yield fail(f"{link.group.address} {shown}: {name} must be {accepted[0].upper()} to "
                   "refuse connections without TLS", location=where)
