"""## What
Flags an HTTPS or TLS `aws_lb_listener`/`aws_alb_listener` without `certificate_arn`. When the
certificate is known as issued or not (an `aws_acm_certificate` of the same source whose `arn`
equals `certificate_arn` and that has a `status`, as live `aws` resources and state have), it
also flags a listener whose certificate is not `ISSUED` or expires (`not_after`) within
`cert_expiry_days` (default 30). Other listeners pass. UNKNOWN when the protocol or the
certificate ARN cannot be resolved, or an issued certificate's expiry date is not known. A live
run that could not read ACM withholds the verdict (NOT ASSESSED) rather than pass it.

## Why
A TLS listener without a certificate cannot be created, and one with an expired or revoked
certificate breaks every client at once; catching both before the deploy or the expiry date is
the point of a readiness check.

## Fail example
```hcl
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}
```

## Fix
Set `certificate_arn` to an issued ACM certificate (`aws_acm_certificate` with DNS validation
renews automatically) and renew or replace certificates that are about to expire.

## References
- https://docs.aws.amazon.com/elasticloadbalancing/latest/application/https-listener-certificates.html
- https://docs.aws.amazon.com/acm/latest/userguide/managed-renewal.html
- Related: no checkov equivalent.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from policycheck.api import (
    LISTENER_KINDS,
    Context,
    Resource,
    Result,
    Unknown,
    fail,
    find_by_identifier,
    passed,
    policy,
    unknown,
    unless_tls_listener,
)

CERTIFICATE = "aws_acm_certificate"


@policy(
    id="PC-AWS-033", title="HTTPS listener has no certificate", severity="high",
    sources=("tf", "plan", "aws"), kinds=LISTENER_KINDS,
    checklist="load-balancer-proxy/ssl-certificates-installed-valid",
    params={"cert_expiry_days": 30}, reads=CERTIFICATE,
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    skipped = unless_tls_listener(resource, ctx.graph)
    if skipped is not None:
        yield skipped
        return
    arn = resource.get("certificate_arn")
    if isinstance(arn, Unknown):
        yield unknown(f"certificate_arn is not known ({arn.reason})", at="certificate_arn")
    elif arn is None or arn == "":
        yield fail("the HTTPS/TLS listener has no certificate_arn", at="protocol")
    elif (certificate := _issued_or_not(resource, ctx, arn)) is not None:
        yield _judge_certificate(certificate, ctx, str(arn))
    else:
        yield passed("the listener has a certificate", at="certificate_arn")


def _issued_or_not(listener: Resource, ctx: Context, arn: object) -> Resource | None:
    """The certificate ``arn`` names when its status is known (live or state data)."""
    if not isinstance(arn, str):
        return None
    certificate = find_by_identifier(arn, ctx.graph, (CERTIFICATE,), listener, ("arn",))
    if certificate is None or not isinstance(certificate.get("status"), str):
        return None
    return certificate


def _judge_certificate(certificate: Resource, ctx: Context, arn: str) -> Result:
    status = certificate.get("status")
    if status != "ISSUED":
        return fail(f"certificate {arn} is {status or 'not issued'}, not ISSUED",
                    at="certificate_arn")
    days = int(ctx.params["cert_expiry_days"])
    expiry = _timestamp(certificate.get("not_after"))
    if expiry is None:
        return unknown(f"the expiry date of certificate {arn} is not known",
                       at="certificate_arn")
    if expiry - datetime.now(UTC) < timedelta(days=days):
        return fail(f"certificate {arn} expires on {expiry.date()}, within {days} days",
                    at="certificate_arn")
    return passed(f"certificate {arn} is issued until {expiry.date()}", at="certificate_arn")


def _timestamp(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
