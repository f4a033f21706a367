from __future__ import annotations

import json
from typing import Any

import pytest

from policycheck.helpers.iam import (
    Statement,
    allowed_on_all_resources,
    allows,
    is_full_access,
    judge_grants,
    on_all_resources,
    policy_documents,
    read_document,
    service_wildcard,
)
from policycheck.model import Location, Reference, Resource, ResourceGraph, Unknown, Verdict


def res(kind: str, label: str, **attributes: Any) -> Resource:
    return Resource(kind, f"{kind}.{label}", "tf", attributes, Location("main.tf", 1, 9))


def data(label: str, **attributes: Any) -> Resource:
    return Resource("data.aws_iam_policy_document", f"data.aws_iam_policy_document.{label}",
                    "tf", attributes, Location("main.tf", 1, 9))


def read(value: object, *others: Resource) -> list[Statement]:
    holder = res("aws_iam_policy", "p", policy=value)
    document = read_document(value, holder, ResourceGraph([holder, *others]), "policy")
    assert document.unknown is None
    return list(document.statements)


def test_json_string_single_statement_and_string_values() -> None:
    (statement,) = read(json.dumps({"Version": "2012-10-17", "Statement": {
        "Effect": "allow", "Action": "S3:GetObject", "Resource": "*", "Sid": "Read"}}))
    assert statement.effect == "Allow"
    assert statement.actions == ("S3:GetObject",)
    assert statement.resources == ("*",)
    assert statement.describe() == 'policy Statement (Sid "Read")'


