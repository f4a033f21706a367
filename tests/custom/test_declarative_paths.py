"""Attribute paths with wildcards, expanded against attribute values."""

from __future__ import annotations

from policycheck.engine.declarative.paths import Leaf, fixed_prefix, leaves, path_problem
from policycheck.model import Reference, Unknown

GROUP = {
    "ingress": [
        {"from_port": 22, "cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"]},
        {"from_port": 443},
    ],
    "tags": {"team": "shop", "cost-center": "42"},
}


def test_wildcards_name_every_list_item_with_its_concrete_path() -> None:
    assert leaves(GROUP, "ingress.*.cidr_blocks.*") == [
        Leaf("ingress.0.cidr_blocks.0", "10.0.0.0/8", True),
        Leaf("ingress.0.cidr_blocks.1", "0.0.0.0/0", True),
    ]


def test_missing_key_after_a_wildcard_is_an_absent_leaf_per_item() -> None:
    assert leaves(GROUP, "ingress.*.cidr_blocks") == [
        Leaf("ingress.0.cidr_blocks", ["10.0.0.0/8", "0.0.0.0/0"], True),
        Leaf("ingress.1.cidr_blocks", None, False),
    ]


def test_plain_paths_indexes_and_mapping_wildcards() -> None:
    assert leaves(GROUP, "tags.cost-center") == [Leaf("tags.cost-center", "42", True)]
    assert leaves(GROUP, "ingress.1.from_port") == [Leaf("ingress.1.from_port", 443, True)]
    assert [leaf.path for leaf in leaves(GROUP, "tags.*")] == ["tags.team", "tags.cost-center"]
    assert leaves(GROUP, "tags.owner") == [Leaf("tags.owner", None, False)]
    assert leaves(GROUP, "ingress.5.from_port") == [Leaf("ingress.5.from_port", None, False)]


def test_a_wildcard_over_nothing_names_nothing() -> None:
    assert leaves(GROUP, "egress.*.cidr_blocks") == []
    assert leaves({"egress": []}, "egress.*") == []
    assert leaves({"egress": "text"}, "egress.*") == []


def test_unknown_and_reference_values_stop_the_walk_as_unknown_leaves() -> None:
    unknown = Unknown("var.tags has no value")
    assert leaves({"tags": unknown}, "tags.owner") == [Leaf("tags.owner", unknown, True)]
    found = leaves({"ingress": Reference("aws_x.y", "rules")}, "ingress.*.cidr")
    assert [leaf.path for leaf in found] == ["ingress.*.cidr"]
    assert isinstance(found[0].value, Unknown)
    assert "aws_x.y.rules" in found[0].value.reason


def test_a_final_reference_is_the_value_itself() -> None:
    reference = Reference("aws_kms_key.main", "arn")
    assert leaves({"kms_key_id": reference}, "kms_key_id") == [Leaf("kms_key_id", reference, True)]


def test_path_problems_and_prefix() -> None:
    assert path_problem("tags.owner") is None
    assert path_problem("") is not None
    assert path_problem(3) is not None
    assert path_problem("tags..owner") == "attribute 'tags..owner' has an empty segment"
    assert fixed_prefix("ingress.*.cidr_blocks") == "ingress"
    assert fixed_prefix("*.x") is None
    assert fixed_prefix("tags.owner") == "tags.owner"
