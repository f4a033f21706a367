"""Where a deciding value came from: module inputs, tfvars files, TF_VAR_* (issue #14 item 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policycheck.cli import main
from policycheck.loaders.base import LoadOptions
from policycheck.model import TraceStep

SHARED = {
    "modules/db/main.tf": """
        variable "storage_encrypted" {
          type    = bool
          default = true
        }
        variable "public" { default = false }
        variable "password" { default = null }
        resource "aws_db_instance" "this" {
          engine              = "postgres"
          storage_encrypted   = var.storage_encrypted
          publicly_accessible = var.public
          password            = var.password
        }
    """,
    "modules/app/main.tf": """
        variable "public" {}
        module "db" {
          source = "../db"
          public = var.public
        }
    """,
}


def test_module_input_is_traced_to_the_call(tf) -> None:
    resources = tf.resources({**SHARED, "envs/prod/main.tf": """
        module "orders" {
          source            = "../../modules/db"
          storage_encrypted = false
        }
    """})
    db = resources["module.orders.aws_db_instance.this"]
    assert db.trace_of("storage_encrypted") == (
        TraceStep("envs/prod/main.tf", 3, "storage_encrypted = false set by module.orders"),)
    assert db.trace_of("publicly_accessible") == ()  # the module's own default
    assert db.trace_of("engine") == ()


def test_chain_through_nested_modules_and_tfvars(tf) -> None:
    resources = tf.resources({**SHARED, "envs/prod/main.tf": """
        variable "public" { type = bool }
        variable "db_password" { type = string }
        module "shop" {
          source = "../../modules/app"
          public = var.public
        }
        module "billing" {
          source   = "../../modules/db"
          password = var.db_password
        }
    """, "envs/prod/terraform.tfvars": 'db_password = "hunter2-long"\n\npublic = true\n'})
    db = resources["module.shop.module.db.aws_db_instance.this"]
    assert [str(s) for s in db.trace_of("publicly_accessible")] == [
        "public = true set by module.shop.module.db at modules/app/main.tf:4",
        "public = true set by module.shop at envs/prod/main.tf:5",
        "var.public = true at envs/prod/terraform.tfvars:3",
    ]
    billing = resources["module.billing.aws_db_instance.this"]
    notes = [s.note for s in billing.trace_of("password")]
    assert notes == ['password = "hunt…" set by module.billing', 'var.db_password = "hunt…"']
    assert "hunter2-long" not in repr(billing.traces)


def test_environment_and_json_tfvars(tf, tmp_path: Path) -> None:
    files = {"main.tf": """
        variable "public" { type = bool }
        variable "mode" { type = string }
        resource "aws_db_instance" "db" {
          publicly_accessible = var.public
          engine_mode         = var.mode
        }
    """, "terraform.tfvars.json": '{\n  "other": 1,\n  "mode": "serverless"\n}\n'}
    db = tf.resources(files, LoadOptions(env={"TF_VAR_public": "true"}))["aws_db_instance.db"]
    assert db.trace_of("publicly_accessible") == (
        TraceStep("", 0, 'var.public = "true" set by TF_VAR_public'),)
    assert db.trace_of("engine_mode") == (
        TraceStep("terraform.tfvars.json", 3, 'var.mode = "serverless"'),)


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()  # a repository: modules outside the scanned directory are inside its root
    (tmp_path / "modules" / "db").mkdir(parents=True)
    (tmp_path / "modules" / "db" / "main.tf").write_text(
        'variable "storage_encrypted" { default = true }\n'
        'resource "aws_db_instance" "this" {\n'
        '  engine            = "postgres"\n'
        "  storage_encrypted = var.storage_encrypted\n"
        "}\n")
    (tmp_path / "envs" / "prod").mkdir(parents=True)
    (tmp_path / "envs" / "prod" / "main.tf").write_text(
        'module "orders" {\n'
        '  source = "../../modules/db"\n'
        "  storage_encrypted = false\n"
        "}\n"
        'resource "aws_db_instance" "plain" {\n'
        '  engine = "postgres"\n'
        "}\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main(["scan", "envs/prod", "--select", "PC-AWS-070", *args])
    return capsys.readouterr().out


def test_reports_name_the_callers_line(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = json.loads(_run(capsys, "--format", "json"))
    by_resource = {f["resource"]: f for f in report["findings"]}
    shared = by_resource["module.orders.aws_db_instance.this"]
    assert (shared["file"], shared["line"]) == ("modules/db/main.tf", 4)
    assert shared["trace"] == [{"file": "envs/prod/main.tf", "line": 3,
                                "note": "storage_encrypted = false set by module.orders"}]
    assert "trace" not in by_resource["aws_db_instance.plain"]  # only when there is one
    text = _run(capsys)
    assert "set: storage_encrypted = false set by module.orders at envs/prod/main.tf:3" in text
    markdown = _run(capsys, "--format", "markdown")
    assert "<br>set: storage_encrypted = false set by module.orders at envs/prod/main.tf:3" \
        in markdown
    sarif = json.loads(_run(capsys, "--format", "sarif"))
    results = {r["properties"]["resource"]: r for r in sarif["runs"][0]["results"]}
    assert results["module.orders.aws_db_instance.this"]["relatedLocations"] == [{
        "id": 1, "message": {"text": "storage_encrypted = false set by module.orders"},
        "physicalLocation": {"artifactLocation": {"uri": "envs/prod/main.tf",
                                                  "uriBaseId": "%SRCROOT%"},
                             "region": {"startLine": 3, "endLine": 3}}}]
    assert "relatedLocations" not in results["aws_db_instance.plain"]


def test_passing_findings_carry_no_trace(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main_tf = tree / "envs" / "prod" / "main.tf"
    main_tf.write_text(main_tf.read_text().replace("= false", "= true"))
    report = json.loads(_run(capsys, "--format", "json", "--show-passed"))
    shared = next(f for f in report["findings"]
                  if f["resource"] == "module.orders.aws_db_instance.this")
    assert shared["verdict"] == "pass" and "trace" not in shared


def test_trace_of_walks_to_parents_then_children() -> None:
    from policycheck.model import Location, Resource

    step = TraceStep("main.tf", 3, "x = 1 set by module.m")
    env = TraceStep("", 0, 'var.y = "a" set by TF_VAR_y')
    resource = Resource("k", "k.r", "tf", {}, Location("m.tf", 1, 2),
                        traces={"a.0.b": (step,), "c": (env,)})
    assert resource.trace_of("a.0.b.c") == (step,)
    assert resource.trace_of("a") == (step,)
    assert resource.trace_of("d") == resource.trace_of(None) == ()
    assert (str(step), str(env)) == ("x = 1 set by module.m at main.tf:3",
                                     'var.y = "a" set by TF_VAR_y')


def test_values_mixed_by_a_function_call_are_not_traced(tf) -> None:
    resources = tf.resources({
        "main.tf": """
            module "svc" {
              source = "./svc"
              tag    = "1.2"
            }
        """,
        "svc/main.tf": """
            variable "tag" {}
            resource "aws_ecs_task_definition" "t" {
              container_definitions = jsonencode([{ name = "app", image = "app:${var.tag}" }])
              image                 = "app:${var.tag}"
            }
        """,
    })
    task = resources["module.svc.aws_ecs_task_definition.t"]
    assert task.trace_of("container_definitions") == ()
    assert [str(s) for s in task.trace_of("image")] == [
        'tag = "1.2" set by module.svc at main.tf:3']


def test_traces_survive_the_cache(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cache = ["--format", "json", "--cache-dir", str(tree / ".cache"), "--jobs", "1"]
    cold, warm = _run(capsys, *cache), _run(capsys, *cache)
    assert cold == warm and '"trace": [{"file": "envs/prod/main.tf", "line": 3' in warm
    assert any((tree / ".cache").rglob("*.pickle"))
