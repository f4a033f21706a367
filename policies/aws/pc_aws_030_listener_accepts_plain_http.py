"""## What
Flags an `aws_lb_listener`/`aws_alb_listener` with protocol `HTTP` (an unset protocol is HTTP on
an application load balancer, the provider's default, and on a load balancer not in the scan)
unless its default action redirects to HTTPS: a `default_action` of `type = "redirect"` whose
`redirect.protocol` is `HTTPS`. A redirect keeping the original protocol (`#{protocol}`), a
forward or a fixed response fails. UNKNOWN when the protocol or the redirect protocol cannot be
resolved.

## Why
Plain HTTP sends session cookies, tokens and personal data in clear text to anyone on the
path. An HTTP listener should only exist to redirect browsers to HTTPS.

## Fail example
```hcl
resource "aws_lb_listener" "web" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
```

## Fix
Make the HTTP listener's default action a redirect:
`default_action { type = "redirect" redirect { protocol = "HTTPS" port = "443" status_code = "HTTP_301" } }`,
and serve the application from an HTTPS listener.

## References
- https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_listener
- Related: CKV_AWS_2 (checkov), same semantics; ours also judges listeners without a protocol.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    LISTENER_KINDS,
    Context,
    Resource,
    Result,
    Unknown,
    fail,
    listener_protocol,
    passed,
    policy,
    unknown,
    values_of,
)


@policy(
    id="PC-AWS-030", title="Load balancer listener accepts plain HTTP", severity="high",
    sources=("tf", "plan", "aws"), kinds=LISTENER_KINDS,
    checklist=("network-security/api-endpoints-https-only",
               "security-configuration/api-endpoints-https"),
    related=("CKV_AWS_2",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    protocol = listener_protocol(resource, ctx.graph)
    if isinstance(protocol, Unknown):
        yield unknown(f"the listener's protocol is not known ({protocol.reason})", at="protocol")
        return
    if protocol != "HTTP":
        yield passed(f"the listener's protocol is {protocol or 'not HTTP'}", at="protocol")
        return
    redirect = _redirects_to_https(resource)
    if isinstance(redirect, Unknown):
        yield unknown(f"the listener's redirect protocol is not known ({redirect.reason})",
                      at="default_action")
    elif redirect:
        yield passed("the HTTP listener redirects to HTTPS", at="default_action")
    else:
        yield fail("the listener serves plain HTTP: its default action is not a redirect to "
                   "HTTPS", at="protocol")


def _redirects_to_https(listener: Resource) -> bool | Unknown:
    actions = listener.get("default_action")
    if isinstance(actions, Unknown):
        return actions
    for action in values_of(actions):
        if not isinstance(action, dict):
            continue
        kind = action.get("type")
        if isinstance(kind, Unknown):
            return kind
        if kind != "redirect":
            continue
        for redirect in values_of(action.get("redirect")):
            protocol = redirect.get("protocol") if isinstance(redirect, dict) else None
            if isinstance(protocol, Unknown):
                return protocol
            if isinstance(protocol, str) and protocol.upper() == "HTTPS":
                return True
    return False
