from __future__ import annotations

from typing import Any

from policycheck.helpers.links import designates, find_by_identifier, referring, values_of
from policycheck.model import Location, Reference, Resource, ResourceGraph, Unknown


def res(kind: str, label: str, source: str = "tf", **attributes: Any) -> Resource:
    return Resource(kind, f"{kind}.{label}", source, attributes, Location("main.tf", 1, 9))


def test_values_of() -> None:
    assert values_of(None) == []
    assert values_of(["a", "b"]) == ["a", "b"]
    assert values_of("a") == ["a"]


def test_designates_by_reference_literal_or_list() -> None:
    vpc = res("aws_vpc", "main")
    other = res("aws_vpc", "other")
    live = res("aws_vpc", "live", source="aws", id="vpc-123", arn="arn:aws:ec2:vpc/vpc-123")
    log = res("aws_flow_log", "f", vpc_id=Reference("aws_vpc.main", "id"))
    graph = ResourceGraph([vpc, other, live, log])
    assert designates(log.get("vpc_id"), vpc, graph, log) is True
    assert designates(log.get("vpc_id"), other, graph, log) is False
    assert designates("vpc-123", live, graph, log) is True
    assert designates(["x", "arn:aws:ec2:vpc/vpc-123"], live, graph, log) is True
    assert designates("vpc-999", live, graph, log) is False
    assert designates(None, vpc, graph, log) is False


def test_designates_unknown() -> None:
    vpc = res("aws_vpc", "main")
    unresolved = Unknown("var.vpc_id has no value")
    graph = ResourceGraph([vpc])
    assert designates(unresolved, vpc, graph, vpc) is unresolved
    assert designates(["vpc-1", unresolved], vpc, graph, vpc) is unresolved


def test_referring_splits_found_and_undecided_within_the_source() -> None:
    vpc = res("aws_vpc", "main")
    linked = res("aws_flow_log", "a", vpc_id=Reference("aws_vpc.main", "id"))
    unrelated = res("aws_flow_log", "b", vpc_id=Reference("aws_vpc.other", "id"))
    maybe = res("aws_flow_log", "c", vpc_id=Unknown("var.vpc has no value"))
    planned = res("aws_flow_log", "a", source="plan", vpc_id=Reference("aws_vpc.main", "id"))
    graph = ResourceGraph([vpc, linked, unrelated, maybe, planned])
    found = referring(vpc, graph, "aws_flow_log", "vpc_id")
    assert found.found == [linked]
    assert [r for r, _ in found.undecided] == [maybe]


def test_find_by_identifier() -> None:
    group = res("aws_security_group", "g", source="aws", id="sg-1", name="web")
    rule = res("aws_instance", "i", source="aws")
    planned = res("aws_instance", "i", source="plan")
    graph = ResourceGraph([group, rule, planned])
    kinds = ("aws_security_group",)
    assert find_by_identifier("sg-1", graph, kinds, rule) is group
    assert find_by_identifier("web", graph, kinds, rule) is None
    assert find_by_identifier("web", graph, kinds, rule, ("name",)) is group
    assert find_by_identifier("sg-1", graph, kinds, planned) is None


def test_referring_by_literal_and_mixed_values() -> None:
    vpc = res("aws_vpc", "v", source="aws", id="vpc-1", arn="arn:vpc-1")
    both = res("aws_flow_log", "both", source="aws", vpc_id=["vpc-1", "arn:vpc-1"])
    mixed = res("aws_flow_log", "mixed", source="aws",
                vpc_id=["vpc-1", Unknown("var.extra has no value")])
    maybe = res("aws_flow_log", "maybe", source="aws", vpc_id=["vpc-2", Unknown("var.x")])
    graph = ResourceGraph([vpc, both, mixed, maybe])
    first = referring(vpc, graph, ("aws_flow_log",), "vpc_id")
    assert first.found == [both, mixed]
    assert [r for r, _ in first.undecided] == [maybe]
    again = referring(vpc, graph, ("aws_flow_log",), "vpc_id")
    assert (again.found, again.undecided) == (first.found, first.undecided)
