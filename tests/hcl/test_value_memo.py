"""Expression values are remembered by source text; what depends on the file (lines, comments,
collections) is not."""

from __future__ import annotations

import pytest

from policycheck.loaders.hcl import treesitter

FIRST = '''resource "aws_instance" "a" {
  ami  = var.ami
  name = "${var.env}-a" # a comment
  tags = { team = var.team, n = -1 }
}
'''
SECOND = '''
locals {
  x = var.ami
}

resource "aws_instance" "b" {
  tags = { team = var.team, n = -1 }
  # policycheck:ignore PC-AWS-001 reason
  name = "${var.env}-a"
  ami  = var.ami
}
'''


def test_a_file_parses_the_same_after_another_shared_its_expressions(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(treesitter, "_VALUES", {})
    alone = treesitter.parse(SECOND, "second.tf")
    monkeypatch.setattr(treesitter, "_VALUES", {})
    treesitter.parse(FIRST, "first.tf")
    assert len(treesitter._VALUES) >= 4
    after = treesitter.parse(SECOND, "second.tf")
    assert after == alone
    body = after.body["resource"][0]["aws_instance"]["b"]
    assert body["__lines__"]["tags.team"] == 7
    assert body["ami"] == "${var.ami}"
    assert body["tags"] == {"team": "${var.team}", "n": -1}


def test_long_expressions_are_not_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(treesitter, "_VALUES", {})
    long = "x" * (treesitter._VALUE_TEXT_MAX + 10)
    parsed = treesitter.parse(f'locals {{\n  a = "{long}"\n  b = var.short\n}}\n', "l.tf")
    assert parsed.body["locals"][0]["a"] == long
    assert list(treesitter._VALUES) == [b"var.short"]
