"""Expressions inside a configuration: locals, conditionals, for, functions, unknowns."""

from __future__ import annotations

import json

import pytest

from policycheck.model import Unknown, UnknownValueError


def test_locals_chain_in_any_order_and_across_files(tf):
    resources = tf.resources({
        "a.tf": """
            locals {
              name = "${local.prefix}-${var.env}"
              tags = merge(local.base_tags, { Name = local.name })
            }
            resource "x_bucket" "b" {
              bucket = local.name
              tags   = local.tags
            }
        """,
        "b.tf": """
            variable "env" { default = "prod" }
            locals {
              prefix    = upper("app")
              base_tags = { Env = var.env }
            }
        """,
    })
    attributes = resources["x_bucket.b"].attributes
    assert attributes["bucket"] == "APP-prod"
    assert attributes["tags"] == {"Env": "prod", "Name": "APP-prod"}


@pytest.mark.parametrize(("env", "expected"), [("prod", 3), ("staging", 2), ("dev", 1)])
def test_chained_conditional_groups_to_the_right(tf, env, expected):
    resources = tf.resources({"main.tf": f"""
        locals {{
          env  = "{env}"
          size = local.env == "prod" ? 3 : local.env == "staging" ? 2 : 1
        }}
        resource "x" "t" {{ size = local.size }}
    """})
    assert resources["x.t"].attributes["size"] == expected


def test_for_expressions_splats_and_functions(tf):
    resources = tf.resources({"main.tf": """
        locals {
          ports  = [80, 443, 8080]
          rules  = [for p in local.ports : { port = p, public = p != 8080 }]
          public = [for r in local.rules : r.port if r.public]
          by_key = { for r in local.rules : tostring(r.port) => r.public }
          all    = local.rules[*].port
          policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["s3:*"] }] })
          cidr   = cidrsubnet("10.0.0.0/16", 8, 3)
        }
        resource "x" "t" {
          public = local.public
          by_key = local.by_key
          all    = local.all
          policy = local.policy
          cidr   = local.cidr
          text   = <<-EOT
            ports: ${join(",", local.public)}
            EOT
        }
    """})
    attributes = resources["x.t"].attributes
    assert attributes["public"] == [80, 443]
    assert attributes["by_key"] == {"80": True, "443": True, "8080": False}
    assert attributes["all"] == [80, 443, 8080]
    assert json.loads(attributes["policy"]) == {
        "Statement": [{"Effect": "Allow", "Action": ["s3:*"]}]
    }
    assert attributes["cidr"] == "10.0.3.0/24"
    assert attributes["text"].strip() == "ports: 80,443"


def test_unknown_makes_the_whole_template_unknown_but_not_its_siblings(tf):
    resources = tf.resources({"main.tf": """
        variable "suffix" {}
        resource "x" "t" {
          name  = "app-${var.suffix}"
          list  = ["fixed", var.suffix]
          equal = var.suffix == "x"
          short = false && var.suffix == "x"
        }
    """})
    attributes = resources["x.t"].attributes
    assert isinstance(attributes["name"], Unknown)
    assert attributes["name"].reason == "var.suffix has no value"
    assert attributes["list"][0] == "fixed"
    assert isinstance(attributes["list"][1], Unknown)
    assert isinstance(attributes["equal"], Unknown)
    assert attributes["short"] is False
    with pytest.raises(UnknownValueError):
        bool(attributes["equal"])


def test_local_cycle_is_unknown_with_a_warning(tf):
    result = tf.load({"main.tf": """
        locals {
          a = local.b
          b = local.a
        }
        resource "x" "t" { v = local.a }
    """})
    value = result.resources[0].attributes["v"]
    assert isinstance(value, Unknown)
    assert "depends on itself" in value.reason
    assert any("depends on itself" in w for w in result.warnings)


def test_evaluation_error_warns_once_per_site(tf):
    result = tf.load({"main.tf": """
        locals { m = { a = 1 } }
        resource "x" "t" {
          count = 3
          v     = local.m.missing
          w     = local.m.a
        }
    """})
    assert len(result.resources) == 3
    assert all(isinstance(r.attributes["v"], Unknown) for r in result.resources)
    assert [r.attributes["w"] for r in result.resources] == [1, 1, 1]
    errors = [w for w in result.warnings if "cannot evaluate" in w]
    assert errors == ["main.tf:4: cannot evaluate expression: object has no attribute 'missing'"]


def test_unsupported_function_is_unknown(tf):
    resources = tf.resources({"main.tf": 'resource "x" "t" { v = filemd5("policy.json") }\n'})
    value = resources["x.t"].attributes["v"]
    assert isinstance(value, Unknown)
    assert "filemd5()" in value.reason
