from __future__ import annotations

from typing import Any

from policycheck.helpers.network import PortRange
from policycheck.helpers.security_groups import (
    attached_groups,
    cidr_public,
    group_rules,
    is_ingress,
    rule_resources,
    rules_of,
)
from policycheck.model import Location, Reference, Resource, ResourceGraph, Unknown


def res(kind: str, label: str, source: str = "tf", **attributes: Any) -> Resource:
    return Resource(kind, f"{kind}.{label}", source, attributes, Location("main.tf", 1, 9))


def block(**attributes: Any) -> dict[str, Any]:
    return {"from_port": 22, "to_port": 22, "protocol": "tcp", **attributes}


def test_inline_blocks_become_rules_with_their_paths() -> None:
    group = res("aws_security_group", "web",
                ingress=[block(cidr_blocks=["10.0.0.0/8"]),
                         block(ipv6_cidr_blocks=["::/0"], cidr_blocks=["0.0.0.0/0"])],
                egress=[{"from_port": 0, "to_port": 0, "protocol": "-1",
                         "cidr_blocks": ["0.0.0.0/0"]}])
    rules = rules_of(group, ResourceGraph([group]))
    assert [(r.direction, r.base) for r in rules] == [
        ("ingress", "ingress.0"), ("ingress", "ingress.1"), ("egress", "egress.0")]
    assert rules[0].public_cidrs() == []
    assert [(c.value, c.path) for c in rules[1].public_cidrs()] == [
        ("0.0.0.0/0", "ingress.1.cidr_blocks"), ("::/0", "ingress.1.ipv6_cidr_blocks")]
    assert rules[1].ports == PortRange("tcp", 22, 22)
    assert rules[1].at == "ingress.1"
    assert rules[1].ports_at == "ingress.1.from_port"
    assert rules[2].ports_at == "egress.0.protocol"
    assert str(rules[1]) == "aws_security_group.web.ingress.1 (tcp/22)"


def test_peer_sources() -> None:
    group = res("aws_security_group", "db",
                ingress=[block(security_groups=[Reference("aws_security_group.app", "id")]),
                         block(self=True), block(self=False, cidr_blocks=[]),
                         block(security_groups=["sg-1"], cidr_blocks=["10.0.0.0/8"]),
                         block(prefix_list_ids=["pl-1"], security_groups=["sg-1"])])
    rules = rules_of(group, ResourceGraph([group]))
    assert [r.peer_only for r in rules] == [True, True, False, False, False]
    assert rules[1].peers == (group,)


def test_security_group_rule_resource() -> None:
    rule = res("aws_security_group_rule", "r", type="ingress", protocol="-1", from_port=0,
               to_port=0, cidr_blocks=["0.0.0.0/0"], ipv6_cidr_blocks=["::/0"],
               security_group_id=Reference("aws_security_group.web", "id"))
    egress = res("aws_security_group_rule", "e", type="egress", protocol="tcp", from_port=0,
                 to_port=65535, self=True, security_group_id="sg-1")
    (parsed,) = rules_of(rule, ResourceGraph([rule]))
    assert parsed.direction == "ingress" and parsed.base == "" and parsed.at is None
    assert [c.path for c in parsed.public_cidrs()] == ["cidr_blocks", "ipv6_cidr_blocks"]
    assert parsed.ports_at == "protocol"
    (out,) = rules_of(egress, ResourceGraph([egress]))
    assert out.direction == "egress"
    assert out.peers == ("sg-1",) and out.peer_only


def test_unknown_rule_type_is_unknown_direction() -> None:
    rule = res("aws_security_group_rule", "r", type=Unknown("var.type"), protocol="tcp",
               from_port=1, to_port=2, cidr_blocks=["0.0.0.0/0"])
    (parsed,) = rules_of(rule, ResourceGraph([rule]))
    assert isinstance(is_ingress(parsed), Unknown)


def test_vpc_rule_resources() -> None:
    ingress = res("aws_vpc_security_group_ingress_rule", "i", cidr_ipv6="::/0",
                  ip_protocol="tcp", from_port=6379, to_port=6379)
    egress = res("aws_vpc_security_group_egress_rule", "e", cidr_ipv4="0.0.0.0/0",
                 ip_protocol="-1")
    peer = res("aws_vpc_security_group_ingress_rule", "p", ip_protocol="tcp", from_port=1,
               to_port=1, referenced_security_group_id="sg-2")
    graph = ResourceGraph([ingress, egress, peer])
    (i,) = rules_of(ingress, graph)
    (e,) = rules_of(egress, graph)
    (p,) = rules_of(peer, graph)
    assert (i.direction, i.ports, [c.path for c in i.public_cidrs()]) == (
        "ingress", PortRange("tcp", 6379, 6379), ["cidr_ipv6"])
    assert e.direction == "egress" and e.ports_at == "ip_protocol"
    assert p.peer_only
    assert rules_of(res("aws_instance", "x"), graph) == []


def test_unknown_cidrs_are_undecided() -> None:
    unresolved = Unknown("var.cidr has no value")
    group = res("aws_security_group", "g",
                ingress=[block(cidr_blocks=[unresolved]), block(cidr_blocks=unresolved)])
    rules = rules_of(group, ResourceGraph([group]))
    assert [[c.public for c in r.undecided_cidrs()] for r in rules] == [[unresolved],
                                                                         [unresolved]]
    assert rules[1].undecided_cidrs()[0].path == "ingress.1.cidr_blocks"


