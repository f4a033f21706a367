from __future__ import annotations

from typing import Any

from policycheck.helpers.load_balancers import (
    is_internet_facing,
    is_tls_listener,
    listener_protocol,
    load_balancer_of,
    load_balancer_type,
    unless_tls_listener,
)
from policycheck.model import Location, Reference, Resource, ResourceGraph, Unknown, Verdict


def res(kind: str, label: str, source: str = "tf", **attributes: Any) -> Resource:
    return Resource(kind, f"{kind}.{label}", source, attributes, Location("main.tf", 1, 9))


def test_type_and_exposure() -> None:
    assert load_balancer_type(res("aws_lb", "a")) == "application"
    assert load_balancer_type(res("aws_lb", "n", load_balancer_type="Network")) == "network"
    assert is_internet_facing(res("aws_lb", "a")) is True
    assert is_internet_facing(res("aws_lb", "a", internal=True)) is False
    assert is_internet_facing(res("aws_lb", "a", internal="false")) is True
    unresolved = Unknown("var.internal has no value")
    assert is_internet_facing(res("aws_lb", "a", internal=unresolved)) is unresolved


def test_load_balancer_of_by_reference_or_literal_arn() -> None:
    lb = res("aws_lb", "web")
    live = res("aws_lb", "live", source="aws", arn="arn:lb/live")
    by_ref = res("aws_lb_listener", "a", load_balancer_arn=Reference("aws_lb.web", "arn"))
    by_arn = res("aws_lb_listener", "b", source="aws", load_balancer_arn="arn:lb/live")
    elsewhere = res("aws_lb_listener", "c", load_balancer_arn="arn:lb/other")
    graph = ResourceGraph([lb, live, by_ref, by_arn, elsewhere])
    assert load_balancer_of(by_ref, graph) is lb
    assert load_balancer_of(by_arn, graph) is live
    assert load_balancer_of(elsewhere, graph) is None


def test_listener_protocol_defaults_by_load_balancer_type() -> None:
    alb = res("aws_lb", "alb")
    nlb = res("aws_lb", "nlb", load_balancer_type="network")
    on_alb = res("aws_lb_listener", "a", load_balancer_arn=Reference("aws_lb.alb", "arn"))
    on_nlb = res("aws_lb_listener", "n", load_balancer_arn=Reference("aws_lb.nlb", "arn"))
    unresolved_lb = res("aws_lb_listener", "u", load_balancer_arn="arn:elsewhere")
    explicit = res("aws_lb_listener", "e", protocol=" https ")
    graph = ResourceGraph([alb, nlb, on_alb, on_nlb, unresolved_lb, explicit])
    assert listener_protocol(on_alb, graph) == "HTTP"
    assert listener_protocol(on_nlb, graph) == ""
    assert listener_protocol(unresolved_lb, graph) == "HTTP"
    assert listener_protocol(explicit, graph) == "HTTPS"
    assert is_tls_listener(explicit, graph) is True
    assert is_tls_listener(on_alb, graph) is False
    assert is_tls_listener(res("aws_lb_listener", "t", protocol="TLS"), graph) is True


def test_unknown_protocol() -> None:
    unresolved = Unknown("var.protocol has no value")
    listener = res("aws_lb_listener", "x", protocol=unresolved)
    graph = ResourceGraph([listener])
    assert listener_protocol(listener, graph) is unresolved
    assert is_tls_listener(listener, graph) is unresolved
    computed = res("aws_lb_listener", "y", protocol=Reference("aws_lb.x", "protocol"))
    assert isinstance(listener_protocol(computed, graph), Unknown)


def test_unless_tls_listener_answers_for_everything_but_tls_listeners() -> None:
    https = res("aws_lb_listener", "s", protocol="HTTPS")
    http = res("aws_lb_listener", "h", protocol="HTTP")
    unset = res("aws_lb_listener", "u", protocol=Unknown("var.protocol has no value"))
    graph = ResourceGraph([https, http, unset])
    assert unless_tls_listener(https, graph) is None
    skipped = unless_tls_listener(http, graph)
    assert skipped is not None and skipped.verdict is Verdict.PASS
    undecided = unless_tls_listener(unset, graph)
    assert undecided is not None and undecided.verdict is Verdict.UNKNOWN
    assert "var.protocol has no value" in undecided.message
