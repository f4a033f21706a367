"""count, for_each and dynamic blocks."""

from __future__ import annotations

from policycheck.model import Unknown


def test_count_zero_yields_no_resource(tf):
    resources = tf.resources({"main.tf": """
        variable "enabled" { default = false }
        resource "x_log" "l" { count = var.enabled ? 1 : 0 }
        resource "x_other" "o" {}
    """})
    assert list(resources) == ["var.enabled", "x_other.o"]


def test_count_two_gives_indexed_addresses(tf):
    resources = tf.resources({"main.tf": """
        resource "x_node" "n" {
          count = 2
          name  = "node-${count.index}"
        }
    """})
    assert resources["x_node.n[0]"].attributes == {"name": "node-0"}
    assert resources["x_node.n[1]"].attributes == {"name": "node-1"}
    assert "x_node.n" not in resources


def test_for_each_over_a_map(tf):
    resources = tf.resources({"main.tf": """
        locals {
          buckets = { logs = "private", site = "public-read" }
        }
        resource "x_bucket" "b" {
          for_each = local.buckets
          bucket   = each.key
          acl      = each.value
        }
    """})
    assert resources['x_bucket.b["logs"]'].attributes == {"bucket": "logs", "acl": "private"}
    assert resources['x_bucket.b["site"]'].attributes == {"bucket": "site", "acl": "public-read"}


def test_for_each_over_a_set(tf):
    resources = tf.resources({"main.tf": """
        resource "x_user" "u" {
          for_each = toset(["bob", "alice", "bob"])
          name     = each.value
          key      = each.key
        }
    """})
    assert [a for a in resources if a.startswith("x_user")] == [
        'x_user.u["alice"]', 'x_user.u["bob"]'
    ]
    assert resources['x_user.u["bob"]'].attributes == {"name": "bob", "key": "bob"}


def test_unknown_count_yields_one_resource_and_a_warning(tf):
    result = tf.load({"main.tf": """
        variable "replicas" {}
        resource "x_node" "n" {
          count = var.replicas
          name  = "node-${count.index}"
          size  = 2
        }
    """})
    node = {r.address: r for r in result.resources}["x_node.n"]
    assert node.attributes["size"] == 2
    assert isinstance(node.attributes["name"], Unknown)
    assert "count.index" in node.attributes["name"].reason
    assert result.warnings == [
        "main.tf:3: count of x_node.n is not known (var.replicas has no value); "
        "evaluated as one instance"
    ]


def test_dynamic_blocks_expand_with_lines(tf):
    resources = tf.resources({"main.tf": """
        locals {
          ports = [22, 443]
        }
        resource "x_sg" "s" {
          dynamic "ingress" {
            for_each = local.ports
            iterator = port
            content {
              from_port = port.value
              index     = port.key
            }
          }
          ingress {
            from_port = 80
          }
        }
    """})
    sg = resources["x_sg.s"]
    assert sg.attributes["ingress"] == [
        {"from_port": 80}, {"from_port": 22, "index": 0}, {"from_port": 443, "index": 1}
    ]
    assert sg.attribute_lines["ingress.0.from_port"] == 14
    assert sg.attribute_lines["ingress.2"] == 8
    assert sg.attribute_lines["ingress.2.from_port"] == 9
    assert sg.computed_paths == set()  # the ports are written in the configuration


def test_dynamic_block_with_unknown_for_each_is_unknown(tf):
    resources = tf.resources({"main.tf": """
        variable "rules" {}
        resource "x_sg" "s" {
          dynamic "ingress" {
            for_each = var.rules
            content {
              from_port = ingress.value
            }
          }
        }
    """})
    ingress = resources["x_sg.s"].attributes["ingress"]
    assert isinstance(ingress, Unknown)
    assert "var.rules has no value" in ingress.reason
    assert resources["x_sg.s"].computed_paths == {"ingress"}
