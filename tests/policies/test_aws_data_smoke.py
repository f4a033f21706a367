"""Smoke checks of the data-protection AWS policies on hand-built resources.

The annotated fixtures under terraform_fixtures/ are the main proof; these few cases pin each
policy's core verdicts independently of the Terraform loader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from policycheck.engine.policy import Policy
from policycheck.engine.registry import Registry
from policycheck.engine.runner import Selection, run_policies
from policycheck.model import Location, Reference, Resource, ResourceGraph, Unknown, Verdict

POLICIES = Path(__file__).resolve().parents[2] / "policies" / "aws"


def load(policy_id: str) -> Policy:
    number = policy_id.rsplit("-", 1)[1]
    registry = Registry()
    for path in POLICIES.glob(f"pc_aws_{number}_*.py"):
        registry.load_file(path)
    assert not registry.errors, registry.errors
    found = registry.get(policy_id)
    assert found is not None
    return found


def tf(kind: str, label: str, **attributes: Any) -> Resource:
    lines = {name: 10 + i for i, name in enumerate(attributes)}
    return Resource(kind, f"{kind}.{label}", "tf", attributes, Location("main.tf", 1, 30),
                    attribute_lines=lines)


def verdicts(policy_id: str, *resources: Resource) -> dict[str, list[Verdict]]:
    outcome = run_policies(ResourceGraph(resources), Selection([load(policy_id)]))
    assert not outcome.errors, outcome.errors
    found: dict[str, list[Verdict]] = {}
    for finding in outcome.findings:
        found.setdefault(finding.resource, []).append(finding.verdict)
    return found


PASS, FAIL, UNKNOWN = Verdict.PASS, Verdict.FAIL, Verdict.UNKNOWN
BUCKET = tf("aws_s3_bucket", "b", bucket="acme")

CASES: list[tuple[str, list[Resource], dict[str, list[Verdict]]]] = [
    ("PC-AWS-020", [
        tf("aws_db_instance", "a", publicly_accessible=True),
        tf("aws_redshift_cluster", "b"),
        tf("aws_rds_cluster_instance", "c", publicly_accessible=Unknown("var.p")),
    ], {"aws_db_instance.a": [FAIL], "aws_redshift_cluster.b": [PASS],
        "aws_rds_cluster_instance.c": [UNKNOWN]}),
    ("PC-AWS-070", [
        tf("aws_db_instance", "a", storage_encrypted=True),
        tf("aws_rds_cluster", "b", engine="aurora-postgresql"),
        tf("aws_db_instance", "c", storage_encrypted=False),
    ], {"aws_db_instance.a": [PASS], "aws_rds_cluster.b": [FAIL], "aws_db_instance.c": [FAIL]}),
    ("PC-AWS-071", [
        BUCKET,
        tf("aws_s3_bucket", "plain", bucket="plain"),
        tf("aws_s3_bucket_server_side_encryption_configuration", "e",
           bucket=Reference("aws_s3_bucket.b", "id")),
    ], {"aws_s3_bucket.b": [PASS], "aws_s3_bucket.plain": [FAIL]}),
    ("PC-AWS-040", [
        tf("aws_db_parameter_group", "tls", name="tls",
           parameter=[{"name": "rds.force_ssl", "value": "1"}]),
        tf("aws_db_parameter_group", "off", name="off",
           parameter=[{"name": "require_secure_transport", "value": "OFF"}]),
        tf("aws_db_instance", "pg", engine="postgres", parameter_group_name="tls"),
        tf("aws_db_instance", "my", engine="mysql",
           parameter_group_name=Reference("aws_db_parameter_group.off", "name")),
        tf("aws_db_instance", "dflt", engine="mysql", parameter_group_name="default.mysql8.0"),
        tf("aws_rds_cluster", "ora", engine="oracle-ee"),
    ], {"aws_db_instance.pg": [PASS], "aws_db_instance.my": [FAIL],
        "aws_db_instance.dflt": [FAIL], "aws_rds_cluster.ora": [PASS]}),
    ("PC-AWS-042", [
        BUCKET,
        tf("aws_s3_bucket", "plain", bucket="plain", policy='{"Statement": []}'),
        tf("aws_s3_bucket_policy", "p", bucket="acme", policy={"Statement": [{
            "Effect": "Deny", "Action": "s3:*", "Principal": "*",
            "Condition": {"Bool": {"aws:SecureTransport": False}}}]}),
    ], {"aws_s3_bucket.b": [PASS], "aws_s3_bucket.plain": [FAIL]}),
    ("PC-AWS-065", [
        tf("aws_db_instance", "a", password=Unknown("var.p")),
        tf("aws_rds_cluster", "b", manage_master_user_password=True),
    ], {"aws_db_instance.a": [FAIL], "aws_rds_cluster.b": [PASS]}),
    ("PC-AWS-066", [
        tf("aws_db_instance", "a", engine="postgres"),
        tf("aws_db_instance", "b", engine="sqlserver-ex"),
        tf("aws_rds_cluster", "c", engine="aurora-mysql", iam_database_authentication_enabled=True),
    ], {"aws_db_instance.a": [FAIL], "aws_db_instance.b": [PASS], "aws_rds_cluster.c": [PASS]}),
    ("PC-AWS-072", [
        tf("aws_ebs_volume", "v", encrypted=False),
        tf("aws_instance", "i", ebs_block_device=[{"encrypted": True}]),
        tf("aws_launch_template", "t",
           block_device_mappings=[{"ebs": [{"encrypted": "true"}]}, {"virtual_name": "e0"}]),
        tf("aws_ebs_encryption_by_default", "d", enabled=False),
    ], {"aws_ebs_volume.v": [FAIL], "aws_instance.i": [FAIL, PASS],
        "aws_launch_template.t": [PASS], "aws_ebs_encryption_by_default.d": [FAIL]}),
    ("PC-AWS-074", [
        tf("aws_opensearch_domain", "o", encrypt_at_rest=[{"enabled": True}]),
        tf("aws_redshift_cluster", "r"),
    ], {"aws_opensearch_domain.o": [PASS], "aws_redshift_cluster.r": [FAIL]}),
    ("PC-AWS-075", [
        tf("aws_sqs_queue", "q", sqs_managed_sse_enabled=True),
        tf("aws_sqs_queue", "k", kms_master_key_id=Unknown("var.k"), sqs_managed_sse_enabled=False),
        tf("aws_sns_topic", "t"),
    ], {"aws_sqs_queue.q": [PASS], "aws_sqs_queue.k": [UNKNOWN], "aws_sns_topic.t": [FAIL]}),
    ("PC-AWS-076", [
        tf("aws_eks_cluster", "a", encryption_config=[{"resources": ["secrets"]}]),
        tf("aws_eks_cluster", "b"),
    ], {"aws_eks_cluster.a": [PASS], "aws_eks_cluster.b": [FAIL]}),
    ("PC-AWS-080", [
        tf("aws_db_instance", "a", backup_retention_period="7"),
        tf("aws_rds_cluster", "b", backup_retention_period=1),
    ], {"aws_db_instance.a": [PASS], "aws_rds_cluster.b": [FAIL]}),
    ("PC-AWS-082", [
        tf("aws_db_instance", "a", skip_final_snapshot=True),
        tf("aws_rds_cluster", "b"),
    ], {"aws_db_instance.a": [FAIL], "aws_rds_cluster.b": [PASS]}),
    ("PC-AWS-090", [
        tf("aws_cloudwatch_log_group", "a", retention_in_days=0),
        tf("aws_cloudwatch_log_group", "b", retention_in_days=731),
    ], {"aws_cloudwatch_log_group.a": [FAIL], "aws_cloudwatch_log_group.b": [PASS]}),
    ("PC-AWS-091", [
        tf("aws_s3_bucket", "b", bucket="acme", lifecycle_rule=[{"enabled": True}]),
        tf("aws_s3_bucket", "plain", bucket="plain"),
    ], {"aws_s3_bucket.b": [PASS], "aws_s3_bucket.plain": [FAIL]}),
    ("PC-AWS-092", [
        tf("aws_cloudtrail", "t", is_multi_region_trail=True, enable_logging=False),
    ], {"aws_cloudtrail.t": [PASS, FAIL, FAIL]}),
    ("PC-AWS-094", [
        tf("aws_eks_cluster", "a", enabled_cluster_log_types=["audit", "api"]),
        tf("aws_eks_cluster", "b", enabled_cluster_log_types=["api"]),
    ], {"aws_eks_cluster.a": [PASS], "aws_eks_cluster.b": [FAIL]}),
    ("PC-AWS-095", [
        tf("aws_lb", "a", access_logs=[{"bucket": "x"}]),
        tf("aws_lb", "g", load_balancer_type="gateway"),
    ], {"aws_lb.a": [FAIL], "aws_lb.g": [PASS]}),
    ("PC-AWS-097", [
        BUCKET,
        tf("aws_s3_bucket_public_access_block", "p", bucket=Reference("aws_s3_bucket.b", "id"),
           block_public_acls=True, block_public_policy=True, ignore_public_acls=True),
    ], {"aws_s3_bucket.b": [FAIL]}),
    ("PC-AWS-100", [
        tf("aws_ecs_task_definition", "a", container_definitions='[{"name": "x"}]'),
        tf("aws_ecs_task_definition", "b", memory="512", container_definitions=[{"name": "x"}]),
    ], {"aws_ecs_task_definition.a": [FAIL], "aws_ecs_task_definition.b": [PASS]}),
    ("PC-AWS-101", [
        tf("aws_ecs_task_definition", "a", container_definitions=[
            {"name": "x", "healthCheck": {"command": ["CMD", "true"]}},
            {"name": "y", "essential": "false"}, {"name": "z"}]),
    ], {"aws_ecs_task_definition.a": [PASS, FAIL]}),
    ("PC-AWS-110", [
        tf("aws_db_instance", "a", monitoring_interval=0, performance_insights_enabled=True),
        tf("aws_db_instance", "b", monitoring_interval="0"),
    ], {"aws_db_instance.a": [PASS], "aws_db_instance.b": [FAIL]}),
]


@pytest.mark.parametrize(("policy_id", "resources", "expected"), CASES,
                         ids=[case[0] for case in CASES])
def test_policy_verdicts(policy_id: str, resources: list[Resource],
                         expected: dict[str, list[Verdict]]) -> None:
    assert verdicts(policy_id, *resources) == expected


def test_aurora_message_explains_the_explicit_requirement() -> None:
    cluster = tf("aws_rds_cluster", "c", engine="aurora-mysql")
    outcome = run_policies(ResourceGraph([cluster]), Selection([load("PC-AWS-070")]))
    assert "Aurora" in outcome.findings[0].message
