"""## What
Flags each ingress rule whose source is the whole internet (`0.0.0.0/0`, `::/0`, or any other
CIDR covering its address space) and whose port range includes a port outside `public_ports`
(default 80 and 443). Rules are read from the inline `ingress` blocks of `aws_security_group`
and `aws_default_security_group`, from `aws_security_group_rule` (`type = "ingress"`) and from
`aws_vpc_security_group_ingress_rule`. Protocol `-1`/`all` means every port; ICMP has no ports
and passes. The finding is high, and critical when the range is every port or includes remote
administration (22, 3389) or a database port (1433, 1521, 3306, 5432, 5439, 6379, 9200,
11211, 27017, ...); it points at the public CIDR and names the ports and the CIDR. A source
CIDR that cannot be resolved (a variable without a value) is UNKNOWN when the ports would
matter; an unresolved protocol or port with a public source is UNKNOWN too.

## Why
Every port open to the internet is attack surface: SSH, RDP and database ports are scanned and
brute-forced within minutes of exposure. Only the ports the service really serves publicly
(usually HTTPS, and HTTP for redirects) should be reachable from anywhere.

## Fail example
```hcl
resource "aws_security_group" "web" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
```

## Fix
Restrict the rule's source to known CIDRs (office, VPN, load balancer subnets) or to another
security group, and reach administration ports through SSM Session Manager or a bastion.

## References
- https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group
- CIS AWS Foundations Benchmark 5.2, 5.3 (no ingress from 0.0.0.0/0 or ::/0 to admin ports)
- Related: CKV_AWS_24 (22), CKV_AWS_25 (3389), CKV_AWS_260 (80), CKV_AWS_277 (all ports)
  (checkov). Ours is stricter: any public port other than `public_ports` fails, not only 22,
  3389 and all ports; it passes port 80, which CKV_AWS_260 flags.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    ALL_PROTOCOLS,
    GROUP_KINDS,
    CidrSource,
    Context,
    PortRange,
    Resource,
    Result,
    Rule,
    Severity,
    Unknown,
    describe_ports,
    fail,
    is_ingress,
    passed,
    policy,
    rules_of,
    unknown,
)


@policy(
    id="PC-AWS-001", title="Security group opens non-public ports to the internet",
    severity="high", sources=("tf", "plan", "aws"),
    kinds=(*GROUP_KINDS, "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"),
    checklist="network-security/firewall-rules-configured-minimum-required",
    related=("CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277"),
    params={"public_ports": [80, 443]},
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    allowed = [int(p) for p in ctx.params["public_ports"]]
    verdicts = [r for rule in rules_of(resource, ctx.graph) for r in _judge(rule, allowed)]
    yield from verdicts
    if not verdicts:
        yield passed("no ingress rule opens a non-public port to the internet")


def _judge(rule: Rule, allowed: list[int]) -> Iterator[Result]:
    public, unresolved = rule.public_cidrs(), rule.undecided_cidrs()
    if not public and not unresolved:
        return
    ingress = is_ingress(rule)
    if isinstance(ingress, Unknown):
        yield unknown(f"{rule.label}: the rule's type is not known ({ingress.reason})",
                      at=rule.at)
        return
    ports = rule.ports
    if not ingress or ports is None:
        return
    if isinstance(ports, Unknown):
        source = f"is open to {_cidrs(public)}" if public else "may be open to the internet"
        yield unknown(f"{rule.label} {source} but its ports are not known ({ports.reason})",
                      at=rule.ports_at)
        return
    if not ports.includes_other_than(allowed):
        return
    exposed, severity = _exposure(ports, allowed)
    if public:
        yield fail(f"{rule.label} allows {ports} from {_cidrs(public)}{exposed}",
                   at=public[0].path, severity=severity)
    else:
        reasons = "; ".join(c.public.reason for c in unresolved if isinstance(c.public, Unknown))
        yield unknown(f"{rule.label} allows {ports}{exposed} from a source that is not "
                      f"known ({reasons})", at=unresolved[0].path)


def _exposure(ports: PortRange, allowed: list[int]) -> tuple[str, Severity | None]:
    """What the range exposes beyond ``allowed``, and the raised severity (if any)."""
    if ports.protocol == ALL_PROTOCOLS:
        return "", Severity.CRITICAL
    if ports.is_all_ports:
        return " (every port)", Severity.CRITICAL
    risky = ports.risky_ports()
    if risky:
        return f", including {describe_ports(risky)}", Severity.CRITICAL
    public = ", ".join(map(str, allowed)) or "none"
    return f" (ports allowed from the internet: {public})", None


def _cidrs(sources: list[CidrSource]) -> str:
    return ", ".join(str(s.value) for s in sources)
