"""## What
Flags an `aws_subnet` or `aws_default_subnet` with `map_public_ip_on_launch = true`. Unset
passes (the `aws_subnet` default is false). UNKNOWN when the value cannot be resolved.

## Why
Every instance launched into such a subnet gets a public IP address, whether or not it should
be reachable from the internet; exposure then depends only on its security group. Public
addresses should be opt-in (Elastic IPs, load balancers), not a subnet default.

## Fail example
```hcl
resource "aws_subnet" "app" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
}
```

## Fix
Set `map_public_ip_on_launch = false` (or remove it) and expose services through a load
balancer or NAT in a dedicated public subnet.

## References
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/subnet#map_public_ip_on_launch
- https://docs.aws.amazon.com/vpc/latest/userguide/subnet-public-ip.html
- Related: CKV_AWS_130 (checkov), same semantics.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, policy
from policycheck.helpers.attributes import forbid_flag


@policy(
    id="PC-AWS-011", title="Subnet auto-assigns public IPs", severity="low",
    sources=("tf", "plan", "aws"), kinds=("aws_subnet", "aws_default_subnet"),
    checklist="network-security/vpc-subnet-configuration-reviewed",
    related=("CKV_AWS_130",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield forbid_flag(
        resource, "map_public_ip_on_launch", True,
        "map_public_ip_on_launch = true gives every instance in the subnet a public IP; "
        "set it to false",
    )
