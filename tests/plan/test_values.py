"""Plan values, addresses and entry lines."""

from __future__ import annotations

import json

import pytest

from policycheck.loaders.plan.addresses import (
    Target,
    module_names,
    parent_module,
    parse_reference,
    split_instance,
    strip_keys,
)
from policycheck.loaders.plan.lines import entry_lines
from policycheck.loaders.plan.values import HIDDEN, Sensitive, changes, merge, show
from policycheck.model import Unknown


def test_merge_marks_unknown_paths_and_wraps_sensitive_strings() -> None:
    after = {"name": "db", "ingress": [{"cidr": None}], "password": "hunter2", "tags": {"a": "b"}}
    unknown = {"id": True, "ingress": [{"cidr": True}], "tags": {}}
    sensitive = {"password": True, "tags": {"a": True}}
    merged = merge(after, unknown, sensitive, "aws_db_instance.main")
    assert isinstance(merged["id"], Unknown)
    assert merged["id"].reason == "aws_db_instance.main.id is known only after apply"
    assert merged["ingress"][0]["cidr"].reason == (
        "aws_db_instance.main.ingress.0.cidr is known only after apply")
    assert merged["name"] == "db" and type(merged["name"]) is str
    assert merged["password"] == "hunter2" and isinstance(merged["password"], Sensitive)
    assert merged["tags"]["a"] == "b"
    shown = f"{merged['password']} {merged['password']!r} {merged['tags']} {merged['password']:>20}"
    assert "hunter2" not in shown and HIDDEN in shown


def test_changes_lists_differing_leaves_and_hides_sensitive_sides() -> None:
    before = {"storage_encrypted": True, "password": "old-secret", "ingress": [{"cidr": "10.0.0.0/8"}],
              "arn": "arn:1", "same": 1}
    after = {"storage_encrypted": False, "password": "new-secret", "ingress": [{"cidr": "0.0.0.0/0"}],
             "same": 1}
    found = changes(before, after, {"password": True}, {"password": True}, {"arn": True})
    assert [str(c) for c in found] == [
        "storage_encrypted: true -> false",
        f"password: {HIDDEN} -> {HIDDEN}",
        'ingress.0.cidr: "10.0.0.0/8" -> "0.0.0.0/0"',
        'arn: "arn:1" -> (known after apply)',
    ]
    assert [c.attribute for c in found] == ["storage_encrypted", "password", "ingress", "arn"]


def test_show_shortens_and_never_reveals_a_sensitive_string() -> None:
    assert show({"k": Sensitive("abc"), "n": 1}) == f'{{"k": "{HIDDEN}", "n": 1}}'
    assert len(show("x" * 500)) == 60 and show("x" * 500).endswith("...")
    assert show(Unknown("later")) == "(known after apply)"


@pytest.mark.parametrize(("reference", "target"), [
    ("aws_vpc.main.id", Target("resource", "aws_vpc.main", "", "id")),
    ('aws_subnet.a["x.y"].arn', Target("resource", "aws_subnet.a", '["x.y"]', "arn")),
    ("aws_subnet.a[0]", Target("resource", "aws_subnet.a", "[0]", "")),
    ("data.aws_iam_policy_document.p.json",
     Target("resource", "data.aws_iam_policy_document.p", "", "json")),
    ("module.net.vpc_id", Target("module", "net", "", "vpc_id")),
    ("module.net[1].vpc_id", Target("module", "net", "[1]", "vpc_id")),
    ("var.ids", Target("var", "ids")),
    ("count.index", Target("value")),
    ("local.name", Target("value")),
    ("each.key", Target("value")),
])
def test_parse_reference(reference: str, target: Target) -> None:
    assert parse_reference(reference) == target


def test_address_parts() -> None:
    address = 'module.app["a.b"].module.db[0].aws_db_instance.this["x"]'
    assert strip_keys(address) == "module.app.module.db.aws_db_instance.this"
    assert split_instance(address, "aws_db_instance.this") == (
        'module.app["a.b"].module.db[0].', '["x"]')
    assert split_instance("data.aws_ami.x", "data.aws_ami.x") == ("", "")
    assert split_instance("module.aws_s3_bucket.aws_s3_bucket.b", "aws_s3_bucket.b") == (
        "module.aws_s3_bucket.", "")
    assert module_names('module.app["a.b"].module.db[0]') == ("app", "db")
    assert parent_module('module.app["a.b"].module.db[0].') == 'module.app["a.b"].'
    assert parent_module("module.app.") == ""


def test_entry_lines_in_pretty_and_compact_json() -> None:
    document = {"resource_drift": [{"address": "a.b"}],
                "resource_changes": [{"address": "a.b", "change": {"after": {"address": "c.d"}}},
                                     {"address": "c.d"}, {"address": 'x.y["q\\"z"]'}]}
    pretty = json.dumps(document, indent=2)
    lines = pretty.splitlines()
    expected = [i + 1 for i, line in enumerate(lines) if line.startswith('      "address"')]
    found = entry_lines(pretty, "resource_changes", ["a.b", "c.d", 'x.y["q\\"z"]'])
    assert found == expected[1:] and len(found) == 3
    assert entry_lines(json.dumps(document), "resource_changes", ["a.b", "c.d"]) == [1, 1]
    assert entry_lines(pretty, "resource_changes", ["missing"]) == [1]
