"""## What
Flags an `aws_vpc` (or `aws_default_vpc`) that no `aws_flow_log` designates through its
`vpc_id` (a reference to the VPC, or in plan and live sources its literal ID). Flow logs on
subnets or network interfaces do not count. UNKNOWN when no flow log designates the VPC but a
flow log's `vpc_id` cannot be resolved (a variable without a value).

## Why
Flow logs are the record of who talked to what: without them an incident cannot be
reconstructed, and rejected-traffic patterns (scans, exfiltration attempts) go unseen.

## Fail example
```hcl
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
```

## Fix
Add an `aws_flow_log` with `vpc_id = aws_vpc.main.id`, `traffic_type = "ALL"` and a CloudWatch
Logs or S3 destination.

## References
- https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/flow_log
- CIS AWS Foundations Benchmark 3.7 (VPC flow logging enabled in all VPCs)
- Related: CKV2_AWS_11 (checkov), same semantics.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, fail, passed, policy, unknown
from policycheck.helpers.links import referring


@policy(
    id="PC-AWS-010", title="VPC flow logs disabled", severity="medium",
    sources=("tf", "plan", "aws"), kinds=("aws_vpc", "aws_default_vpc"), reads="aws_flow_log",
    checklist=("network-security/vpc-subnet-configuration-reviewed",
               "data-governance/audit-logging-configured"),
    related=("CKV2_AWS_11",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    logs = referring(resource, ctx.graph, "aws_flow_log", "vpc_id")
    if logs.found:
        yield passed(f"flow logs: {', '.join(r.address for r in logs.found)}")
    elif logs.undecided:
        reasons = "; ".join(f"{r.address}: {u.reason}" for r, u in logs.undecided)
        yield unknown(f"no flow log names this VPC, and the vpc_id of some cannot be "
                      f"resolved ({reasons})")
    else:
        yield fail(f"no aws_flow_log has vpc_id = {resource.address}.id; the VPC's traffic "
                   "is not logged")
