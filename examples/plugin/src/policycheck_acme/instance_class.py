"""## What
Flags an `aws_db_instance` whose `instance_class` is not one of the approved classes
(parameter `approved`). UNKNOWN when the class cannot be resolved.

## Why
ACME buys reserved instances for a few database classes; anything else costs on-demand
prices and is not covered by the capacity plan.

## Fail example
```hcl
resource "aws_db_instance" "orders" {
  instance_class = "db.m5.24xlarge"
}
```

## Fix
Pick one of the approved classes (`policycheck rules PC-ACME-100` lists the defaults), or ask
the platform team to add the class to the `approved` parameter.

## References
- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.html
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, Unknown, fail, passed, policy, unknown


@policy(
    id="PC-ACME-100", title="Database instance class not approved", severity="medium",
    sources=("tf", "plan", "aws"), kinds=("aws_db_instance",),
    checklist="resource-management/cpu-usage-acceptable-under-load",
    params={"approved": ["db.t4g.medium", "db.r6g.large", "db.r6g.xlarge"]},
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    value = resource.get("instance_class")
    approved: list[str] = ctx.params["approved"]
    if isinstance(value, Unknown):
        yield unknown(f"instance_class is not known ({value.reason})", at="instance_class")
    elif value in approved:
        yield passed(f"instance_class {value} is approved", at="instance_class")
    else:
        yield fail(f"instance_class {value} is not approved (approved: {', '.join(approved)})",
                   at="instance_class")
