"""Time ``policycheck plan`` on a generated plan of N resources (default 2,000).

The plan is what ``terraform show -json`` prints (one line) for a root that calls a ``service``
module once per service (``for_each``), ten resources each: security group, database, S3
bucket with its encryption, public-access-block and versioning companions, log group, IAM role
and policy, KMS key. Per service the action is fixed by its index: mostly no-op, then updates
(one weakening a control), creations (values known only after apply), a few replacements and
deletions, so every gate has work. The same N always writes the same bytes.

Run: ``PYTHONPATH=src python benchmarks/plan_bench.py [--resources 2000] [--repeat 5]
[--keep plan.json]``. Prints the plan size and the median wall time of each phase over
``--repeat`` runs: loading the policies (once per process), loading the plan, judging it
(policies and plan gates, one process) and the whole ``policycheck plan`` run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from policycheck.engine.registry import load_registry
from policycheck.engine.report import ScanReport
from policycheck.engine.scan import ScanOptions, judge_loaded
from policycheck.loaders.base import LoadOptions, LoadResult, SourceFile
from policycheck.loaders.plan.loader import load_plan
from policycheck.loaders.plan.model import PlanOptions
from policycheck.testing.plan_document import (
    UNKNOWN,
    UNKNOWN_MAP,
    Instance,
    ModuleCall,
    Secret,
    const,
    plan_document,
    refs,
)

T = TypeVar("T")
PER_SERVICE = 10
ACCOUNT = "123456789012"
POLICY_JSON = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}]})


def _action(index: int) -> str:
    """The action of service ``index``: 60% no-op, 20% update, 14% create, 3% replace, 3%
    delete, in a fixed rotation."""
    slot = index % 100
    return ("no-op" if slot < 60 else "update" if slot < 80 else "create" if slot < 94
            else "replace" if slot < 97 else "delete")


def _service(index: int) -> list[Instance]:
    name = f"svc-{index:04d}"
    action = _action(index)
    new = action == "create"
    module = f'module.service["{name}"]'
    sg_id = f"sg-{index:017x}"

    def known(value: Any) -> Any:
        return UNKNOWN if new else value

    def tags_all(value: dict[str, str]) -> Any:
        return UNKNOWN_MAP if new else value

    sg = {"arn": known(f"arn:aws:ec2:eu-west-1:{ACCOUNT}:security-group/{sg_id}"),
          "description": "Managed by Terraform", "egress": [], "id": known(sg_id),
          "ingress": [{"cidr_blocks": ["10.0.0.0/8"], "description": "", "from_port": 5432,
                       "ipv6_cidr_blocks": [], "prefix_list_ids": [], "protocol": "tcp",
                       "security_groups": [], "self": False, "to_port": 5432}],
          "name": name, "tags": {"service": name}, "tags_all": tags_all({"service": name}),
          "vpc_id": "vpc-0a1b2c3d4e5f60718"}
    db = {"allocated_storage": 50, "arn": known(f"arn:aws:rds:eu-west-1:{ACCOUNT}:db:{name}"),
          "backup_retention_period": 7, "deletion_protection": True,
          "enabled_cloudwatch_logs_exports": ["postgresql"], "engine": "postgres",
          "engine_version": "16.3", "iam_database_authentication_enabled": True,
          "id": known(f"db-{index:012d}"), "identifier": name, "instance_class": "db.t4g.medium",
          "manage_master_user_password": True, "monitoring_interval": 60, "multi_az": True,
          "password": Secret(None), "performance_insights_enabled": True,
          "publicly_accessible": False, "skip_final_snapshot": False, "storage_encrypted": True,
          "tags": {"service": name}, "tags_all": tags_all({"service": name}),
          "vpc_security_group_ids": [known(sg_id)]}
    bucket_name = f"acme-{name}"
    bucket = {"arn": f"arn:aws:s3:::{bucket_name}", "bucket": bucket_name, "force_destroy": False,
              "id": known(bucket_name), "tags": {"service": name}, "tags_all": tags_all({"service": name})}
    key_id = f"{index:08d}-0000-4000-8000-000000000000"
    resources: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
        ("aws_security_group", sg, {"name": const(name), "ingress": const(sg["ingress"])}),
        ("aws_db_instance", db, {"identifier": refs("var.name"),
                                 "vpc_security_group_ids": refs("aws_security_group.this.id")}),
        ("aws_s3_bucket", bucket, {"bucket": const(bucket_name)}),
        ("aws_s3_bucket_server_side_encryption_configuration",
         {"bucket": known(bucket_name), "id": known(bucket_name), "rule": [
             {"apply_server_side_encryption_by_default": [
                 {"kms_master_key_id": "", "sse_algorithm": "aws:kms"}],
              "bucket_key_enabled": True}]},
         {"bucket": refs("aws_s3_bucket.this.id")}),
        ("aws_s3_bucket_public_access_block",
         {"block_public_acls": True, "block_public_policy": True, "bucket": known(bucket_name),
          "id": known(bucket_name), "ignore_public_acls": True, "restrict_public_buckets": True},
         {"bucket": refs("aws_s3_bucket.this.id")}),
        ("aws_s3_bucket_versioning",
         {"bucket": known(bucket_name), "id": known(bucket_name),
          "versioning_configuration": [{"mfa_delete": "", "status": "Enabled"}]},
         {"bucket": refs("aws_s3_bucket.this.id")}),
        ("aws_cloudwatch_log_group",
         {"arn": known(f"arn:aws:logs:eu-west-1:{ACCOUNT}:log-group:/svc/{name}"),
          "id": known(f"/svc/{name}"), "kms_key_id": "", "name": f"/svc/{name}",
          "retention_in_days": 90, "skip_destroy": False, "tags": {}, "tags_all": tags_all({})},
         {"name": refs("var.name"), "retention_in_days": const(90)}),
        ("aws_iam_role",
         {"arn": known(f"arn:aws:iam::{ACCOUNT}:role/{name}"),
          "assume_role_policy": json.dumps({"Version": "2012-10-17", "Statement": [{
              "Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
              "Action": "sts:AssumeRole"}]}),
          "id": known(name), "max_session_duration": 3600, "name": name, "path": "/",
          "tags": {}, "tags_all": tags_all({})},
         {"name": refs("var.name")}),
        ("aws_iam_role_policy", {"id": known(f"{name}:data"), "name": "data",
                                 "policy": POLICY_JSON, "role": known(name)},
         {"role": refs("aws_iam_role.this.id"), "policy": const(POLICY_JSON)}),
        ("aws_kms_key",
         {"arn": known(f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/{key_id}"),
          "deletion_window_in_days": 30, "enable_key_rotation": True, "id": known(key_id),
          "is_enabled": True, "key_usage": "ENCRYPT_DECRYPT", "tags": {}, "tags_all": tags_all({})},
         {"enable_key_rotation": const(True)}),
    ]
    instances: list[Instance] = []
    for kind, after, expressions in resources:
        before: dict[str, Any] | None = None if new else dict(after)
        after = dict(after)
        if action == "update" and kind == "aws_db_instance":
            after["deletion_protection"] = index % 2 == 0
        if action == "replace" and kind == "aws_db_instance":
            after.update(identifier=f"{name}-v2", arn=UNKNOWN, id=UNKNOWN)
        actions = {"no-op": ["no-op"], "update": ["update"] if kind == "aws_db_instance"
                   else ["no-op"], "create": ["create"], "delete": ["delete"],
                   "replace": ["delete", "create"] if kind == "aws_db_instance"
                   else ["no-op"]}[action]
        instances.append(Instance(
            kind, "this", actions, before, None if action == "delete" else after,
            module=module, expressions=expressions,
            replace_paths=[["identifier"]] if actions == ["delete", "create"] else ()))
    return instances


def plan_of(resources: int) -> dict[str, Any]:
    """The plan document with ``resources`` resources (rounded up to whole services)."""
    services = -(-resources // PER_SERVICE)
    instances = [i for index in range(services) for i in _service(index)]
    call = ModuleCall(("service",), "./modules/service", {"name": refs("each.key")},
                      variables={"name": {}})
    return plan_document(instances, calls=[call], variables={"tags": {"env": "prod"}})


def median(action: Callable[[], T], repeat: int) -> tuple[float, T]:
    """The median wall time of ``action`` in seconds, and its last result."""
    times: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--resources", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="write the generated plan here")
    args = parser.parse_args()
    text = json.dumps(plan_of(args.resources), separators=(",", ":"))
    with tempfile.TemporaryDirectory() as scratch:
        path = args.keep or Path(scratch) / "plan.json"
        path.write_text(text, "utf-8")
        registry_time, registry = median(lambda: load_registry(entry_points=False), 1)
        assert not registry.errors, registry.errors
        policies = list(registry)
        options = ScanOptions(paths=[str(path)], jobs=1)

        def load() -> LoadResult:
            return load_plan(SourceFile(path, path.name), LoadOptions(), PlanOptions())

        def judge(loaded: LoadResult) -> ScanReport:
            return judge_loaded(loaded, options, registry, policies)

        load_time, loaded = median(load, args.repeat)
        judge_time, report = median(lambda: judge(loaded), args.repeat)
        total_time, _ = median(lambda: judge(load()), args.repeat)
    plan, summary = loaded.plans[0], report.summary
    print(f"plan: {len(plan.labels)} resource changes ({len(plan.planned)} planned, "
          f"{len(plan.prior)} prior objects), {len(text) / 1e6:.1f} MB; "
          f"{summary.failed} failed, {summary.unknown} unknown, {summary.passed} passed")
    for label, seconds in (("load policies (once)", registry_time), ("load plan", load_time),
                           ("judge (policies + gates)", judge_time),
                           ("load + judge", total_time)):
        print(f"{label:26} {seconds * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
