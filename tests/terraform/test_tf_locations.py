"""Locations, attribute lines, suppressions, providers, parse errors and .tf.json files."""

from __future__ import annotations

import json
from datetime import date

MAIN = """
resource "x_sg" "web" {
  name = "web"
  ingress {
    from_port   = 80
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port = 443
  }
  tags = {
    Name = "web"
  }
}
"""


def test_location_and_attribute_lines(tf):
    sg = tf.resources({"main.tf": MAIN})["x_sg.web"]
    assert (sg.location.file, sg.location.line, sg.location.end_line) == ("main.tf", 1, 13)
    lines = sg.attribute_lines
    assert lines["name"] == 2
    assert lines["ingress.0"] == 3
    assert lines["ingress.0.from_port"] == 4
    assert lines["ingress.0.cidr_blocks"] == 5
    assert lines["ingress.1"] == 7
    assert lines["ingress.1.from_port"] == 8
    assert lines["tags.Name"] == 11
    assert sg.line_of("ingress.1.to_port") == 7


def test_suppressions_with_reason_and_until(tf):
    resources = tf.resources({"main.tf": """
        resource "x_bucket" "b" {
          # policycheck:ignore=PC-AWS-001,PC-AWS-002 public website until=2030-01-31
          acl = "public-read"
          versioning {
            // policycheck:ignore=PC-AWS-003 versioning not needed for a cache
            enabled = false
          }
        }
    """})
    suppressions = resources["x_bucket.b"].suppressions
    assert [(s.policy_id, s.reason, s.until, s.location.line) for s in suppressions] == [
        ("PC-AWS-001", "public website", date(2030, 1, 31), 2),
        ("PC-AWS-002", "public website", date(2030, 1, 31), 2),
        ("PC-AWS-003", "versioning not needed for a cache", None, 5),
    ]


def test_suppression_without_reason_is_ignored_with_a_warning(tf):
    result = tf.load({"main.tf": """
        resource "x_bucket" "b" {
          count = 2
          acl = "public-read" # policycheck:ignore=PC-AWS-001
        }
    """})
    assert all(r.suppressions == () for r in result.resources)
    assert result.warnings == [
        "main.tf:3: suppression of PC-AWS-001 has no reason; it is ignored"
    ]


def test_providers(tf):
    resources = tf.resources({"main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        provider "aws" {
          alias  = "west"
          region = "us-west-2"
        }
    """})
    assert resources["provider.aws"].kind == "provider.aws"
    assert resources["provider.aws"].attributes == {"region": "us-east-1"}
    assert resources["provider.aws.west"].attributes["region"] == "us-west-2"


def test_broken_file_still_yields_the_other_files(tf):
    result = tf.load({
        "good.tf": 'resource "x_bucket" "ok" {\n  acl = "private"\n}\n',
        "bad.tf": 'resource "x_bucket" "bad" {\n  acl = \n}\n',
    })
    assert [r.address for r in result.resources] == ["x_bucket.ok"]
    (error,) = result.errors
    assert (error.file, error.line) == ("bad.tf", 2)
    assert result.files == 2


def test_tf_json_file(tf):
    config = {
        "variable": {"env": {"default": "prod"}},
        "resource": {"x_bucket": {"b": {
            "bucket": "logs-${var.env}",
            "versioning": {"enabled": True},
        }}},
    }
    resources = tf.resources({"main.tf.json": json.dumps(config, indent=2)})
    bucket = resources["x_bucket.b"]
    assert bucket.attributes == {"bucket": "logs-prod", "versioning": [{"enabled": True}]}
    assert bucket.location.file == "main.tf.json"


def test_computed_paths_mark_values_from_variables_and_resources(tf):
    resources = tf.resources({"main.tf": """
        variable "pw" { default = "from-a-variable" }
        locals {
          fixed = "in-code"
          via   = "db-${var.pw}"
        }
        resource "x_db" "d" {
          password = "literal"
          backup   = var.pw
          escaped  = "$${not-interpolated}"
          tags     = { Team = local.fixed, Owner = upper("ops"), Via = local.via }
          hosts    = ["a", x_host.h.name]
          config   = jsonencode({ url = "postgres://db" })
          setting {
            value = var.pw
          }
        }
    """})
    db = resources["x_db.d"]
    assert db.attributes["backup"] == "from-a-variable"
    assert db.computed_paths == {"backup", "tags.Via", "hosts.1", "setting.0.value"}
    assert db.is_literal("password")
    assert db.is_literal("escaped")
    assert db.is_literal("config")
    assert not db.is_literal("setting.0.value")
