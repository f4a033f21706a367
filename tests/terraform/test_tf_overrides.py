"""Override files (``override.tf``, ``*_override.tf``, ``.tf.json`` forms) merged by Terraform's rules."""

from __future__ import annotations

import json
from pathlib import Path

from policycheck.cli import main
from policycheck.loaders.terraform.overrides import is_override
from policycheck.model import Location

MAIN = """
    variable "size" { default = 10 }
    locals {
      env  = "dev"
      name = "app-${local.env}"
    }
    resource "aws_db_instance" "db" {
      engine              = "postgres"
      storage_encrypted   = true
      publicly_accessible = false
      tags = {
        Name = local.name
      }
    }
    resource "aws_instance" "web" {
      ami = "ami-1"
      root_block_device {
        encrypted = true
      }
      ebs_block_device {
        device_name = "/dev/sdf"
      }
      ebs_block_device {
        device_name = "/dev/sdg"
      }
      lifecycle {
        ignore_changes = [ami]
      }
    }
    module "m" {
      source = "./mod"
      size   = var.size
    }
"""


def test_override_file_names() -> None:
    assert [is_override(n) for n in ("override.tf", "db_override.tf", "override.tf.json",
                                     "x_override.tf.json")] == [True] * 4
    assert [is_override(n) for n in ("overrides.tf", "override_db.tf", "myoverride.tf",
                                     "override.json", "main.tf")] == [False] * 5


def test_arguments_replaced_nested_blocks_replaced_per_type(tf) -> None:
    resources = tf.resources({
        "main.tf": MAIN,
        "mod/main.tf": 'variable "size" {}\nresource "x_disk" "d" { size = var.size }\n',
        "override.tf": """
            locals {
              env = "prod"
            }
            variable "size" { default = 20 }
            resource "aws_db_instance" "db" {
              publicly_accessible = true
              tags = {
                Team = "data"
              }
            }
            resource "aws_instance" "web" {
              ebs_block_device {
                device_name = "/dev/sdz"
                encrypted   = false
              }
              lifecycle {
                create_before_destroy = true
              }
            }
        """,
        "z_override.tf.json": json.dumps({
            "resource": {"aws_db_instance": {"db": {"engine": "mysql"}}},
            "module": {"m": {"size": 30}},
        }),
    })
    assert [a for a in resources if a.startswith("aws_db_instance")] == ["aws_db_instance.db"]
    db = resources["aws_db_instance.db"].attributes
    assert db["publicly_accessible"] is True
    assert db["storage_encrypted"] is True
    assert db["engine"] == "mysql"  # the later override file wins
    assert db["tags"] == {"Team": "data"}  # an argument is replaced, not merged
    web = resources["aws_instance.web"].attributes
    assert web["root_block_device"] == [{"encrypted": True}]
    assert web["ebs_block_device"] == [{"device_name": "/dev/sdz", "encrypted": False}]
    assert web["lifecycle"] == [{"ignore_changes": ["ami"], "create_before_destroy": True}]
    assert resources["module.m.x_disk.d"].attributes["size"] == 30
    assert resources["var.size"].attributes["default"] == 20


def test_locals_override_is_used_by_other_locals(tf) -> None:
    resources = tf.resources({
        "main.tf": MAIN,
        "mod/main.tf": 'variable "size" {}\n',
        "env_override.tf": 'locals {\n  env = "prod"\n}\n',
    })
    assert resources["aws_db_instance.db"].attributes["tags"] == {"Name": "app-prod"}


def test_data_output_and_terraform_blocks_are_merged(tf) -> None:
    result = tf.load({
        "main.tf": """
            terraform {
              required_version = ">= 1.0"
              required_providers {
                aws = { source = "hashicorp/aws" }
              }
              backend "s3" {}
            }
            data "aws_iam_policy_document" "d" {
              statement {
                actions = ["s3:GetObject"]
              }
              statement {
                actions = ["s3:PutObject"]
              }
            }
            module "child" {
              source = "./child"
            }
            resource "x_use" "u" {
              v = module.child.out
            }
        """,
        "child/main.tf": 'output "out" {\n  value = "original"\n}\n',
        "child/override.tf": 'output "out" {\n  value = "overridden"\n}\n',
        "override.tf": """
            terraform {
              required_providers {
                random = { source = "hashicorp/random" }
              }
              cloud {}
            }
            data "aws_iam_policy_document" "d" {
              statement {
                actions = ["*"]
              }
            }
        """,
    })
    assert result.errors == []
    resources = {r.address: r for r in result.resources}
    document = resources["data.aws_iam_policy_document.d"]
    assert document.attributes["statement"] == [{"actions": ["*"]}]
    assert resources["x_use.u"].attributes["v"] == "overridden"


def test_locations_name_the_override_file_and_line(tf) -> None:
    resources = tf.resources({
        "main.tf": """
            resource "aws_db_instance" "db" {
              engine              = "postgres"
              publicly_accessible = false
            }
        """,
        "override.tf": """
            resource "aws_db_instance" "db" {

              publicly_accessible = true
            }
        """,
    })
    db = resources["aws_db_instance.db"]
    assert db.location == Location("main.tf", 1, 4)
    assert db.location_of("publicly_accessible") == Location("override.tf", 3, 3)
    assert db.location_of("engine") == Location("main.tf", 2, 2)
    assert db.location_of("no_such") == Location("main.tf", 1, 4)


