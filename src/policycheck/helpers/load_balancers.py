"""Elastic Load Balancing facts shared by the listener and WAF policies.

A listener's load balancer is the one its ``load_balancer_arn`` designates. An unset listener
``protocol`` is HTTP on an application load balancer (the provider's default) and nothing on
other types; a listener whose load balancer is not in the scan is taken to be on an
application load balancer, the common case.
"""

from __future__ import annotations

from policycheck.helpers.links import designates
from policycheck.helpers.values import truthy
from policycheck.model import Reference, Resource, ResourceGraph, Result, Unknown, Verdict

LOAD_BALANCER_KINDS = ("aws_lb", "aws_alb")
LISTENER_KINDS = ("aws_lb_listener", "aws_alb_listener")
TARGET_GROUP_KINDS = ("aws_lb_target_group", "aws_alb_target_group")
TLS_PROTOCOLS = frozenset({"HTTPS", "TLS"})
APPLICATION = "application"


def load_balancer_type(lb: Resource) -> str | Unknown:
    """``load_balancer_type`` lower-cased; ``"application"`` when unset."""
    value = lb.get("load_balancer_type")
    if isinstance(value, Unknown):
        return value
    if value is None or value == "":
        return APPLICATION
    return str(value).strip().lower()


def is_internet_facing(lb: Resource) -> bool | Unknown:
    """Whether the load balancer is internet-facing (``internal`` unset or false)."""
    internal = truthy(lb.get("internal"))
    return internal if isinstance(internal, Unknown) else not internal


def load_balancer_of(listener: Resource, graph: ResourceGraph) -> Resource | None:
    """The load balancer a listener's ``load_balancer_arn`` designates, if it is in the scan."""
    value = listener.get("load_balancer_arn")
    if isinstance(value, Reference):
        target = graph.resolve(value, like=listener)
        return target if target is not None and target.kind in LOAD_BALANCER_KINDS else None
    for lb in graph.of_kind(*LOAD_BALANCER_KINDS):
        if lb.source == listener.source and designates(value, lb, graph, listener) is True:
            return lb
    return None


def listener_protocol(listener: Resource, graph: ResourceGraph) -> str | Unknown:
    """The listener's protocol, upper-cased; ``""`` when unset on a non-application LB."""
    value = listener.get("protocol")
    if isinstance(value, Unknown):
        return value
    if isinstance(value, str) and value.strip():
        return value.strip().upper()
    if value is not None and not isinstance(value, str):
        return Unknown(f"protocol {value} is not known")
    lb = load_balancer_of(listener, graph)
    kind = APPLICATION if lb is None else load_balancer_type(lb)
    if isinstance(kind, Unknown):
        return kind
    return "HTTP" if kind == APPLICATION else ""


def is_tls_listener(listener: Resource, graph: ResourceGraph) -> bool | Unknown:
    """Whether the listener terminates TLS (protocol HTTPS or TLS)."""
    protocol = listener_protocol(listener, graph)
    return protocol if isinstance(protocol, Unknown) else protocol in TLS_PROTOCOLS


def unless_tls_listener(listener: Resource, graph: ResourceGraph) -> Result | None:
    """The verdict on a listener that is not (or not known to be) an HTTPS/TLS listener, for the
    policies that judge only those; ``None`` when it is one."""
    tls = is_tls_listener(listener, graph)
    if isinstance(tls, Unknown):
        return Result(Verdict.UNKNOWN, f"the listener's protocol is not known ({tls.reason})",
                      "protocol")
    if not tls:
        return Result(Verdict.PASS, "not an HTTPS/TLS listener", "protocol")
    return None
