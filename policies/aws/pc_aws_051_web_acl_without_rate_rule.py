"""## What
Flags an `aws_wafv2_web_acl` none of whose rules contains a `rate_based_statement`. Rules are
read from the `rule` blocks (a `rule_group_reference_statement` counts when it references an
`aws_wafv2_rule_group` in the scan that has a rate-based rule) and from `rule_json` (a
`RateBasedStatement` anywhere in it). UNKNOWN when the rules cannot be resolved (a `dynamic`
block the loader could not expand, a variable without a value).

## Why
Without a rate-based rule, one client can flood the application (credential stuffing,
scraping, application-layer DDoS) and the web ACL never throttles it.

## Fail example
```hcl
resource "aws_wafv2_web_acl" "main" {
  name  = "main"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
}
```

## Fix
Add a rule with `statement { rate_based_statement { limit = 2000 aggregate_key_type = "IP" } }`
and `action { block {} }`.

## References
- https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/wafv2_web_acl
- Related: no checkov equivalent.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, Unknown, fail, passed, policy, unknown, values_of

RULE_GROUP = "aws_wafv2_rule_group"


@policy(
    id="PC-AWS-051", title="Web ACL has no rate-based rule", severity="medium",
    sources=("tf", "plan", "aws"), kinds="aws_wafv2_web_acl",
    checklist="load-balancer-proxy/rate-limiting-rules-applied", reads=RULE_GROUP,
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    found, source = _rate_rule(resource, ctx, "rule"), "rule"
    if found is None:
        found, source = _in_json(resource.get("rule_json")), "rule_json"
    if isinstance(found, Unknown):
        yield unknown(f"the web ACL's rules are not known ({found.reason})", at=source)
    elif found:
        yield passed(f"rate-based rule at {found}", at=found)
    else:
        yield fail("the web ACL has no rule with a rate_based_statement; clients are never "
                   "throttled")


def _rate_rule(resource: Resource, ctx: Context, block: str) -> str | Unknown | None:
    """The path of the first rate-based rule of ``resource``'s ``block`` blocks."""
    rules = resource.get(block)
    if isinstance(rules, Unknown):
        return rules
    for index, rule in enumerate(values_of(rules)):
        statement = rule.get("statement") if isinstance(rule, dict) else None
        if _contains(statement, "rate_based_statement"):
            return f"{block}.{index}"
        for reference in _group_references(statement):
            group = ctx.graph.resolve(reference, like=resource)
            if group is not None and group.kind == RULE_GROUP and isinstance(
                    _rate_rule(group, ctx, "rule"), str):
                return f"{block}.{index}"
    return None


def _group_references(statement: object) -> list[object]:
    return [ref.get("arn") for s in values_of(statement) if isinstance(s, dict)
            for ref in values_of(s.get("rule_group_reference_statement"))
            if isinstance(ref, dict)]


def _contains(value: object, key: str) -> bool:
    if isinstance(value, dict):
        return key in value or any(_contains(v, key) for v in value.values())
    if isinstance(value, list):
        return any(_contains(v, key) for v in value)
    return False


def _in_json(value: object) -> str | Unknown | None:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return Unknown("rule_json is not valid JSON")
    return "rule_json" if _contains(value, "RateBasedStatement") else None
