"""## What
Flags a database (`aws_db_instance`, `aws_rds_cluster`, `aws_elasticache_replication_group`,
`aws_elasticache_cluster`, `aws_redshift_cluster`, and `aws_opensearch_domain` /
`aws_elasticsearch_domain` deployed in a VPC) one of whose security groups allows ingress from
the whole internet (`0.0.0.0/0`, `::/0`), on any protocol or port. The groups are those named by
`vpc_security_group_ids`, `security_group_ids` or `vpc_options.security_group_ids`, resolved
through the scan; their rules are the inline `ingress` blocks plus the
`aws_security_group_rule` and `aws_vpc_security_group_ingress_rule` resources attached to them.
One finding per open group, at the attribute that attaches it. UNKNOWN when no group is open
but a group cannot be resolved (a literal ID or data source not in the scan, a variable without
a value) or a rule's source CIDR is not known. A database without any security group uses the
VPC's default group and passes (PC-AWS-003 judges default groups).

## Why
A database whose security group admits the internet is one misconfiguration away from
exposure: making it publicly accessible, or routing its subnet to an internet gateway, is all
it takes. Database tiers should admit only the application's security groups.

## Fail example
```hcl
resource "aws_security_group" "db" {
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_db_instance" "main" {
  engine                 = "postgres"
  vpc_security_group_ids = [aws_security_group.db.id]
}
```

## Fix
Admit only the application's security groups (`security_groups` / `source_security_group_id`
/ `referenced_security_group_id`) or private CIDRs in the database's security group.

## References
- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.RDSSecurityGroups.html
- https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
- Related: no checkov equivalent follows the attachment; PC-AWS-020 judges
  `publicly_accessible`, PC-AWS-001 judges the rule itself.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, Unknown, fail, passed, policy, unknown
from policycheck.helpers.databases import DB_CLUSTER_KINDS
from policycheck.helpers.security_groups import (
    GROUP_KINDS,
    RULE_KINDS,
    Rule,
    attached_groups,
    group_rules,
    is_ingress,
)

DATABASE_KINDS = (
    "aws_db_instance",
    *DB_CLUSTER_KINDS,
    "aws_elasticache_replication_group",
    "aws_elasticache_cluster",
    "aws_redshift_cluster",
    "aws_opensearch_domain",
    "aws_elasticsearch_domain",
)
SEARCH_DOMAINS = ("aws_opensearch_domain", "aws_elasticsearch_domain")


@policy(
    id="PC-AWS-021", title="Database reachable from the internet through its security group",
    severity="critical", sources=("tf", "plan", "aws"), kinds=DATABASE_KINDS,
    reads=(*GROUP_KINDS, *RULE_KINDS),
    checklist="network-security/database-not-publicly-accessible",
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    if resource.kind in SEARCH_DOMAINS and not _in_vpc(resource):
        yield passed("the domain is not deployed in a VPC; no security group applies")
        return
    attachment = attached_groups(resource, ctx.graph)
    undecided: list[tuple[str, str]] = [
        (path, f"{path} names {value}, which is not a security group in the scan")
        for value, path in attachment.unresolved
    ]
    failed = False
    for group, path in attachment.groups:
        open_rules, reasons = _public_ingress(group_rules(group, ctx.graph))
        if open_rules:
            failed = True
            listed = "; ".join(_where(r) for r in open_rules)
            yield fail(f"{path} attaches {group.address}, which allows ingress from the "
                       f"internet: {listed}", at=path)
        undecided += [(path, f"{group.address}: {reason}") for reason in reasons]
    if failed:
        return
    if undecided:
        yield unknown("cannot tell whether the database's security groups admit the internet: "
                      + "; ".join(reason for _, reason in undecided), at=undecided[0][0])
    elif not attachment.paths:
        yield passed("no security group attached (the VPC's default group applies)")
    else:
        yield passed("no attached security group allows ingress from the internet",
                     at=attachment.paths[0])


def _in_vpc(domain: Resource) -> bool:
    options = domain.get("vpc_options")
    return isinstance(options, Unknown) or bool(options)


def _public_ingress(rules: list[Rule]) -> tuple[list[Rule], list[str]]:
    """The ingress rules open to the internet, and why others cannot be decided."""
    open_rules: list[Rule] = []
    reasons: list[str] = []
    for rule in rules:
        public, unresolved = rule.public_cidrs(), rule.undecided_cidrs()
        ingress = is_ingress(rule)
        if isinstance(ingress, Unknown) and (public or unresolved):
            reasons.append(f"the type of {rule} is not known")
        elif ingress and public:
            open_rules.append(rule)
        elif ingress and unresolved:
            reasons += [f"{rule} source {c.public.reason}" for c in unresolved
                        if isinstance(c.public, Unknown)]
    return open_rules, reasons


def _where(rule: Rule) -> str:
    cidrs = ", ".join(str(c.value) for c in rule.public_cidrs())
    location = rule.resource.location_of(rule.at)
    return f"{rule} from {cidrs} at {location}"
