"""The pure normalisers on API-shaped data: the provider's state shape, the links, the tags."""

from __future__ import annotations

from policycheck.engine.live import LiveCollection, LiveOptions, judge_live
from policycheck.engine.registry import load_registry
from policycheck.live.aws import shape
from policycheck.live.aws.scope import Scope
from policycheck.live.aws.services import ec2, rds
from policycheck.model import Reference

SCOPE = Scope("123456789012", "eu-west-1")
GROUPS = {"security_groups": [
    {"GroupId": "sg-app", "GroupName": "app", "VpcId": "vpc-1", "Description": "app",
     "Tags": [{"Key": "team", "Value": "shop"}],
     "IpPermissions": [
         {"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535, "UserIdGroupPairs": [{"GroupId": "sg-lb"}]},
         {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": "sg-app"}]}],
     "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]},
    {"GroupId": "sg-lb", "GroupName": "lb", "VpcId": "vpc-1", "Description": "lb",
     "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                        "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "https"}]}]}]}


def test_security_group_rules_are_inline_blocks_with_peers_as_references() -> None:
    app, lb = ec2.normalise(GROUPS, SCOPE)
    assert app.kind == "aws_security_group" and app.address.endswith(":security-group/sg-app")
    assert app.attributes["ingress"] == [
        {"protocol": "tcp", "from_port": 0, "to_port": 65535, "cidr_blocks": [], "ipv6_cidr_blocks": [],
         "prefix_list_ids": [], "security_groups": [Reference(lb.address, "id")], "self": False,
         "description": ""},
        {"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": [], "ipv6_cidr_blocks": [],
         "prefix_list_ids": [], "security_groups": [], "self": True, "description": ""}]
    assert lb.address in app.references
    assert app.attributes["tags"] == {"team": "shop"} and lb.attributes["ingress"][0]["description"] == "https"


def test_the_terraform_policies_judge_the_live_groups_as_they_judge_terraform() -> None:
    collection = LiveCollection("aws", ec2.normalise(GROUPS, SCOPE), scopes=1)
    report = judge_live(collection, LiveOptions(select=["PC-AWS-001", "PC-AWS-002"]), load_registry())
    verdicts = {(f.policy_id, f.resource.rsplit("/", 1)[1]): f.verdict.value for f in report.findings}
    # a wide range from another group is not "wide" (PC-AWS-002), 443 from anywhere is public
    assert verdicts == {("PC-AWS-001", "sg-app"): "pass", ("PC-AWS-001", "sg-lb"): "pass",
                        ("PC-AWS-002", "sg-app"): "pass", ("PC-AWS-002", "sg-lb"): "pass"}


def test_parameter_groups_carry_user_parameters_and_databases_name_them() -> None:
    raw = {
        "instances": [{"DBInstanceIdentifier": "orders", "DbiResourceId": "db-ABC", "Engine": "postgres",
                       "DBInstanceArn": "arn:aws:rds:eu-west-1:123456789012:db:orders",
                       "DBParameterGroups": [{"DBParameterGroupName": "tls"}],
                       "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-app"}],
                       "MasterUserSecret": {"SecretArn": "arn:x", "SecretStatus": "active"}}],
        "parameter_groups": [{"DBParameterGroupName": "tls", "DBParameterGroupFamily": "postgres16",
                              "Parameters": [{"ParameterName": "rds.force_ssl", "ParameterValue": "1",
                                              "ApplyMethod": "pending-reboot"},
                                             {"ParameterName": "unset"}]}]}
    db, group = rds.normalise(raw, SCOPE)
    assert (db.kind, db.attributes["id"], db.attributes["identifier"]) == ("aws_db_instance", "db-ABC", "orders")
    assert db.attributes["parameter_group_name"] == "tls" and db.attributes["manage_master_user_password"]
    assert db.attributes["vpc_security_group_ids"] == [Reference(shape.group_arn(SCOPE, "sg-app"), "id")]
    assert group.attributes["parameter"] == [
        {"name": "rds.force_ssl", "value": "1", "apply_method": "pending-reboot"}]
    report = judge_live(LiveCollection("aws", [db, group], scopes=1), LiveOptions(select=["PC-AWS-040"]),
                        load_registry())
    assert [(f.resource, f.verdict.value) for f in report.findings] == [(db.address, "pass")]


def test_no_trail_is_judged_for_a_live_account_only_and_withheld_when_cloudtrail_was_not_read() -> None:
    from policycheck.live.aws.raw import AccountRead, account_resource
    from policycheck.model import Location, NotAssessed, Resource

    account = account_resource(AccountRead("123456789012"))
    options = LiveOptions(select=["PC-AWS-092"])
    report = judge_live(LiveCollection("aws", [account], scopes=1), options, load_registry())
    assert [(f.resource, f.verdict.value, f.location.file) for f in report.findings] == [
        ("arn:aws:cloudtrail::123456789012:trail/*", "fail", "aws://123456789012")]
    gap = NotAssessed("aws", "123456789012", "", "cloudtrail", "ListTrails", "cloudtrail:ListTrails",
                      "AccessDenied", ("aws_cloudtrail",))
    withheld = judge_live(LiveCollection("aws", [account], [gap], scopes=1), options, load_registry())
    assert withheld.findings == [] and withheld.exit_code == 2
    # a Terraform root without a trail says nothing about the account
    module = Resource("aws_s3_bucket", "aws_s3_bucket.b", "tf", {"bucket": "b"}, Location("main.tf", 1, 1))
    static = judge_live(LiveCollection("tf", [module], scopes=1), LiveOptions(select=["PC-AWS-092"]),
                        load_registry())
    assert static.findings == []


def test_a_vault_on_the_aws_managed_backup_key_fails_and_one_on_a_customer_key_passes() -> None:
    from policycheck.live.aws.services import backup, kms

    managed = "arn:aws:kms:eu-west-1:123456789012:key/1111"
    customer = "arn:aws:kms:eu-west-1:123456789012:key/2222"
    vaults = backup.normalise({"vaults": [
        {"BackupVaultName": "default", "EncryptionKeyArn": managed},
        {"BackupVaultName": "main", "EncryptionKeyArn": customer}]}, SCOPE)
    keys = kms.normalise({"keys": [], "aliases": [
        {"AliasName": "alias/aws/backup", "TargetKeyId": "1111"},
        {"AliasName": "alias/backups", "TargetKeyId": "2222"},
        {"AliasName": "alias/aws/s3"}]}, SCOPE)
    assert [k.attributes["name"] for k in keys] == ["alias/aws/backup", "alias/backups"]
    report = judge_live(LiveCollection("aws", [*vaults, *keys], scopes=1), LiveOptions(select=["PC-AWS-077"]),
                        load_registry())
    assert {(f.resource.rsplit(":", 1)[1], f.verdict.value) for f in report.findings} == {
        ("default", "fail"), ("main", "pass")}