def test_override_without_original_is_an_error(tf) -> None:
    result = tf.load({
        "main.tf": 'locals {\n  a = 1\n}\n',
        "override.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\nlocals {\n  z = 2\n}\n',
    })
    messages = sorted((e.file, e.line, e.message) for e in result.errors)
    assert messages == [
        ("override.tf", 1, 'override of resource "aws_s3_bucket" "b": no such block in the '
         "module's other files to override"),
        ("override.tf", 5, "override of local.z: no such local in the module's other files to "
         "override"),
    ]
    assert not [r for r in result.resources if r.kind == "aws_s3_bucket"]


def test_provider_override_matches_alias(tf) -> None:
    resources = tf.resources({
        "main.tf": """
            provider "aws" { region = "eu-west-1" }
            provider "aws" {
              alias  = "us"
              region = "us-east-1"
            }
        """,
        "override.tf": """
            provider "aws" {
              alias  = "us"
              region = "us-west-2"
            }
        """,
    })
    assert resources["provider.aws"].attributes["region"] == "eu-west-1"
    assert resources["provider.aws.us"].attributes["region"] == "us-west-2"


def test_scan_reports_one_finding_on_the_merged_resource(tmp_path: Path, monkeypatch,
                                                          capsys) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_db_instance" "db" {\n'
        '  engine              = "postgres"\n'
        "  storage_encrypted   = true\n"
        "  publicly_accessible = false\n"
        "}\n", encoding="utf-8")
    (tmp_path / "override.tf").write_text(
        'resource "aws_db_instance" "db" {\n'
        "  # policycheck:ignore=PC-AWS-081 a scratch database\n"
        "  publicly_accessible = true\n"
        "}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["scan", ".", "--format", "json", "--select",
                 "PC-AWS-020,PC-AWS-070,PC-AWS-081", "--show-passed"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    found = sorted((f["policy_id"], f["verdict"], f["file"], f["line"], f["resource"],
                    f["suppressed"]) for f in report["findings"])
    assert found == [
        ("PC-AWS-020", "fail", "override.tf", 3, "aws_db_instance.db", False),
        ("PC-AWS-070", "pass", "main.tf", 3, "aws_db_instance.db", False),
        ("PC-AWS-081", "fail", "main.tf", 1, "aws_db_instance.db", True),
    ]
    assert report["errors"] == []


def test_terraform_block_merges_providers_and_swaps_backend_for_cloud() -> None:
    from policycheck.loaders.hcl import parse_hcl, strip_metadata
    from policycheck.loaders.terraform.config import ModuleConfig
    from policycheck.loaders.terraform.overrides import merge_file

    config = ModuleConfig(Path("."), ".")
    config.add(parse_hcl('terraform {\n  required_version = ">= 1.0"\n'
                         '  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n'
                         '  backend "s3" {}\n}\n', "main.tf").body, "main.tf")
    errors = merge_file(config, parse_hcl(
        'terraform {\n  required_providers {\n    random = { source = "hashicorp/random" }\n'
        '  }\n  cloud {}\n}\n', "override.tf").body, "override.tf")
    assert errors == []
    (block,) = config.of_kind("terraform")
    body = strip_metadata(block.body)
    assert body["required_version"] == ">= 1.0"
    assert body["required_providers"] == [{"aws": {"source": "hashicorp/aws"},
                                           "random": {"source": "hashicorp/random"}}]
    assert "backend" not in body and body["cloud"] == [{}]
    assert block.file_of("cloud") == "override.tf" and block.file_of("required_version") == "main.tf"


def test_evaluation_errors_in_an_override_name_its_file(tf) -> None:
    result = tf.load({
        "main.tf": 'resource "x" "r" {\n  a = 1\n}\n',
        "override.tf": 'resource "x" "r" {\n\n  a = local.missing\n}\n',
    })
    warning = next(w for w in result.warnings if "local.missing" in w)
    assert warning.startswith("override.tf:3: ")


def test_dynamic_blocks_count_as_their_type(tf) -> None:
    resources = tf.resources({
        "main.tf": """
            resource "aws_security_group" "sg" {
              ingress {
                from_port = 22
              }
              dynamic "egress" {
                for_each = [1, 2]
                content {
                  from_port = egress.value
                }
              }
            }
        """,
        "override.tf": """
            resource "aws_security_group" "sg" {
              dynamic "ingress" {
                for_each = [443, 8443]
                content {
                  from_port = ingress.value
                }
              }
              egress {
                from_port = 0
              }
            }
        """,
    })
    sg = resources["aws_security_group.sg"]
    assert sg.attributes["ingress"] == [{"from_port": 443}, {"from_port": 8443}]
    assert sg.attributes["egress"] == [{"from_port": 0}]
    assert sg.location_of("ingress.1.from_port").file == "override.tf"
