"""Exact block, attribute and comment lines from both backends."""

from __future__ import annotations

from typing import Any

import pytest

from policycheck.loaders.hcl import PARSERS, parse_hcl

SOURCE = """\
# ruleid: PC-AWS-070
resource "aws_db_instance" "db" { # opening
  engine = "postgres"
  // policycheck:ignore=PC-AWS-070 reason
  storage_encrypted = false
  tags = {
    Name = "db"
    Team = "x" /* inline */
  }
  cidrs = [
    "10.0.0.0/8",
    "0.0.0.0/0",
  ]

  ingress {
    # first ingress
    from_port = 22
  }
  ingress {
    from_port = 443
  }
  dynamic "egress" {
    for_each = var.rules
    content {
      to_port = egress.value
    }
  }
}

/* between
   blocks */
module "m" {
  source = "./m"
}
"""


@pytest.fixture(params=PARSERS)
def body(request: pytest.FixtureRequest) -> dict[str, Any]:
    parsed = parse_hcl(SOURCE, "main.tf", parser=request.param)
    assert parsed.errors == []
    return parsed.body


def test_block_lines(body: dict[str, Any]) -> None:
    db = body["resource"][0]["aws_db_instance"]["db"]
    assert (db["__start_line__"], db["__end_line__"]) == (2, 28)
    module = body["module"][0]["m"]
    assert (module["__start_line__"], module["__end_line__"]) == (32, 34)
    assert body["__lines__"] == {"resource": 2, "module": 32}


def test_attribute_and_nested_block_lines(body: dict[str, Any]) -> None:
    db = body["resource"][0]["aws_db_instance"]["db"]
    assert db["__lines__"] == {
        "engine": 3,
        "storage_encrypted": 5,
        "tags": 6,
        "tags.Name": 7,
        "tags.Team": 8,
        "cidrs": 10,
        "cidrs.0": 11,
        "cidrs.1": 12,
        "ingress": 15,
        "dynamic": 22,
    }
    second = db["ingress"][1]
    assert (second["__start_line__"], second["__end_line__"]) == (19, 21)
    assert second["__lines__"] == {"from_port": 20}
    dynamic = db["dynamic"][0]["egress"]
    assert dynamic["__lines__"] == {"for_each": 23, "content": 24}
    assert dynamic["content"][0]["__lines__"] == {"to_port": 25}
    assert dynamic["content"][0]["__start_line__"] == 24


def test_comments_go_to_the_innermost_block(body: dict[str, Any]) -> None:
    db = body["resource"][0]["aws_db_instance"]["db"]
    assert db["__comments__"] == [
        {"value": "opening", "line": 2},
        {"value": "policycheck:ignore=PC-AWS-070 reason", "line": 4},
        {"value": "inline", "line": 8},
    ]
    assert db["ingress"][0]["__comments__"] == [{"value": "first ingress", "line": 16}]
    assert db["ingress"][1]["__comments__"] == []
    assert body["__comments__"] == [
        {"value": "ruleid: PC-AWS-070", "line": 1},
        {"value": "between\n   blocks", "line": 30},
    ]


@pytest.mark.parametrize("parser", PARSERS)
def test_lines_with_crlf_and_unicode(parser: str) -> None:
    text = 'locals {\r\n  a = "é ✓ 😀"\r\n  # ü\r\n  b = 2\r\n}\r\n'
    block = parse_hcl(text, "u.tf", parser=parser).body["locals"][0]
    assert block["a"] == "é ✓ 😀"
    assert block["__lines__"] == {"a": 2, "b": 4}
    assert block["__comments__"] == [{"value": "ü", "line": 3}]