def test_referenced_cidrs_are_resolved() -> None:
    vpc = res("aws_vpc", "main", cidr_block="10.0.0.0/16")
    computed = res("aws_subnet", "s")
    everywhere = res("aws_ec2_managed_prefix_list", "x", cidr="0.0.0.0/0")
    opaque = res("aws_eip", "ip")
    user = res("aws_security_group", "g")
    graph = ResourceGraph([vpc, computed, everywhere, opaque, user])
    assert cidr_public(Reference("aws_vpc.main", "cidr_block"), user, graph) is False
    assert cidr_public(Reference("aws_subnet.s", "ipv6_cidr_block"), user, graph) is False
    assert cidr_public(Reference("aws_ec2_managed_prefix_list.x", "cidr"), user, graph) is True
    assert isinstance(cidr_public(Reference("aws_eip.ip", "public_ip"), user, graph), Unknown)
    assert isinstance(cidr_public(Reference("aws_vpc.gone", "cidr_block"), user, graph), Unknown)


def test_group_rules_include_attached_rule_resources() -> None:
    group = res("aws_security_group", "db", ingress=[block(cidr_blocks=["10.0.0.0/8"])])
    other = res("aws_security_group", "other")
    attached = res("aws_vpc_security_group_ingress_rule", "a", cidr_ipv4="0.0.0.0/0",
                   ip_protocol="tcp", from_port=5432, to_port=5432,
                   security_group_id=Reference("aws_security_group.db", "id"))
    elsewhere = res("aws_security_group_rule", "b", type="ingress", protocol="tcp",
                    from_port=1, to_port=1,
                    security_group_id=Reference("aws_security_group.other", "id"))
    graph = ResourceGraph([group, other, attached, elsewhere])
    assert rule_resources(group, graph) == [attached]
    rules = group_rules(group, graph)
    assert [r.resource for r in rules] == [group, attached]


def test_live_rules_link_by_literal_id() -> None:
    group = res("aws_security_group", "sg-1", source="aws", id="sg-1")
    rule = res("aws_security_group_rule", "r", source="aws", type="ingress", protocol="tcp",
               from_port=1, to_port=1, security_group_id="sg-1")
    assert rule_resources(group, ResourceGraph([group, rule])) == [rule]


def test_attached_groups() -> None:
    db_sg = res("aws_security_group", "db")
    default = res("aws_default_security_group", "d")
    live = res("aws_security_group", "live", source="tf", id="sg-9")
    data = res("data.aws_security_group", "x")
    db = res("aws_db_instance", "db", vpc_security_group_ids=[
        Reference("aws_security_group.db", "id"), Reference("aws_default_security_group.d", "id"),
        "sg-9", "sg-404", Reference("data.aws_security_group.x", "id")])
    graph = ResourceGraph([db_sg, default, live, data, db])
    attachment = attached_groups(db, graph)
    assert [g for g, _ in attachment.groups] == [db_sg, default, live]
    assert [v for v, _ in attachment.unresolved] == [
        "sg-404", Reference("data.aws_security_group.x", "id")]
    assert attachment.paths == ("vpc_security_group_ids",)


def test_attached_groups_nested_and_unknown() -> None:
    unresolved = Unknown("var.sgs has no value")
    domain = res("aws_opensearch_domain", "d",
                 vpc_options=[{"security_group_ids": unresolved}])
    attachment = attached_groups(domain, ResourceGraph([domain]))
    assert attachment.groups == ()
    assert attachment.unresolved == ((unresolved, "vpc_options.0.security_group_ids"),)
    none = attached_groups(res("aws_db_instance", "x"), ResourceGraph([]))
    assert (none.groups, none.unresolved, none.paths) == ((), (), ())


def test_labels_and_unknown_blocks() -> None:
    unresolved = Unknown("dynamic ingress blocks are not known")
    group = res("aws_security_group", "g", ingress=unresolved,
                egress=[{"protocol": Unknown("var.protocol"), "from_port": 1, "to_port": 2}])
    blocks, egress = rules_of(group, ResourceGraph([group]))
    assert blocks.label == "the ingress blocks" and blocks.ports is unresolved
    assert blocks.undecided_cidrs()[0].path == "ingress"
    assert egress.label == "egress rule egress.0"
    assert egress.ports_at == "egress.0.protocol"
    rule = res("aws_security_group_rule", "r", type=Unknown("var.type"), protocol="tcp")
    (parsed,) = rules_of(rule, ResourceGraph([rule]))
    assert parsed.label == "the security group rule"
    assert parsed.ports_at == "protocol"


def test_blocks_unknown_only_for_unresolved_inline_blocks() -> None:
    group = res("aws_security_group", "g", ingress=Unknown("dynamic"), egress=[block()])
    rule = res("aws_security_group_rule", "r", type="ingress", protocol="tcp")
    graph = ResourceGraph([group, rule])
    assert [r.blocks_unknown for r in rules_of(group, graph)] == [True, False]
    assert [r.blocks_unknown for r in rules_of(rule, graph)] == [False]
