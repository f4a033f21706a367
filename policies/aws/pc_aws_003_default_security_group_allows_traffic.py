"""## What
Flags every rule of an `aws_default_security_group`: its inline `ingress`/`egress` blocks and
the `aws_security_group_rule`, `aws_vpc_security_group_ingress_rule` and
`aws_vpc_security_group_egress_rule` resources attached to it (by reference, or by literal ID
in plan and live sources). Each finding points at the rule (the block, or the rule resource).
A default group with no rule passes: Terraform then removes AWS's default rules. UNKNOWN when
`dynamic` rule blocks cannot be expanded. Live (`aws`)
default groups carry AWS's default rules (all traffic from the group itself, all egress) until
someone removes them, and fail.

## Why
Every resource launched without an explicit security group lands in the VPC's default group.
When that group admits traffic, forgotten instances silently talk to each other and to the
internet; CIS asks for the default group to allow nothing, so every resource gets a group that
was designed for it.

## Fail example
```hcl
resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id

  ingress {
    protocol  = "-1"
    self      = true
    from_port = 0
    to_port   = 0
  }
}
```

## Fix
Declare `aws_default_security_group` for each VPC with no `ingress` or `egress` blocks (and no
rule resources attached), and give every resource its own security group.

## References
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_security_group
- https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
- CIS AWS Foundations Benchmark 5.4 (the default security group restricts all traffic)
- Related: CKV2_AWS_12 (checkov) flags a VPC whose default group has rules; ours reports each
  rule where it is written, including rule resources.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, Unknown, fail, passed, policy, unknown
from policycheck.helpers.security_groups import RULE_KINDS, Rule, rule_resources, rules_of


@policy(
    id="PC-AWS-003", title="Default VPC security group allows traffic", severity="medium",
    sources=("tf", "plan", "aws"), kinds="aws_default_security_group", reads=RULE_KINDS,
    checklist="network-security/firewall-rules-configured-minimum-required",
    related=("CKV2_AWS_12",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    rules = rules_of(resource, ctx.graph)
    for attached in rule_resources(resource, ctx.graph):
        rules += rules_of(attached, ctx.graph)
    for rule in rules:
        yield _finding(resource, rule)
    if not rules:
        yield passed("the default security group has no rules")


def _finding(group: Resource, rule: Rule) -> Result:
    if rule.blocks_unknown and isinstance(rule.ports, Unknown):
        return unknown(f"{rule.label} of {group.address} are not known ({rule.ports.reason})",
                       at=rule.at)
    message = f"the default security group {group.address} has a rule: {rule}; remove it"
    if rule.resource is group:
        return fail(message, at=rule.at)
    return fail(message, resource=rule.resource)
