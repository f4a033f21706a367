"""The plan fixtures under terraform_fixtures/plan/, written with the plan writer (whose output
tests/plan/test_document.py checks against real Terraform output).

``python tests/plan/plan_fixtures.py`` rewrites them; test_plan_fixtures_current.py fails when
they are stale. Each case is a directory with ``plan.json`` and, unless its findings point into
``.tf`` files, ``plan.json.expect.yaml``. Attribute sets follow the AWS provider v5 schemas (a
representative subset of each resource's attributes).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from policycheck.testing.plan_document import (
    UNKNOWN,
    UNKNOWN_LIST,
    UNKNOWN_MAP,
    Instance,
    ModuleCall,
    Secret,
    const,
    plan_document,
    refs,
)

ROOT = Path(__file__).resolve().parents[2] / "terraform_fixtures" / "plan"
ACCOUNT = "123456789012"
VPC_ID = "vpc-0a1b2c3d4e5f60718"
Expect = dict[str, list[dict[str, str]]]


# --- resources, shaped like the AWS provider's ----------------------------------------------

def db_instance(identifier: str, *, new: bool = False, **overrides: Any) -> dict[str, Any]:
    """An ``aws_db_instance`` as the provider plans it (``new``: not created yet)."""
    values: dict[str, Any] = {
        "address": UNKNOWN if new else f"{identifier}.c9akciq32.eu-west-1.rds.amazonaws.com",
        "allocated_storage": 100,
        "arn": UNKNOWN if new else f"arn:aws:rds:eu-west-1:{ACCOUNT}:db:{identifier}",
        "auto_minor_version_upgrade": True,
        "backup_retention_period": 7,
        "db_subnet_group_name": "private",
        "deletion_protection": True,
        "enabled_cloudwatch_logs_exports": ["postgresql"],
        "engine": "postgres",
        "engine_version": "16.3",
        "final_snapshot_identifier": f"{identifier}-final",
        "iam_database_authentication_enabled": True,
        "id": UNKNOWN if new else f"db-{identifier.upper().replace('-', '')[:12]}",
        "identifier": identifier,
        "instance_class": "db.r6g.large",
        "manage_master_user_password": True,
        "monitoring_interval": 60,
        "multi_az": True,
        "password": Secret(None),
        "performance_insights_enabled": True,
        "publicly_accessible": False,
        "skip_final_snapshot": False,
        "storage_encrypted": True,
        "storage_type": "gp3",
        "tags": {"service": identifier},
        "tags_all": UNKNOWN_MAP if new else {"service": identifier},
        "username": "app",
        "vpc_security_group_ids": UNKNOWN_LIST if new else ["sg-0aa11bb22cc33dd44"],
    }
    values.update(overrides)
    return values


def rule(port: int, *cidrs: str, description: str = "") -> dict[str, Any]:
    return {"cidr_blocks": list(cidrs), "description": description, "from_port": port,
            "ipv6_cidr_blocks": [], "prefix_list_ids": [], "protocol": "tcp",
            "security_groups": [], "self": False, "to_port": port}


def security_group(name: str, ingress: list[dict[str, Any]], *, group_id: str | None = None,
                   **overrides: Any) -> dict[str, Any]:
    """An ``aws_security_group``; no ``group_id``: not created yet."""
    values: dict[str, Any] = {
        "arn": f"arn:aws:ec2:eu-west-1:{ACCOUNT}:security-group/{group_id}" if group_id
        else UNKNOWN,
        "description": "Managed by Terraform",
        "egress": [rule(0, "0.0.0.0/0") | {"protocol": "-1"}],
        "id": group_id or UNKNOWN,
        "ingress": ingress,
        "name": name,
        "owner_id": ACCOUNT if group_id else UNKNOWN,
        "revoke_rules_on_delete": False,
        "tags": {},
        "tags_all": {} if group_id else UNKNOWN_MAP,
        "vpc_id": VPC_ID,
    }
    values.update(overrides)
    return values


def bucket(name: str, **overrides: Any) -> dict[str, Any]:
    sse = {"apply_server_side_encryption_by_default": [
        {"kms_master_key_id": "", "sse_algorithm": "AES256"}], "bucket_key_enabled": False}
    values: dict[str, Any] = {"arn": f"arn:aws:s3:::{name}", "bucket": name,
                              "force_destroy": False, "id": name,
                              "server_side_encryption_configuration": [{"rule": [sse]}],
                              "tags": {}, "tags_all": {}}
    values.update(overrides)
    return values


def vpc(cidr: str, *, vpc_id: str | None = None) -> dict[str, Any]:
    return {"arn": UNKNOWN if vpc_id is None else f"arn:aws:ec2:eu-west-1:{ACCOUNT}:vpc/{vpc_id}",
            "cidr_block": cidr, "enable_dns_hostnames": True, "enable_dns_support": True,
            "id": vpc_id or UNKNOWN, "instance_tenancy": "default", "tags": None,
            "tags_all": UNKNOWN_MAP if vpc_id is None else {}}


def flow_log() -> dict[str, Any]:
    return {"arn": UNKNOWN, "iam_role_arn": UNKNOWN, "id": UNKNOWN,
            "log_destination": UNKNOWN, "log_destination_type": "cloud-watch-logs",
            "max_aggregation_interval": 600, "tags": None, "tags_all": UNKNOWN_MAP,
            "traffic_type": "ALL", "vpc_id": UNKNOWN}


DB_EXPRESSIONS = {
    "identifier": const("placeholder"), "engine": const("postgres"),
    "instance_class": const("db.r6g.large"), "storage_encrypted": const(True),
    "deletion_protection": const(True), "vpc_security_group_ids": refs("aws_security_group.db.id"),
}


def _db_config(**changes: Any) -> dict[str, Any]:
    return {**DB_EXPRESSIONS, **changes}


# --- the cases ---------------------------------------------------------------------------------

def destroy() -> tuple[dict[str, Any], Expect]:
    """PC-PLAN-001: deletions and replacements of data stores, and changes that destroy none."""
    old_db = db_instance("orders-db")
    new_db = db_instance("orders-db-v2", new=True, tags_all={"service": "orders-db-v2"})
    instances = [
        Instance("aws_db_instance", "main", ["delete", "create"], old_db, new_db,
                 replace_paths=[["identifier"]], action_reason="replace_because_cannot_update",
                 expressions=_db_config(identifier=const("orders-db-v2"))),
        Instance("aws_s3_bucket", "logs", ["delete"], bucket("acme-logs"), None,
                 action_reason="delete_because_no_resource_config"),
        Instance("aws_dynamodb_table", "this", ["delete"],
                 {"arn": f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/sessions",
                  "billing_mode": "PAY_PER_REQUEST", "hash_key": "id", "id": "sessions",
                  "name": "sessions", "point_in_time_recovery": [{"enabled": True}],
                  "tags": {}, "tags_all": {}},
                 None, module="module.storage", index="sessions",
                 action_reason="delete_because_each_key"),
        Instance("aws_cloudwatch_log_group", "app", ["create", "delete"],
                 {"arn": f"arn:aws:logs:eu-west-1:{ACCOUNT}:log-group:/app/orders",
                  "id": "/app/orders", "kms_key_id": "", "name": "/app/orders",
                  "retention_in_days": 30, "skip_destroy": False, "tags": {}, "tags_all": {}},
                 {"arn": UNKNOWN, "id": UNKNOWN, "kms_key_id": "", "name": "/app/orders-v2",
                  "retention_in_days": 30, "skip_destroy": False, "tags": {}, "tags_all": {}},
                 replace_paths=[["name"]], action_reason="replace_because_cannot_update",
                 expressions={"name": const("/app/orders-v2"), "retention_in_days": const(30)}),
        Instance("aws_s3_bucket", "assets", ["update"], bucket("acme-assets"),
                 bucket("acme-assets", tags={"team": "web"}, tags_all={"team": "web"}),
                 expressions={"bucket": const("acme-assets"), "tags": const({"team": "web"})}),
        Instance("aws_security_group", "old", ["delete"],
                 security_group("old", [], group_id="sg-0ff00ff00ff00ff00"), None,
                 action_reason="delete_because_no_resource_config"),
        Instance("aws_kms_key", "data", ["no-op"], *[{
            "arn": f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/1f2e3d4c-0000-4000-8000-000000000001",
            "deletion_window_in_days": 30, "enable_key_rotation": True,
            "id": "1f2e3d4c-0000-4000-8000-000000000001", "is_enabled": True,
            "key_usage": "ENCRYPT_DECRYPT", "tags": {}, "tags_all": {}}] * 2,
            expressions={"enable_key_rotation": const(True)}),
        Instance("aws_ebs_volume", "scratch", ["create"], None,
                 {"arn": UNKNOWN, "availability_zone": "eu-west-1a", "encrypted": True,
                  "id": UNKNOWN, "size": 50, "tags": None, "tags_all": UNKNOWN_MAP, "type": "gp3"},
                 expressions={"availability_zone": const("eu-west-1a"), "encrypted": const(True),
                              "size": const(50)}),
    ]
    calls = [ModuleCall(("storage",), "./modules/storage",
                        {"tables": const(["carts"])})]
    expect: Expect = {
        "ruleid": [{"id": "PC-PLAN-001", "resource": a} for a in (
            "aws_db_instance.main", "aws_s3_bucket.logs",
            'module.storage.aws_dynamodb_table.this["sessions"]', "aws_cloudwatch_log_group.app")],
        "ok": [{"id": "PC-PLAN-001", "resource": a} for a in (
            "aws_s3_bucket.assets", "aws_security_group.old", "aws_kms_key.data",
            "aws_ebs_volume.scratch")],
    }
    return plan_document(instances, calls=calls), expect


def weakened() -> tuple[dict[str, Any], Expect]:
    """PC-PLAN-002: controls that pass before the plan and fail after it, and changes that
    weaken nothing (already failing, newly created, unchanged)."""
    sg_db, sg_web = "sg-0aa11bb22cc33dd44", "sg-0ee11ee22ee33ee44"
    private = rule(5432, "10.0.0.0/16", description="postgres from the VPC")
    opened = rule(5432, "0.0.0.0/0", description="postgres from the VPC")
    sg_expressions = {"name": const("db"), "vpc_id": const(VPC_ID),
                      "ingress": const([opened])}
    instances = [
        Instance("aws_db_instance", "orders", ["update"], db_instance("orders"),
                 db_instance("orders", deletion_protection=False),
                 expressions=_db_config(identifier=const("orders"),
                                        deletion_protection=const(False))),
        Instance("aws_db_instance", "reports", ["update"],
                 db_instance("reports", deletion_protection=False, vpc_security_group_ids=[sg_web]),
                 db_instance("reports", deletion_protection=False, vpc_security_group_ids=[sg_web],
                             instance_class="db.r6g.xlarge"),
                 expressions=_db_config(identifier=const("reports"),
                                        deletion_protection=const(False),
                                        instance_class=const("db.r6g.xlarge"),
                                        vpc_security_group_ids=refs("aws_security_group.web.id"))),
        Instance("aws_db_instance", "analytics", ["create"], None,
                 db_instance("analytics", new=True, deletion_protection=False,
                             vpc_security_group_ids=[sg_db]),
                 expressions=_db_config(identifier=const("analytics"),
                                        deletion_protection=const(False))),
        Instance("aws_db_instance", "billing", ["no-op"], *[db_instance("billing")] * 2,
                 expressions=_db_config(identifier=const("billing"))),
        Instance("aws_security_group", "db", ["update"],
                 security_group("db", [private], group_id=sg_db),
                 security_group("db", [opened], group_id=sg_db), expressions=sg_expressions),
        Instance("aws_security_group", "web", ["no-op"],
                 *[security_group("web", [rule(443, "0.0.0.0/0")],
                                  group_id=sg_web)] * 2,
                 expressions={"name": const("web"), "vpc_id": const(VPC_ID)}),
    ]
    every_db = ("aws_db_instance.orders", "aws_db_instance.reports", "aws_db_instance.analytics",
                "aws_db_instance.billing")
    expect: Expect = {
        "ruleid": [
            {"id": "PC-PLAN-002", "resource": "aws_db_instance.orders"},
            {"id": "PC-PLAN-002", "resource": "aws_security_group.db"},
            {"id": "PC-PLAN-002", "resource": "aws_db_instance.billing"},
            {"id": "PC-AWS-081", "resource": "aws_db_instance.orders"},
            {"id": "PC-AWS-081", "resource": "aws_db_instance.reports"},
            {"id": "PC-AWS-081", "resource": "aws_db_instance.analytics"},
            {"id": "PC-AWS-001", "resource": "aws_security_group.db"},
            *({"id": "PC-AWS-021", "resource": a} for a in every_db),
        ],
        "ok": [
            {"id": "PC-PLAN-002", "resource": "aws_db_instance.reports"},
            {"id": "PC-PLAN-002", "resource": "aws_db_instance.analytics"},
            {"id": "PC-PLAN-002", "resource": "aws_security_group.web"},
            {"id": "PC-AWS-081", "resource": "aws_db_instance.billing"},
            {"id": "PC-AWS-001", "resource": "aws_security_group.web"},
        ],
    }
    return plan_document(instances), expect


def drift() -> tuple[dict[str, Any], Expect]:
    """PC-DRIFT-003: attributes changed outside Terraform, relevant to a policy or not."""
    sg_id = "sg-0aa11bb22cc33dd44"
    declared = security_group("db", [rule(5432, "10.0.0.0/16")], group_id=sg_id)
    live = security_group("db", [rule(5432, "0.0.0.0/0")], group_id=sg_id)
    live_db = db_instance("orders", backup_retention_period=1)
    tagged = bucket("acme-assets", tags={"owner": "someone"}, tags_all={"owner": "someone"})
    drifted = [
        Instance("aws_security_group", "db", ["update"], declared, live),
        Instance("aws_db_instance", "orders", ["update"], db_instance("orders"), live_db),
        Instance("aws_s3_bucket", "assets", ["update"], bucket("acme-assets"), tagged),
    ]
    instances = [
        Instance("aws_security_group", "db", ["update"], live, declared,
                 expressions={"name": const("db"), "vpc_id": const(VPC_ID),
                              "ingress": const([rule(5432, "10.0.0.0/16")])}),
        Instance("aws_db_instance", "orders", ["update"], live_db, db_instance("orders"),
                 expressions=_db_config(identifier=const("orders"),
                                        backup_retention_period=const(7))),
        Instance("aws_s3_bucket", "assets", ["update"], tagged, bucket("acme-assets"),
                 expressions={"bucket": const("acme-assets")}),
    ]
    expect: Expect = {
        "ruleid": [{"id": "PC-DRIFT-003", "resource": "aws_security_group.db"},
                   {"id": "PC-DRIFT-003", "resource": "aws_db_instance.orders"}],
        "ok": [{"id": "PC-DRIFT-003", "resource": "aws_s3_bucket.assets"},
               {"id": "PC-AWS-001", "resource": "aws_security_group.db"},
               {"id": "PC-AWS-080", "resource": "aws_db_instance.orders"},
               {"id": "PC-AWS-071", "resource": "aws_s3_bucket.assets"}],
    }
    relevant = [("aws_security_group.db", ["ingress"]), ("aws_db_instance.orders",
                                                         ["backup_retention_period"])]
    return plan_document(instances, drift=drifted, relevant_attributes=relevant), expect


def references() -> tuple[dict[str, Any], Expect]:
    """Values known only after apply, linked through references, module inputs and keys."""
    open_db = security_group("db", [rule(5432, "0.0.0.0/0")])
    app = security_group("app", [rule(5432, "10.0.0.0/16")])
    module_db = db_instance("orders", new=True, tags_all=UNKNOWN_MAP,
                            vpc_security_group_ids=[UNKNOWN])
    ledger = db_instance("ledger", new=True, storage_encrypted=UNKNOWN,
                         vpc_security_group_ids=[UNKNOWN])
    instances = [
        Instance("aws_vpc", "main", ["create"], None, vpc("10.0.0.0/16"),
                 expressions={"cidr_block": const("10.0.0.0/16")}),
        Instance("aws_flow_log", "main", ["create"], None, flow_log(),
                 expressions={"traffic_type": const("ALL"), "vpc_id": refs("aws_vpc.main.id"),
                              "log_destination": refs("aws_cloudwatch_log_group.flow.arn")}),
        Instance("aws_vpc", "isolated", ["create"], None, vpc("10.9.0.0/16"),
                 expressions={"cidr_block": const("10.9.0.0/16")}),
        *(Instance("aws_vpc", "spoke", ["create"], None, vpc(cidr), index=key,
                   for_each=refs("var.spokes"),
                   expressions={"cidr_block": refs("each.value")})
          for key, cidr in (("eu", "10.1.0.0/16"), ("us", "10.2.0.0/16"))),
        Instance("aws_flow_log", "spoke", ["create"], None, flow_log(), index="eu",
                 for_each=const(["eu"]),
                 expressions={"traffic_type": const("ALL"),
                              "vpc_id": {"references": ["aws_vpc.spoke", "each.key"]}}),
        Instance("aws_security_group", "db", ["create"], None, open_db,
                 expressions={"name": const("db"), "ingress": const([rule(5432, "0.0.0.0/0")])}),
        Instance("aws_security_group", "app", ["create"], None, app,
                 expressions={"name": const("app")}),
        Instance("aws_db_instance", "this", ["create"], None, module_db, module="module.db",
                 index=0, count=const(1),
                 expressions={"identifier": refs("var.name"),
                              "storage_encrypted": refs("var.encrypted"),
                              "vpc_security_group_ids": refs("var.security_group_ids")}),
        Instance("aws_ssm_parameter", "flags", ["read"], None,
                 {"arn": UNKNOWN, "id": UNKNOWN, "insecure_value": UNKNOWN,
                  "name": "/ledger/encrypt", "type": UNKNOWN, "value": Secret(UNKNOWN),
                  "version": UNKNOWN, "with_decryption": True},
                 mode="data", action_reason="read_because_dependency_pending",
                 expressions={"name": const("/ledger/encrypt")}),
        Instance("aws_db_instance", "ledger", ["create"], None, ledger,
                 expressions={"identifier": const("ledger"),
                              "storage_encrypted": refs("data.aws_ssm_parameter.flags.value"),
                              "vpc_security_group_ids": refs("aws_security_group.app.id")}),
    ]
    db_call = ModuleCall(("db",), "./modules/db", {
        "name": const("orders"), "encrypted": const(True),
        "security_group_ids": refs("aws_security_group.db.id")},
        variables={"name": {}, "encrypted": {"default": False}, "security_group_ids": {}})
    expect: Expect = {
        "ruleid": [{"id": "PC-AWS-010", "resource": "aws_vpc.isolated"},
                   {"id": "PC-AWS-010", "resource": 'aws_vpc.spoke["us"]'},
                   {"id": "PC-AWS-021", "resource": "module.db.aws_db_instance.this[0]"}],
        "ok": [{"id": "PC-AWS-010", "resource": "aws_vpc.main"},
               {"id": "PC-AWS-010", "resource": 'aws_vpc.spoke["eu"]'},
               {"id": "PC-AWS-021", "resource": "aws_db_instance.ledger"},
               {"id": "PC-AWS-070", "resource": "module.db.aws_db_instance.this[0]"}],
        "unknown": [{"id": "PC-AWS-070", "resource": "aws_db_instance.ledger"}],
    }
    variables = {"spokes": {"eu": "10.1.0.0/16", "us": "10.2.0.0/16"}}
    return plan_document(instances, calls=[db_call], variables=variables), expect


def mapped() -> tuple[dict[str, Any], Expect]:
    """A plan of the Terraform root beside it (main.tf, modules/db): findings point into the
    .tf files and their ignores apply; a deleted resource is reported in the plan."""
    staging = db_instance("staging", new=True, deletion_protection=False,
                          vpc_security_group_ids=[], tags={}, tags_all=UNKNOWN_MAP)
    instances = [
        Instance("aws_db_instance", "main", ["delete", "create"], db_instance("orders"),
                 db_instance("orders-v2", new=True, deletion_protection=False,
                             vpc_security_group_ids=[], tags={}, tags_all=UNKNOWN_MAP),
                 replace_paths=[["identifier"]], action_reason="replace_because_cannot_update",
                 expressions={"identifier": const("orders-v2"), "engine": const("postgres"),
                              "instance_class": const("db.r6g.large"),
                              "storage_encrypted": const(True),
                              "deletion_protection": const(False)}),
        Instance("aws_db_instance", "this", ["create"], None, staging, module="module.staging",
                 expressions={"identifier": refs("var.name"), "engine": const("postgres"),
                              "instance_class": const("db.r6g.large"),
                              "storage_encrypted": const(True),
                              "deletion_protection": const(False)}),
        Instance("aws_s3_bucket", "old", ["delete"], bucket("acme-old"), None,
                 action_reason="delete_because_no_resource_config"),
    ]
    call = ModuleCall(("staging",), "./modules/db", {"name": const("staging")},
                      variables={"name": {}})
    expect: Expect = {"ruleid": [{"id": "PC-PLAN-001", "resource": "aws_s3_bucket.old"}]}
    return plan_document(instances, calls=[call]), expect


CASES: Mapping[str, Callable[[], tuple[dict[str, Any], Expect]]] = {
    "destroy": destroy, "weakened": weakened, "drift": drift, "references": references,
    "mapped": mapped,
}


def rendered() -> dict[Path, str]:
    """Every generated file's path and text."""
    files: dict[Path, str] = {}
    for name, make in CASES.items():
        document, expect = make()
        files[ROOT / name / "plan.json"] = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        files[ROOT / name / "plan.json.expect.yaml"] = yaml.safe_dump(
            expect, sort_keys=False, default_flow_style=None, width=100)
    return files


if __name__ == "__main__":
    for path, text in rendered().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        print(f"wrote {path}", file=sys.stderr)