def test_jsonencode_value_with_list_and_lowercase_keys() -> None:
    statements = read({"statement": [
        {"effect": "Deny", "notaction": ["iam:*"], "notresource": "arn:aws:s3:::b"},
        {"Effect": "Allow", "Action": ["ec2:*"], "Resource": ["*"],
         "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]})
    assert [s.effect for s in statements] == ["Deny", "Allow"]
    assert statements[0].not_actions == ("iam:*",)
    assert statements[0].not_resources == ("arn:aws:s3:::b",)
    assert statements[1].condition == {"Bool": {"aws:SecureTransport": "true"}}
    assert statements[1].origin == "policy Statement[1]"


def test_unreadable_documents_are_unknown() -> None:
    holder = res("aws_iam_policy", "p")
    graph = ResourceGraph([holder])
    assert read_document("{not json", holder, graph, "policy").unknown is not None
    assert read_document(["x"], holder, graph, "policy").unknown is not None
    unresolved = Unknown("var.policy has no value")
    assert read_document(unresolved, holder, graph, "policy").unknown is unresolved
    gone = read_document(Reference("data.aws_iam_policy_document.gone", "json"), holder,
                         graph, "policy")
    assert gone.unknown is not None and "not in the scan" in gone.unknown.reason
    partly = read_document({"Statement": [{"Effect": "Allow"}, Unknown("x")]}, holder, graph,
                           "policy")
    assert len(partly.statements) == 1 and partly.unknown is not None


def test_data_source_statements_with_defaults() -> None:
    source = data("doc", statement=[
        {"actions": ["*"], "resources": ["*"]},
        {"effect": "Deny", "actions": ["s3:*"], "resources": ["*"], "sid": "NoS3",
         "condition": [{"test": "Bool", "variable": "aws:SecureTransport",
                        "values": ["false"]}]}])
    statements = read(Reference("data.aws_iam_policy_document.doc", "json"), source)
    assert [s.effect for s in statements] == ["Allow", "Deny"]
    assert statements[0].origin == "data.aws_iam_policy_document.doc statement 0"
    assert statements[1].sid == "NoS3"


def test_data_source_merging_by_sid() -> None:
    base = data("base", statement=[{"sid": "A", "actions": ["s3:*"], "resources": ["*"]},
                                   {"sid": "B", "actions": ["ec2:*"], "resources": ["*"]}])
    override = json.dumps({"Statement": [{"Sid": "B", "Effect": "Allow",
                                          "Action": "ec2:Describe*", "Resource": "*"}]})
    merged = data("merged",
                  source_policy_documents=[Reference("data.aws_iam_policy_document.base",
                                                     "json")],
                  statement=[{"sid": "A", "actions": ["s3:GetObject"], "resources": ["*"]},
                             {"actions": ["sqs:*"], "resources": ["*"]}],
                  override_policy_documents=[override])
    statements = read(Reference("data.aws_iam_policy_document.merged", "json"), base, merged)
    assert [s.actions for s in statements] == [("s3:GetObject",), ("ec2:Describe*",),
                                               ("sqs:*",)]


def test_data_source_cycle_terminates() -> None:
    loop = data("loop", source_policy_documents=[
        Reference("data.aws_iam_policy_document.loop", "json")],
        statement=[{"actions": ["s3:*"], "resources": ["*"]}])
    statements = read(Reference("data.aws_iam_policy_document.loop", "json"), loop)
    assert [s.actions for s in statements] == [("s3:*",)]


def test_reference_to_another_resources_literal_policy() -> None:
    other = res("aws_iam_policy", "other", policy='{"Statement": []}')
    assert read(Reference("aws_iam_policy.other", "policy"), other) == []


def test_policy_documents_by_kind() -> None:
    role = res("aws_iam_role", "r", assume_role_policy='{"Statement": []}', inline_policy=[
        {"name": "a", "policy": '{"Statement": []}'}, {}, {"name": "b", "policy": "{}"}])
    graph = ResourceGraph([role])
    assert [d.path for d in policy_documents(role, graph)] == [
        "inline_policy.0.policy", "inline_policy.2.policy"]
    user = res("aws_iam_user_policy", "u", policy="{}")
    assert [d.path for d in policy_documents(user, graph)] == ["policy"]
    assert policy_documents(res("aws_s3_bucket_policy", "b", policy="{}"), graph) == []
    unknown_blocks = res("aws_iam_role", "x", inline_policy=Unknown("dynamic"))
    assert policy_documents(unknown_blocks, graph)[0].unknown is not None


def stmt(**fields: Any) -> Statement:
    return Statement(**{"effect": "Allow", **fields})


def test_on_all_resources() -> None:
    assert on_all_resources(stmt(resources=("*",))) is True
    assert on_all_resources(stmt(resources=("arn:aws:*:*:*:*",))) is True
    assert on_all_resources(stmt(resources=("arn:*:*",))) is True
    assert on_all_resources(stmt(resources=("arn:aws:s3:::*",))) is False
    assert on_all_resources(stmt(not_resources=("arn:aws:s3:::secret",))) is True
    unresolved = Unknown("var.arn")
    assert on_all_resources(stmt(resources=(unresolved,))) is unresolved
    assert on_all_resources(stmt(resources=(unresolved, "*"))) is True


def test_allowed_on_all_resources() -> None:
    assert allowed_on_all_resources(stmt(actions=("*",), resources=("*",))) == ("*",)
    assert allowed_on_all_resources(stmt(effect="Deny", actions=("*",), resources=("*",))) == ()
    assert allowed_on_all_resources(stmt(not_actions=("iam:*",), resources=("*",))) == ()
    assert allowed_on_all_resources(stmt(actions=("*",), resources=("arn:aws:s3:::b",))) == ()
    unresolved = Unknown("var.effect")
    assert allowed_on_all_resources(stmt(effect=unresolved, actions=("*",))) is unresolved


def test_allows_matches_patterns_case_insensitively() -> None:
    statement = stmt(actions=("S3:Get*", "ec2:DescribeInstances"), resources=("*",))
    assert allows(statement, "s3:GetObject") is True
    assert allows(statement, "ec2:describeinstances") is True
    assert allows(statement, "s3:PutObject") is False
    assert allows(stmt(actions=("*",), resources=("*",)), "iam:CreateUser") is True
    unresolved = Unknown("var.action")
    assert allows(stmt(actions=(unresolved,), resources=("*",)), "s3:PutObject") is unresolved


@pytest.mark.parametrize(("action", "full", "service"), [
    ("*", True, None), ("*:*", True, None), ("S3:*", False, "s3"),
    ("kinesis-video:*", False, "kinesis-video"), ("s3:Get*", False, None),
    ("s3:GetObject", False, None),
])
def test_action_shapes(action: str, full: bool, service: str | None) -> None:
    assert is_full_access(action) is full
    assert service_wildcard(action) == service


def test_judge_grants_verdicts() -> None:
    admin = res("aws_iam_policy", "admin", policy={"Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*", "Sid": "All"},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
    scoped = res("aws_iam_policy", "scoped", policy={"Statement": {
        "Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b"}})
    undecided = res("aws_iam_policy", "u", policy={"Statement": {
        "Effect": "Allow", "Action": [Unknown("var.action has no value")], "Resource": "*"}})
    bare_role = res("aws_iam_role", "r")
    graph = ResourceGraph([admin, scoped, undecided, bare_role])

    def judge(resource: Resource) -> list[tuple[Verdict, str, str | None]]:
        return [(r.verdict, r.message, r.path)
                for r in judge_grants(resource, graph, is_full_access, "full admin")]

    (failed,) = judge(admin)
    assert failed[0] is Verdict.FAIL and failed[2] == "policy"
    assert 'Statement[0] (Sid "All") allows "*" on all resources' in failed[1]
    assert [v for v, _, _ in judge(scoped)] == [Verdict.PASS]
    ((verdict, message, _),) = judge(undecided)
    assert verdict is Verdict.UNKNOWN and "var.action has no value" in message
    assert [v for v, _, _ in judge(bare_role)] == [Verdict.PASS]


def test_data_source_attribute_left_unknown_by_the_loader_is_followed() -> None:
    source = data("admin", statement=[{"actions": ["*"], "resources": ["*"]}])
    value = Unknown("data.aws_iam_policy_document.admin.json is known only after apply")
    holder = Resource("aws_iam_policy", "aws_iam_policy.p", "tf", {"policy": value},
                      Location("main.tf", 1, 9),
                      references=frozenset({"data.aws_iam_policy_document.admin"}))
    document = read_document(value, holder, ResourceGraph([source, holder]), "policy")
    assert document.unknown is None
    assert [s.actions for s in document.statements] == [("*",)]
    other = Unknown("var.policy has no value")
    assert read_document(other, holder, ResourceGraph([source, holder]), "policy").unknown is other
