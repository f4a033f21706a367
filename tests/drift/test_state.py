"""Terraform state v4 as the declared side: addresses, instances, data sources, sensitive values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policycheck.drift.state import StateError, StateRef, instance_address, parse_state, read_state

STATES = Path(__file__).resolve().parent / "states"


def test_module_addresses_for_each_and_data_sources() -> None:
    declared = read_state(StateRef(str(STATES / "storage.tfstate")))
    addresses = [r.address for r in declared.resources]
    assert addresses == [
        'module.storage.module.buckets.aws_s3_bucket.this["assets"]',
        'module.storage.module.buckets.aws_s3_bucket.this["logs"]',
        'module.storage.module.buckets.aws_s3_bucket_public_access_block.this["assets"]',
        'module.storage.module.buckets.aws_s3_bucket_public_access_block.this["logs"]',
        "aws_db_instance.reports",
    ]
    bucket = declared.resources[0]
    assert bucket.kind == "aws_s3_bucket" and bucket.attributes["id"] == "acme-assets"
    assert bucket.attributes["arn"] == "arn:aws:s3:::acme-assets" and bucket.source == "tf"
    assert bucket.location.file.endswith("storage.tfstate") and bucket.location.line > 1
    network = read_state(StateRef(str(STATES / "network.tfstate")))
    assert "data.aws_caller_identity.current" not in {r.address for r in network.resources}
    assert {r.kind for r in network.resources} == {"aws_vpc", "aws_cloudwatch_log_group", "aws_security_group"}


def test_sensitive_attributes_never_print() -> None:
    database = read_state(StateRef(str(STATES / "storage.tfstate"))).resources[-1]
    password = database.attributes["password"]
    assert password == "s3cr3t-Pa55word!"  # compares as the value: policies still judge it
    assert "s3cr" not in f"{password} {password!r} {database.attributes}"


def test_count_indexes_and_quoting() -> None:
    assert instance_address("", "aws_subnet", "private", 0) == "aws_subnet.private[0]"
    assert instance_address("module.a", "aws_s3_bucket", "b", 'x"y') == 'module.a.aws_s3_bucket.b["x\\"y"]'
    assert instance_address("", "aws_vpc", "main", None) == "aws_vpc.main"


def test_sensitive_path_into_a_nested_block() -> None:
    state = {"version": 4, "terraform_version": "1.9.8", "serial": 1, "lineage": "x", "outputs": {},
             "resources": [{"mode": "managed", "type": "aws_ecs_task_definition", "name": "app",
                            "provider": 'provider["registry.terraform.io/hashicorp/aws"]',
                            "instances": [{"schema_version": 1, "attributes": {
                                "id": "app",
                                "volume": [{"name": "data", "efs_volume_configuration": [{"root": "/x"}]}]},
                                "sensitive_attributes": [[{"type": "get_attr", "value": "volume"},
                                                          {"type": "index", "value": {"value": 0, "type": "number"}},
                                                          {"type": "get_attr", "value": "name"}]]}]}]}
    resource = parse_state(json.dumps(state).encode(), "s.tfstate").resources[0]
    assert repr(resource.attributes["volume"][0]["name"]) == "(sensitive value)"
    assert resource.attributes["volume"][0]["efs_volume_configuration"] == [{"root": "/x"}]


@pytest.mark.parametrize(("content", "message"), [
    (b'{"version": 3, "resources": []}', "version 3 is not supported"),
    (b'{"format_version": "1.2", "planned_values": {}}', "use --plan"),
    (b"not json", "not JSON"),
])
def test_unreadable_states_are_errors(content: bytes, message: str) -> None:
    with pytest.raises(StateError, match=message):
        parse_state(content, "x.tfstate")


def test_s3_states_are_read_through_the_fetcher() -> None:
    asked: list[tuple[str, str]] = []

    def fetch(bucket: str, key: str) -> bytes:
        asked.append((bucket, key))
        return (STATES / "storage.tfstate").read_bytes()

    declared = read_state(StateRef("s3://acme-tfstate/prod/storage.tfstate"), fetch)
    assert asked == [("acme-tfstate", "prod/storage.tfstate")] and len(declared.resources) == 5
    with pytest.raises(StateError, match="s3://BUCKET/KEY"):
        read_state(StateRef("s3://only-a-bucket"), fetch)
    with pytest.raises(StateError, match="cannot read state"):
        read_state(StateRef(str(STATES / "absent.tfstate")))
