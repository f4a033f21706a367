"""## What
Flags an HTTPS or TLS `aws_lb_listener`/`aws_alb_listener` whose `ssl_policy` is unset or is not
a TLS 1.2+ policy. A TLS 1.2+ policy's name contains `TLS13`, `TLS-1-2` or `FS-1-2` (for
example `ELBSecurityPolicy-TLS13-1-2-2021-06`, `ELBSecurityPolicy-TLS-1-2-Ext-2018-06`,
`ELBSecurityPolicy-FS-1-2-Res-2020-10`), except the `TLS13-1-0` and `TLS13-1-1` policies, which
still accept TLS 1.0/1.1. Other listeners pass. UNKNOWN when the protocol or policy cannot be
resolved. The finding points at `ssl_policy`, or at `protocol` when it is unset.

## Why
TLS 1.0 and 1.1 have known weaknesses (BEAST, POODLE-style downgrades, weak ciphers) and are
deprecated by RFC 8996; PCI DSS forbids them. Older security policies keep accepting them.

## Fail example
```hcl
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-2016-08"
  certificate_arn   = aws_acm_certificate.web.arn
}
```

## Fix
Set `ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"` (or another TLS 1.2+ policy).

## References
- https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
- https://datatracker.ietf.org/doc/html/rfc8996
- Related: CKV_AWS_103 (checkov). Ours is stricter: an unset `ssl_policy` fails (the provider
  then leaves the choice to AWS), and the `TLS13-1-0`/`TLS13-1-1` policies fail.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from policycheck.api import (
    LISTENER_KINDS,
    Context,
    Resource,
    Result,
    Unknown,
    fail,
    passed,
    policy,
    unknown,
    unless_tls_listener,
)

MODERN = re.compile(r"TLS13|TLS-1-2|FS-1-2", re.I)
STILL_OLD = re.compile(r"TLS13-1-[01]\b", re.I)


@policy(
    id="PC-AWS-031", title="TLS listener allows old protocols", severity="high",
    sources=("tf", "plan", "aws"), kinds=LISTENER_KINDS,
    checklist=("security-configuration/api-endpoints-https",
               "data-protection/data-encryption-transit-enforced"),
    related=("CKV_AWS_103",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    skipped = unless_tls_listener(resource, ctx.graph)
    if skipped is not None:
        yield skipped
        return
    name = resource.get("ssl_policy")
    if isinstance(name, Unknown):
        yield unknown(f"ssl_policy is not known ({name.reason})", at="ssl_policy")
    elif not isinstance(name, str) or not name.strip():
        yield fail("ssl_policy is not set; set a TLS 1.2+ policy such as "
                   "ELBSecurityPolicy-TLS13-1-2-2021-06", at="protocol")
    elif MODERN.search(name) and not STILL_OLD.search(name):
        yield passed(f"ssl_policy {name} requires TLS 1.2 or later", at="ssl_policy")
    else:
        yield fail(f"ssl_policy = {name!r} accepts TLS versions below 1.2; use a TLS 1.2+ "
                   "policy such as ELBSecurityPolicy-TLS13-1-2-2021-06", at="ssl_policy")
