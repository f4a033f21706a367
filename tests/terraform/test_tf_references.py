"""References to other resources and data sources."""

from __future__ import annotations

import json

from policycheck.model import Reference, ResourceGraph, Unknown

MAIN = """
resource "x_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "x_subnet" "s" {
  count  = 2
  vpc_id = x_vpc.main.id
}
data "x_ami" "ubuntu" {
  most_recent = true
}
locals {
  first_subnet = x_subnet.s[0].id
}
resource "x_instance" "web" {
  ami        = data.x_ami.ubuntu.id
  subnet_id  = local.first_subnet
  subnet_ids = x_subnet.s[*].id
  cidr       = x_vpc.main.cidr_block
  label      = "in-${x_vpc.main.cidr_block}"
  arn_label  = "in-${x_vpc.main.arn}"
  depends_on = [x_vpc.main]
}
"""


def test_reference_values(tf):
    attributes = tf.resources({"main.tf": MAIN})["x_instance.web"].attributes
    assert attributes["subnet_id"] == Reference("x_subnet.s[0]", "id")
    assert attributes["subnet_ids"] == [Reference("x_subnet.s[0]", "id"),
                                        Reference("x_subnet.s[1]", "id")]
    assert attributes["cidr"] == Reference("x_vpc.main", "cidr_block")
    assert attributes["depends_on"] == [Reference("x_vpc.main", "")]


def test_literal_attribute_of_a_referenced_resource_is_used_in_templates(tf):
    attributes = tf.resources({"main.tf": MAIN})["x_instance.web"].attributes
    assert attributes["label"] == "in-10.0.0.0/16"
    assert isinstance(attributes["arn_label"], Unknown)
    assert attributes["arn_label"].reason == "x_vpc.main.arn is known only after apply"


def test_resource_references_hold_every_referenced_address(tf):
    resources = tf.resources({"main.tf": MAIN})
    assert resources["x_instance.web"].references == {
        "data.x_ami.ubuntu", "x_subnet.s", "x_subnet.s[0]", "x_vpc.main"
    }
    assert resources["x_subnet.s[1]"].references == {"x_vpc.main"}
    graph = ResourceGraph(list(resources.values()))
    referrers = graph.referrers(resources["x_vpc.main"])
    assert {r.address for r in referrers} == {"x_subnet.s[0]", "x_subnet.s[1]", "x_instance.web"}


def test_data_source_attribute_is_unknown(tf):
    resources = tf.resources({"main.tf": MAIN})
    ami = resources["x_instance.web"].attributes["ami"]
    assert isinstance(ami, Unknown)
    assert ami.reason == "data.x_ami.ubuntu.id is known only after apply"
    data = resources["data.x_ami.ubuntu"]
    assert data.kind == "data.x_ami"
    assert data.attributes == {"most_recent": True}


def test_jsonencode_keeps_references_as_placeholders(tf):
    resources = tf.resources({"main.tf": """
        resource "x_bucket" "b" {}
        resource "x_policy" "p" {
          policy = jsonencode({
            Statement = [{
              Effect   = "Allow"
              Action   = "s3:GetObject"
              Resource = [x_bucket.b.arn, "${x_bucket.b.arn}/*"]
            }]
          })
        }
    """})
    policy = json.loads(resources["x_policy.p"].attributes["policy"])
    assert policy["Statement"][0]["Resource"] == ["${x_bucket.b.arn}", "${x_bucket.b.arn}/*"]
    assert resources["x_policy.p"].references == {"x_bucket.b"}
