"""``policycheck plan`` end to end: exit codes, labels, the gates, --changed-only, secrets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from policycheck.cli import main
from policycheck.testing.plan_document import UNKNOWN, Instance, Secret, const, plan_document, refs

SECRET = "Sup3r-Secret-Password-9"


def _db(identifier: str, **values: Any) -> dict[str, Any]:
    return {"identifier": identifier, "engine": "postgres", "storage_encrypted": True,
            "deletion_protection": True, "backup_retention_period": 7,
            "password": Secret(SECRET), "tags": {}, **values}


def _plan(tmp_path: Path, instances: list[Instance], **extra: Any) -> str:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan_document(instances, **extra), indent=2))
    return str(path)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["plan", *args, "--format", "json", "--jobs", "1"])
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture
def weakening(tmp_path: Path) -> str:
    """An update that turns deletion protection off, a deletion, an unchanged database."""
    return _plan(tmp_path, [
        Instance("aws_db_instance", "main", ["update"], _db("main"),
                 _db("main", deletion_protection=False),
                 expressions={"deletion_protection": const(False),
                              "password": refs("var.password")}),
        Instance("aws_db_instance", "kept", ["no-op"], _db("kept", deletion_protection=False),
                 _db("kept", deletion_protection=False)),
        Instance("aws_s3_bucket", "old", ["delete"], {"bucket": "old", "id": "old"}, None),
    ])


def test_failing_policy_at_or_above_fail_on_exits_1_and_names_address_and_action(
        capsys: pytest.CaptureFixture[str], weakening: str) -> None:
    code, data = _run(capsys, weakening, "--select", "PC-AWS-081,PC-PLAN")
    assert code == 1
    found = {(f["policy_id"], f["resource"]): f for f in data["findings"]}
    assert set(found) == {("PC-AWS-081", "aws_db_instance.main"),
                          ("PC-AWS-081", "aws_db_instance.kept"),
                          ("PC-PLAN-002", "aws_db_instance.main"),
                          ("PC-PLAN-001", "aws_s3_bucket.old")}
    assert found["PC-AWS-081", "aws_db_instance.main"]["message"].startswith("[update] ")
    assert found["PC-AWS-081", "aws_db_instance.kept"]["message"].startswith("[no-op] ")
    assert found["PC-PLAN-001", "aws_s3_bucket.old"]["message"].startswith(
        "[delete] the plan destroys aws_s3_bucket.old")
    weakened = found["PC-PLAN-002", "aws_db_instance.main"]
    assert "PC-AWS-081 (Database deletion protection off) passes before" in weakened["message"]
    assert weakened["message"].endswith("changed: deletion_protection: true -> false")
    assert {f["source"] for f in data["findings"]} == {"plan"}


def test_only_findings_below_fail_on_exit_0(capsys: pytest.CaptureFixture[str],
                                            weakening: str) -> None:
    code, data = _run(capsys, weakening, "--select", "PC-AWS-081")
    assert code == 0 and data["summary"]["failed"] == 2  # medium, under the default high
    assert main(["plan", weakening, "--select", "PC-AWS-081", "--fail-on", "medium"]) == 1


def test_changed_only_judges_created_updated_and_replaced_resources(
        capsys: pytest.CaptureFixture[str], weakening: str) -> None:
    _, data = _run(capsys, weakening, "--select", "PC-AWS-081,PC-PLAN-001", "--changed-only")
    assert sorted((f["policy_id"], f["resource"]) for f in data["findings"]) == [
        ("PC-AWS-081", "aws_db_instance.main"), ("PC-PLAN-001", "aws_s3_bucket.old")]


@pytest.mark.parametrize(("text", "reason"), [
    ("{not json", "invalid JSON"),
    ('{"apiVersion": "v1", "kind": "Namespace"}', "not a Terraform plan"),
    ('{"format_version": "2.0", "planned_values": {}}', "unsupported plan format_version '2.0'"),
])
def test_unreadable_plans_exit_2_with_the_reason(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 text: str, reason: str) -> None:
    (tmp_path / "plan.json").write_text(text)
    code, data = _run(capsys, str(tmp_path / "plan.json"))
    assert code == 2 and data["findings"] == []
    assert len(data["errors"]) == 1 and reason in data["errors"][0]["message"]


def test_drift_of_an_attribute_a_policy_reads_is_reported_with_both_values(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    declared = _db("main", password=Secret("old-" + SECRET))
    live = _db("main", backup_retention_period=1, tags={"owner": "console"})
    plan = _plan(tmp_path, [Instance("aws_db_instance", "main", ["update"], live, declared)],
                 drift=[Instance("aws_db_instance", "main", ["update"], declared, live)])
    code, data = _run(capsys, plan, "--select", "PC-DRIFT-003,PC-AWS-080")
    assert code == 1
    messages = [f["message"] for f in data["findings"] if f["policy_id"] == "PC-DRIFT-003"]
    assert messages == ["[update] backup_retention_period changed outside Terraform: "
                        "backup_retention_period: declared 7, live 1"]


def test_secret_values_are_never_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    declared = _db("main", password=Secret("old-" + SECRET), publicly_accessible=False)
    live = _db("main", password=Secret(SECRET), publicly_accessible=True)
    plan = _plan(tmp_path, [
        Instance("aws_db_instance", "main", ["update"], live,
                 _db("main", password=Secret(SECRET), deletion_protection=False, id=UNKNOWN),
                 expressions={"password": const(SECRET)}),
    ], drift=[Instance("aws_db_instance", "main", ["update"], declared, live)])
    monkeypatch.chdir(tmp_path)
    outputs = []
    for fmt in ("text", "json", "sarif", "junit", "github", "markdown"):
        main(["plan", plan, "--format", fmt, "--show-passed", "--no-color", "--jobs", "1"])
        outputs.append(capsys.readouterr())
    assert outputs and not any(SECRET in o.out or SECRET in o.err for o in outputs)
    judged = [(f["policy_id"], f["message"]) for f in json.loads(outputs[1].out)["findings"]]
    assert any(p == "PC-SEC-001" for p, _ in judged)  # the literal password was judged
    assert ("PC-DRIFT-003", "[update] password changed outside Terraform: password: declared "
            "(sensitive value), live (sensitive value)") in judged


def test_a_plan_found_by_a_scan_is_judged_with_its_gates(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], weakening: str) -> None:
    (tmp_path / "namespace.json").write_text('{"apiVersion": "v1", "kind": "Namespace", '
                                             '"metadata": {"name": "shop"}}')
    code = main(["scan", str(tmp_path), "--format", "json", "--select", "PC-PLAN,PC-AWS-081",
                 "--jobs", "1"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and data["errors"] == []
    assert data["summary"]["files"] == 2 and data["summary"]["resources"] == 3  # 2 plan + 1 k8s
    assert ("PC-PLAN-001", "aws_s3_bucket.old", weakening) in {
        (f["policy_id"], f["resource"], f["file"]) for f in data["findings"]}


def test_the_gates_are_listed_as_policies(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    listed = {r["id"]: r["sources"] for r in json.loads(capsys.readouterr().out)}
    assert listed["PC-PLAN-001"] == listed["PC-PLAN-002"] == "plan"
    assert listed["PC-DRIFT-003"].split(",")[0].strip() == "plan"  # and the live sources of drift
