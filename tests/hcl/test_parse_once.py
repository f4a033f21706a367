"""A text parses once per process; files with errors are parsed again (errors name their file)."""

from __future__ import annotations

import pytest

from policycheck.loaders.hcl import parser
from policycheck.loaders.hcl.parser import parse_hcl

TEXT = 'resource "aws_s3_bucket" "b" {\n  bucket = "x-${var.env}"\n}\n'


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    backend = parser._parse

    def counting(text: str, display: str, name: str) -> object:
        calls.append(display)
        return backend(text, display, name)

    monkeypatch.setattr(parser, "_parse", counting)
    monkeypatch.setattr(parser, "_remembered", parser._Remembered())
    return calls


def test_the_same_text_parses_once(parses: list[str]) -> None:
    first = parse_hcl(TEXT, "a/main.tf")
    again = parse_hcl(TEXT, "b/main.tf")
    assert again is first
    assert parses == ["a/main.tf"]
    parse_hcl(TEXT, "c/main.tf", "python-hcl2")
    assert parses == ["a/main.tf", "c/main.tf"]


def test_a_text_with_errors_is_parsed_for_each_file(parses: list[str]) -> None:
    broken = 'resource "x" "y" {\n  a = \n'
    errors = [parse_hcl(broken, name).errors for name in ("a.tf", "b.tf")]
    assert parses == ["a.tf", "b.tf"]
    assert [e.file for found in errors for e in found] == ["a.tf", "b.tf"]


def test_only_the_last_texts_are_kept(parses: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [f"variable \"v{i:04}\" {{}}\n" for i in range(20)]  # 20 characters each
    monkeypatch.setattr(parser, "REMEMBERED", 16 * 20)
    for text in texts:
        parse_hcl(text, "v.tf")
    assert len(parser._remembered.parsed) == 16
    assert parser._remembered.size == 16 * 20
    parse_hcl(texts[0], "v.tf")  # pushed out: parsed again
    parse_hcl(texts[-1], "v.tf")  # kept
    assert len(parses) == 21


def test_a_very_large_text_is_not_kept(parses: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parser, "REMEMBERED", 8 * 100)
    large = 'variable "v" {\n  default = "' + "x" * 200 + '"\n}\n'
    parse_hcl(large, "v.tf")
    parse_hcl(large, "v.tf")
    assert len(parses) == 2
    assert parser._remembered.size == 0
