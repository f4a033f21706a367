"""iam: roles, users, groups, policies and access keys from one GetAccountAuthorizationDetails."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from policycheck.cli import main
from policycheck.live.aws.services import iam
from policycheck.model import Reference, Verdict
from tests.live.aws.audit import audit, verdicts
from tests.live.aws.conftest import ACCOUNT, Moto
from tests.live.aws.recorded import GLOBAL, by_kind, judge, recorded

ROLE = "arn:aws:iam::123456789012:role/app"
LINKED = "arn:aws:iam::123456789012:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS"
USER = "arn:aws:iam::123456789012:user/ci"
POLICY = "arn:aws:iam::123456789012:policy/s3-all"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
OLD_KEY, NEW_KEY, IDLE_KEY = "AKIAZ7QW3RT5YU8IOLD1", "AKIAZ7QW3RT5YU8INEW2", "AKIAZ7QW3RT5YU8IDLE3"
TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def _wire(document: dict[str, Any]) -> str:
    """A policy document as IAM sends it: URL-encoded JSON."""
    return quote(json.dumps(document))


def _statement(action: str) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]}


def _ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _raw() -> dict[str, Any]:
    details = recorded("iam", "GetAccountAuthorizationDetails", {
        "RoleDetailList": [
            {"Path": "/", "RoleName": "app", "RoleId": "AROAEXAMPLEAPP000001", "Arn": ROLE,
             "CreateDate": "2023-01-01T00:00:00Z", "AssumeRolePolicyDocument": _wire(TRUST),
             "RolePolicyList": [{"PolicyName": "admin", "PolicyDocument": _wire(_statement("*"))}],
             "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess", "PolicyArn": ADMIN},
                                         {"PolicyName": "s3-all", "PolicyArn": POLICY}],
             "Tags": [{"Key": "team", "Value": "app"}], "InstanceProfileList": []},
            {"Path": "/aws-service-role/rds.amazonaws.com/", "RoleName": "AWSServiceRoleForRDS",
             "RoleId": "AROAEXAMPLERDS000002", "Arn": LINKED, "CreateDate": "2022-01-01T00:00:00Z",
             "AssumeRolePolicyDocument": _wire(TRUST)}],
        "UserDetailList": [
            {"Path": "/", "UserName": "ci", "UserId": "AIDAEXAMPLECI0000003", "Arn": USER,
             "CreateDate": "2022-06-01T00:00:00Z", "GroupList": ["deploy"],
             "UserPolicyList": [{"PolicyName": "read", "PolicyDocument": _wire(_statement("s3:GetObject"))}]}],
        "GroupDetailList": [
            {"Path": "/", "GroupName": "deploy", "GroupId": "AGPAEXAMPLE000000004", "Arn":
             "arn:aws:iam::123456789012:group/deploy", "CreateDate": "2022-06-01T00:00:00Z",
             "AttachedManagedPolicies": [{"PolicyName": "s3-all", "PolicyArn": POLICY}]}],
        "Policies": [
            {"PolicyName": "s3-all", "PolicyId": "ANPAEXAMPLE000000005", "Arn": POLICY, "Path": "/",
             "DefaultVersionId": "v2", "AttachmentCount": 2, "IsAttachable": True,
             "PolicyVersionList": [
                 {"Document": _wire(_statement("s3:GetObject")), "VersionId": "v1", "IsDefaultVersion": False},
                 {"Document": _wire(_statement("s3:*")), "VersionId": "v2", "IsDefaultVersion": True}]}],
        "IsTruncated": False})
    keys = recorded("iam", "ListAccessKeys", {"AccessKeyMetadata": [
        {"UserName": "ci", "AccessKeyId": OLD_KEY, "Status": "Active", "CreateDate": _ago(200)},
        {"UserName": "ci", "AccessKeyId": NEW_KEY, "Status": "Active", "CreateDate": _ago(10)},
        {"UserName": "ci", "AccessKeyId": IDLE_KEY, "Status": "Inactive", "CreateDate": _ago(400)}],
        "IsTruncated": False})
    return {**details, "AccessKeys": {"ci": keys["AccessKeyMetadata"]}}


def test_roles_users_groups_and_their_policies() -> None:
    found = iam.normalise(_raw(), GLOBAL)
    role = next(r for r in by_kind(found, "aws_iam_role") if r.address == ROLE)
    assert (role.get("id"), role.get("name"), role.get("arn")) == ("app", "app", ROLE)
    assert json.loads(role.get("assume_role_policy")) == TRUST
    assert role.get("managed_policy_arns") == [] and role.get("inline_policy") == []  # see below
    assert role.get("tags") == {"team": "app"}
    assert role.location.file == "aws://123456789012"
    (inline,) = by_kind(found, "aws_iam_role_policy")
    assert (inline.get("id"), inline.get("role")) == ("app:admin", Reference(ROLE, "name"))
    assert json.loads(inline.get("policy")) == _statement("*")
    attachments = {a.get("policy_arn"): a for a in by_kind(found, "aws_iam_role_policy_attachment")}
    assert set(attachments) == {ADMIN, POLICY}
    assert attachments[ADMIN].get("role") == Reference(ROLE, "name") and ROLE in attachments[ADMIN].references
    (group_attachment,) = by_kind(found, "aws_iam_group_policy_attachment")
    assert group_attachment.get("id") == f"deploy/{POLICY}"
    (policy,) = by_kind(found, "aws_iam_policy")
    assert json.loads(policy.get("policy")) == _statement("s3:*")  # the default version
    assert LINKED not in {r.address for r in by_kind(found, "aws_iam_role")}
    (linked,) = by_kind(found, "aws_iam_service_linked_role")
    assert (linked.address, linked.get("id"), linked.get("aws_service_name")) == (LINKED, LINKED, "rds.amazonaws.com")


def test_policies_judge_the_documents() -> None:
    found = iam.normalise(_raw(), GLOBAL)
    verdicts = judge(found, "PC-AWS-060", "PC-AWS-061")
    inline = by_kind(found, "aws_iam_role_policy")[0].address
    user_inline = by_kind(found, "aws_iam_user_policy")[0].address
    assert verdicts[("PC-AWS-060", inline)] is Verdict.FAIL
    assert verdicts[("PC-AWS-060", POLICY)] is Verdict.PASS
    assert verdicts[("PC-AWS-061", POLICY)] is Verdict.FAIL
    assert verdicts[("PC-AWS-061", user_inline)] is Verdict.PASS


def test_access_keys_are_judged_by_age_and_never_addressed_by_their_id() -> None:
    found = iam.normalise(_raw(), GLOBAL)
    keys = {k.get("id"): k for k in by_kind(found, "aws_iam_access_key")}
    assert keys[OLD_KEY].get("status") == "Active" and keys[OLD_KEY].get("user") == "ci"
    assert all(ident not in key.address for ident, key in keys.items())
    created = keys[OLD_KEY].get("create_date")
    assert keys[OLD_KEY].address == f"arn:aws:iam::123456789012:aws_iam_access_key/ci/{created}"
    verdicts = judge(found, "PC-AWS-062")
    assert verdicts[("PC-AWS-062", keys[OLD_KEY].address)] is Verdict.FAIL
    assert verdicts[("PC-AWS-062", keys[NEW_KEY].address)] is Verdict.PASS
    assert verdicts[("PC-AWS-062", keys[IDLE_KEY].address)] is Verdict.PASS


@pytest.mark.slow
def test_against_moto(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    client = moto.client("iam")
    client.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(TRUST))
    client.put_role_policy(RoleName="app", PolicyName="admin", PolicyDocument=json.dumps(_statement("*")))
    arn = client.create_policy(PolicyName="s3-all", PolicyDocument=json.dumps(_statement("s3:*")))["Policy"]["Arn"]
    client.attach_role_policy(RoleName="app", PolicyArn=arn)
    client.create_user(UserName="ci")
    key = client.create_access_key(UserName="ci")["AccessKey"]
    code, report = audit(capsys, "iam", "--select", "PC-AWS-060,PC-AWS-061,PC-AWS-062")
    found = verdicts(report)
    assert found[("PC-AWS-060", f"arn:aws:iam::{ACCOUNT}:aws_iam_role_policy/app:admin")] == "fail"
    assert found[("PC-AWS-061", arn)] == "fail"
    (key_finding,) = [f for f in report["findings"] if f["policy_id"] == "PC-AWS-062"]
    assert key_finding["verdict"] == "pass"  # created just now
    assert key["AccessKeyId"] not in json.dumps(report)
    assert code == 1


@pytest.mark.slow
def test_a_snapshot_gives_the_same_verdicts_and_masks_key_ids(
        moto: Moto, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    client = moto.client("iam")
    client.create_user(UserName="ci")
    client.put_user_policy(UserName="ci", PolicyName="all", PolicyDocument=json.dumps(_statement("*")))
    key = client.create_access_key(UserName="ci")["AccessKey"]["AccessKeyId"]
    snapshot = tmp_path / "account.json"
    code, live = audit(capsys, "iam", "--snapshot", str(snapshot))
    assert code == 1 and key not in snapshot.read_text("utf-8")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name)
    capsys.readouterr()
    assert main(["audit", "aws", "--from-snapshot", str(snapshot), "--format", "json", "--show-passed"]) == 1
    offline = json.loads(capsys.readouterr().out)
    assert verdicts(offline) == verdicts(live)
    assert ("PC-AWS-060", f"arn:aws:iam::{ACCOUNT}:aws_iam_user_policy/ci:all") in verdicts(offline)
    assert any(policy == "PC-AWS-062" for policy, _ in verdicts(offline))


@pytest.mark.slow
def test_a_denied_call_leaves_iam_not_assessed(
        moto: Moto, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """moto's IAM enforcement denies iam:ListAccessKeys to the auditor: IAM is NOT ASSESSED
    (naming the call and the action), none of its resources is judged, and the run exits 2."""
    client = moto.client("iam")
    client.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(TRUST))
    client.put_role_policy(RoleName="app", PolicyName="admin", PolicyDocument=json.dumps(_statement("*")))
    client.create_user(UserName="auditor")
    client.put_user_policy(UserName="auditor", PolicyName="audit", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "iam:ListAccessKeys", "Resource": "*"}]}))
    key = client.create_access_key(UserName="auditor")["AccessKey"]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key["AccessKeyId"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", key["SecretAccessKey"])
    moto.enforce_iam()
    code, report = audit(capsys, "iam", "--select", "PC-AWS-060,PC-AWS-061,PC-AWS-062")
    (gap,) = report["not_assessed"]
    assert (gap["service"], gap["where"], gap["call"], gap["permission"]) == (
        "iam", "", "ListAccessKeys", "iam:ListAccessKeys")
    assert report["findings"] == []  # the admin role policy is not reported as anything
    assert code == 2
