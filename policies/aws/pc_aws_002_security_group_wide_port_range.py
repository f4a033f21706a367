"""## What
Flags each ingress rule, whatever its source CIDR, whose port range spans more than
`max_port_range` ports (default 10), including protocol `-1`/`all` (every port), unless every
source of the rule is another security group (`security_groups`, `self`,
`source_security_group_id`, `referenced_security_group_id`). Rules are read from the inline
`ingress` blocks of `aws_security_group`/`aws_default_security_group`,
`aws_security_group_rule` (`type = "ingress"`) and `aws_vpc_security_group_ingress_rule`. ICMP
has no ports and passes. The finding points at `from_port` (or at the protocol when the
protocol opens every port). UNKNOWN when the protocol or ports cannot be resolved.

## Why
Wide port ranges open services nobody reviewed: anything that starts listening on a port in
the range is reachable. Firewall rules should list the ports the service uses.

## Fail example
```hcl
resource "aws_security_group_rule" "app" {
  type              = "ingress"
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8"]
  security_group_id = aws_security_group.app.id
}
```

## Fix
Narrow the rule to the ports the service listens on (one rule per port or a small range), or
admit the traffic from a security group instead of a CIDR.

## References
- https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
- Related: no direct checkov equivalent (CKV_AWS_277 flags all ports from 0.0.0.0/0 only).
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    GROUP_KINDS,
    Context,
    Resource,
    Result,
    Rule,
    Unknown,
    fail,
    is_ingress,
    passed,
    policy,
    rules_of,
    unknown,
)


@policy(
    id="PC-AWS-002", title="Security group rule opens a wide port range", severity="medium",
    sources=("tf", "plan", "aws"),
    kinds=(*GROUP_KINDS, "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"),
    checklist="network-security/firewall-rules-configured-minimum-required",
    params={"max_port_range": 10},
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    limit = int(ctx.params["max_port_range"])
    verdicts = [r for rule in rules_of(resource, ctx.graph) for r in _judge(rule, limit)]
    yield from verdicts
    if not verdicts:
        yield passed(f"no ingress rule spans more than {limit} ports")


def _judge(rule: Rule, limit: int) -> Iterator[Result]:
    ingress = is_ingress(rule)
    if isinstance(ingress, Unknown):
        yield unknown(f"the type of {rule.resource.address} is not known ({ingress.reason})",
                      at=rule.at)
        return
    if not ingress or rule.peer_only or rule.ports is None:
        return
    if isinstance(rule.ports, Unknown):
        yield unknown(f"the ports of {rule.label} are not known ({rule.ports.reason})",
                      at=rule.ports_at)
    elif rule.ports.width > limit:
        yield fail(f"{rule.label} opens {rule.ports} ({rule.ports.width} ports, more than "
                   f"{limit}) to a CIDR source", at=rule.ports_at)

