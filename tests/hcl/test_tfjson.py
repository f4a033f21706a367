"""Terraform JSON syntax converted to the HCL backends' shape, with lines."""

from __future__ import annotations

import pytest

from policycheck.loaders.hcl import parse_hcl, parse_tf_json, strip_metadata

JSON = """\
{
  "//": "policycheck:ignore=PC-AWS-071 top-level note",
  "resource": {
    "aws_s3_bucket": {
      "logs": {
        "bucket": "logs-${var.env}",
        "tags": {"Name": "logs", "kubernetes.io/role": "x"},
        "versioning": {"enabled": true},
        "provider": "aws.west",
        "depends_on": ["aws_kms_key.k"],
        "lifecycle": {"ignore_changes": ["tags"]},
        "//": "policycheck:ignore=PC-AWS-070 reason"
      },
      "other": [{"bucket": "b"}]
    }
  },
  "variable": {"env": {"type": "string", "default": "prod"}},
  "locals": {"common": {"a": 1}},
  "provider": {"aws": [{"region": "eu-west-1"}, {"alias": "west", "region": "us-west-2"}]}
}
"""

HCL = """\
resource "aws_s3_bucket" "logs" {
  bucket = "logs-${var.env}"
  tags = {
    Name = "logs"
    "kubernetes.io/role" = "x"
  }
  versioning {
    enabled = true
  }
  provider   = aws.west
  depends_on = [aws_kms_key.k]
  lifecycle {
    ignore_changes = [tags]
  }
}
resource "aws_s3_bucket" "other" {
  bucket = "b"
}
variable "env" {
  type    = string
  default = "prod"
}
locals {
  common = { a = 1 }
}
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
"""


def test_json_gives_the_values_of_the_equivalent_hcl() -> None:
    parsed = parse_tf_json(JSON, "main.tf.json")
    assert parsed.errors == []
    assert strip_metadata(parsed.body) == strip_metadata(parse_hcl(HCL, "main.tf").body)


def test_json_lines_and_comments() -> None:
    body = parse_tf_json(JSON, "main.tf.json").body
    logs = body["resource"][0]["aws_s3_bucket"]["logs"]
    assert (logs["__start_line__"], logs["__end_line__"]) == (5, 13)
    assert logs["__lines__"]["bucket"] == 6
    assert logs["__lines__"]["tags.Name"] == 7
    assert logs["__lines__"]["versioning"] == 8
    assert logs["versioning"][0]["__lines__"] == {"enabled": 8}
    assert logs["__comments__"] == [{"value": "policycheck:ignore=PC-AWS-070 reason", "line": 12}]
    assert body["__comments__"] == [
        {"value": "policycheck:ignore=PC-AWS-071 top-level note", "line": 2}
    ]
    assert body["provider"][1]["aws"]["__lines__"] == {"alias": 19, "region": 19}


def test_dynamic_blocks_and_provisioners_keep_their_labels() -> None:
    text = """{"resource": {"aws_security_group": {"sg": {
      "dynamic": {"ingress": {"for_each": "${var.rules}", "content": {"from_port": 22}}},
      "provisioner": [{"local-exec": {"command": "echo"}}]
    }}}}"""
    sg = strip_metadata(parse_tf_json(text, "sg.tf.json").body)["resource"][0][
        "aws_security_group"]["sg"]
    assert sg["dynamic"] == [{"ingress": {"for_each": "${var.rules}",
                                          "content": [{"from_port": 22}]}}]
    assert sg["provisioner"] == [{"local-exec": {"command": "echo"}}]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('{\n  "a": [1,\n}\n', 3, "invalid JSON: expected a JSON value"),
        ('{\n  "a": 1\n  "b": 2\n}\n', 3, "invalid JSON: expected '}'"),
        ('{\n  "a": "x\ny"\n}\n', 2, "invalid JSON: unterminated or invalid string"),
        ("{}\n[]\n", 2, "invalid JSON: extra data after the JSON document"),
        ("[]", 1, "a .tf.json file must hold a JSON object"),
    ],
)
def test_invalid_json_is_reported_with_its_line(text: str, line: int, message: str) -> None:
    parsed = parse_tf_json(text, "bad.tf.json")
    assert [(e.file, e.line, e.message) for e in parsed.errors] == [("bad.tf.json", line, message)]
    assert parsed.body == {}


def test_a_block_type_that_is_not_an_object_is_an_error() -> None:
    parsed = parse_tf_json('{\n  "resource": "x",\n  "locals": {"a": 1}\n}', "m.tf.json")
    assert [(e.line, e.message) for e in parsed.errors] == [
        (2, "'resource' must be a JSON object")
    ]
    assert strip_metadata(parsed.body) == {"locals": [{"a": 1}]}
