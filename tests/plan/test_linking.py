"""References in plans: configuration expressions turned into Reference values."""

from __future__ import annotations

from typing import Any

from policycheck.loaders.plan.configuration import Configuration, Linker, Place
from policycheck.model import Reference, Unknown

U = Unknown("known only after apply")


def _linker(values: dict[str, dict[str, Any]], root: dict[str, Any]) -> Linker:
    return Linker(Configuration({"root_module": root}), values)


def _resource(address: str, **expressions: Any) -> dict[str, Any]:
    kind, name = address.split(".")
    return {"address": address, "mode": "managed", "type": kind, "name": name,
            "expressions": expressions}


def test_unknown_or_equal_values_become_references_and_others_stay() -> None:
    values = {"aws_vpc.main": {"id": "vpc-1"}, "aws_subnet.a": {"vpc_id": U, "name": "x"}}
    root = {"resources": [_resource(
        "aws_subnet.a", vpc_id={"references": ["aws_vpc.main.id", "aws_vpc.main"]},
        name={"references": ["aws_vpc.main.id", "aws_vpc.main"]},
        cidr_block={"constant_value": "10.0.0.0/24"})]}
    linker = _linker(values, root)
    linked = linker.link(Place((), "", ""), "aws_subnet.a",
                         {"vpc_id": U, "name": "x-vpc-1", "cidr_block": "10.0.0.0/24"})
    assert linked.attributes == {"vpc_id": Reference("aws_vpc.main", "id"), "name": "x-vpc-1",
                                 "cidr_block": "10.0.0.0/24"}
    assert linked.references == {"aws_vpc.main"}
    assert linked.computed == {"vpc_id", "name"}
    known = linker.link(Place((), "", ""), "aws_subnet.a", {"vpc_id": "vpc-1"})
    assert known.attributes["vpc_id"] == Reference("aws_vpc.main", "id")


def test_module_inputs_and_outputs_lead_to_the_resource_behind_them() -> None:
    values = {"module.net.aws_vpc.this": {"id": U}, "module.db[0].aws_db_instance.this": {},
              "aws_security_group.db": {"id": U}}
    db_module = {"resources": [_resource(
        "aws_db_instance.this", vpc_id={"references": ["var.vpc_id"]},
        vpc_security_group_ids={"references": ["var.groups"]})]}
    net_module = {"outputs": {"vpc_id": {"expression": {"references": ["aws_vpc.this.id"]}}},
                  "resources": [_resource("aws_vpc.this")]}
    root = {"module_calls": {
        "net": {"source": "./net", "module": net_module},
        "db": {"source": "./db", "module": db_module, "expressions": {
            "vpc_id": {"references": ["module.net.vpc_id", "module.net"]},
            "groups": {"references": ["aws_security_group.db.id", "aws_security_group.db"]}}}}}
    linked = _linker(values, root).link(Place(("db",), "module.db[0].", ""),
                                        "aws_db_instance.this",
                                        {"vpc_id": U, "vpc_security_group_ids": [U]})
    assert linked.attributes == {
        "vpc_id": Reference("module.net.aws_vpc.this", "id"),
        "vpc_security_group_ids": [Reference("aws_security_group.db", "id")]}
    assert linked.references == {"module.net.aws_vpc.this", "aws_security_group.db"}


def test_instances_are_matched_by_key_and_data_sources_stay_unknown() -> None:
    values = {'aws_vpc.v["eu"]': {"id": U}, 'aws_vpc.v["us"]': {"id": U},
              "data.aws_ssm_parameter.p": {"value": U}, 'aws_flow_log.f["eu"]': {}}
    root = {"resources": [_resource(
        "aws_flow_log.f", vpc_id={"references": ["aws_vpc.v", "each.key"]},
        tags={"references": ["aws_vpc.v"]},
        name={"references": ["data.aws_ssm_parameter.p.value", "data.aws_ssm_parameter.p"]})]}
    linked = _linker(values, root).link(Place((), "", '["eu"]'), "aws_flow_log.f",
                                        {"vpc_id": U, "tags": U, "name": U})
    assert linked.attributes["vpc_id"] == Reference('aws_vpc.v["eu"]', "")
    assert linked.attributes["tags"] is U  # a splat of both instances
    assert linked.attributes["name"] is U
    assert linked.references == {'aws_vpc.v["eu"]', 'aws_vpc.v["us"]', "data.aws_ssm_parameter.p"}


def test_list_elements_are_matched_by_position_or_value() -> None:
    values = {"aws_security_group.a": {"id": "sg-a"}, "aws_security_group.b": {"id": U},
              "aws_instance.i": {}}
    root = {"resources": [_resource("aws_instance.i", groups={"references": [
        "aws_security_group.a.id", "aws_security_group.a", "aws_security_group.b.id",
        "aws_security_group.b"]}, blocks=[{"sg": {"references": ["aws_security_group.b.id"]}}])]}
    linked = _linker(values, root).link(Place((), "", ""), "aws_instance.i",
                                        {"groups": ["sg-a", U], "blocks": [{"sg": U}]})
    assert linked.attributes == {
        "groups": [Reference("aws_security_group.a", "id"), Reference("aws_security_group.b", "id")],
        "blocks": [{"sg": Reference("aws_security_group.b", "id")}]}
    assert linked.computed == {"groups", "blocks.0.sg"}
