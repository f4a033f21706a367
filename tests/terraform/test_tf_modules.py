"""Module calls: local modules (inside and outside the scan), nesting, registry modules."""

from __future__ import annotations

import json

from policycheck.loaders.base import LoadOptions, SourceFile
from policycheck.loaders.terraform import load
from policycheck.model import Reference, Unknown

DB_MODULE = {
    "modules/db/main.tf": """
        variable "name" {}
        variable "vpc_id" {}
        variable "encrypted" { default = true }
        resource "x_sg" "this" {
          count  = 1
          vpc_id = var.vpc_id
        }
        resource "x_db" "this" {
          name      = var.name
          encrypted = var.encrypted
          sgs       = [x_sg.this[0].id]
        }
        module "params" {
          source = "./params"
          family = "pg-${var.name}"
        }
        output "sg_id" { value = x_sg.this[0].id }
        output "family" { value = module.params.family }
    """,
    "modules/db/params/main.tf": """
        variable "family" {}
        resource "x_params" "p" { family = var.family }
        output "family" { value = upper(var.family) }
    """,
}


def test_local_module_inputs_outputs_and_nested_addresses(tf):
    tf.write(DB_MODULE | {"infra/main.tf": """
        resource "x_vpc" "main" {}
        module "db" {
          source    = "../modules/db"
          for_each  = toset(["a", "b"])
          name      = "db-${each.key}"
          encrypted = false
        }
        resource "x_alarm" "a" {
          sg     = module.db["a"].sg_id
          family = module.db["b"].family
        }
    """})
    result = tf.scan("infra/main.tf")
    resources = {r.address: r for r in result.resources}
    db = resources['module.db["a"].x_db.this']
    assert db.attributes["name"] == "db-a"
    assert db.attributes["encrypted"] is False
    assert db.location.file == "modules/db/main.tf"
    assert db.attributes["sgs"] == [Reference('module.db["a"].x_sg.this[0]', "id")]
    params = resources['module.db["b"].module.params.x_params.p']
    assert params.attributes == {"family": "pg-db-b"}
    assert params.location.file == "modules/db/params/main.tf"
    alarm = resources["x_alarm.a"].attributes
    assert alarm["sg"] == Reference('module.db["a"].x_sg.this[0]', "id")
    assert alarm["family"] == "PG-DB-B"
    call = resources['module.db["a"]']
    assert call.kind == "module"
    assert call.attributes == {"name": "db-a", "encrypted": False, "source": "../modules/db"}
    assert result.files == 3


def test_called_directory_is_not_a_root_when_scanned(tf):
    tf.write(DB_MODULE | {"main.tf": """
        module "db" {
          source = "./modules/db"
          name   = "main"
          vpc_id = "vpc-1"
        }
    """})
    addresses = [r.address for r in tf.scan().resources]
    assert "module.db.x_db.this" in addresses
    assert "module.db.module.params.x_params.p" in addresses
    assert not [a for a in addresses if a.startswith(("x_db.", "x_params.", "module.params"))]


def test_module_suppressions_apply_to_the_call_and_its_resources(tf):
    tf.write(DB_MODULE | {"main.tf": """
        module "db" {
          # policycheck:ignore=PC-AWS-050 encryption handled by the platform team
          source = "./modules/db"
          name   = "main"
          vpc_id = "vpc-1"
        }
    """})
    resources = {r.address: r for r in tf.scan().resources}
    for address in ("module.db", "module.db.x_db.this"):
        (suppression,) = resources[address].suppressions
        assert suppression.policy_id == "PC-AWS-050"
        assert suppression.location.file == "main.tf"
        assert suppression.location.line == 2


def test_registry_module_without_init_warns_once(tf):
    result = tf.load({"main.tf": """
        module "vpc" {
          source  = "terraform-aws-modules/vpc/aws"
          version = "5.0.0"
          count   = 2
          cidr    = "10.0.0.0/16"
        }
        resource "x" "t" { vpc = module.vpc[0].vpc_id }
    """})
    assert result.warnings == [
        'main.tf:1: module "vpc" (source terraform-aws-modules/vpc/aws) not evaluated: '
        "run terraform init"
    ]
    resources = {r.address: r for r in result.resources}
    assert set(resources) == {"module.vpc[0]", "module.vpc[1]", "x.t"}
    assert isinstance(resources["x.t"].attributes["vpc"], Unknown)


def test_registry_module_from_the_init_manifest(tf):
    manifest = {"Modules": [{"Key": "", "Source": "", "Dir": "."},
                            {"Key": "vpc", "Source": "registry.terraform.io/x/vpc/aws",
                             "Dir": ".terraform/modules/vpc"}]}
    tf.write({
        "main.tf": """
            module "vpc" {
              source = "x/vpc/aws"
              cidr   = "10.0.0.0/16"
            }
        """,
        ".terraform/modules/modules.json": json.dumps(manifest),
        ".terraform/modules/vpc/main.tf": """
            variable "cidr" {}
            resource "x_vpc" "this" { cidr_block = var.cidr }
        """,
    })
    result = tf.scan()
    vpc = {r.address: r for r in result.resources}["module.vpc.x_vpc.this"]
    assert vpc.attributes == {"cidr_block": "10.0.0.0/16"}
    assert vpc.location.file == ".terraform/modules/vpc/main.tf"
    assert result.warnings == []


def test_module_outside_the_scan_is_shown_relative_to_the_caller(tf):
    tf.write(DB_MODULE | {"live/prod/main.tf": """
        module "db" {
          source = "../../modules/db"
          name   = "prod"
          vpc_id = "vpc-1"
        }
    """})
    source = SourceFile(tf.root / "live/prod/main.tf", "prod/main.tf")
    result = load([source], LoadOptions())
    db = {r.address: r for r in result.resources}["module.db.x_db.this"]
    assert db.location.file == "../modules/db/main.tf"


def test_missing_local_module_directory_warns(tf):
    result = tf.load({"main.tf": """
        module "gone" {
          source = "./modules/gone"
        }
        resource "x" "t" { path = "${path.module}/files" }
    """})
    assert result.warnings == [
        'main.tf:1: module "gone" (source ./modules/gone) not evaluated: '
        "directory modules/gone not found"
    ]
    assert {r.address: r for r in result.resources}["x.t"].attributes == {"path": "./files"}
