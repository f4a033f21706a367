"""Where raw python-hcl2 8.1.4 is wrong or stricter/looser than tree-sitter-hcl.

Each test shows what ``hcl2.loads`` itself returns and what both policycheck backends return.
The python-hcl2 backend corrects the first three on the parsed tree; the others are handled by
the tree-sitter backend falling back to python-hcl2 (or by python-hcl2 failing where
tree-sitter succeeds).
"""

from __future__ import annotations

from typing import Any

import hcl2
import pytest

from policycheck.loaders.hcl import PARSERS, parse_hcl, treesitter
from policycheck.loaders.hcl.reference import OPTIONS


def _raw(text: str) -> Any:
    return hcl2.loads(text, serialization_options=OPTIONS)


@pytest.mark.parametrize("parser", PARSERS)
def test_comment_before_an_operator_is_not_part_of_the_expression(parser: str) -> None:
    text = "a = x /* why */ + y\nb = 2\n"
    assert _raw(text)["a"] == "${x /* why */+ y}"
    parsed = parse_hcl(text, "m.tf", parser=parser).body
    assert parsed["a"] == "${x + y}"
    assert parsed["__comments__"] == [{"value": "why", "line": 1}]


def test_comment_line_before_a_continued_operator_only_parses_with_tree_sitter() -> None:
    text = "b = (x\n  # note\n  && y)\n"
    with pytest.raises(Exception, match="Unexpected token"):
        _raw(text)
    parsed = parse_hcl(text, "m.tf").body
    assert parsed["b"] == "${(x && y)}"
    assert parsed["__comments__"] == [{"value": "note", "line": 2}]


@pytest.mark.parametrize("parser", PARSERS)
def test_indented_heredoc_keeps_quotes_and_backslashes(parser: str) -> None:
    text = 'a = <<-EOT\n  {"k": "a\\\\b"}\n  EOT\n'
    assert _raw(text)["a"] == '{\\"k\\": \\"a\\\\\\\\b\\"}'
    assert parse_hcl(text, "m.tf", parser=parser).body["a"] == '{"k": "a\\\\b"}'


@pytest.mark.parametrize("parser", PARSERS)
def test_heredoc_inside_an_expression_stays_a_string(parser: str) -> None:
    text = 'a = jsonencode(<<EOT\nsay "hi"\nEOT\n)\n'
    assert _raw(text)["a"] == '${jsonencode(say "hi")}'
    assert parse_hcl(text, "m.tf", parser=parser).body["a"] == '${jsonencode("say \\"hi\\"")}'


@pytest.mark.parametrize("parser", PARSERS)
def test_heredoc_value_has_no_final_newline(parser: str) -> None:
    # Both backends follow python-hcl2 here; Terraform's value would end with "\n".
    text = "a = <<EOT\nline\nEOT\n"
    assert _raw(text)["a"] == parse_hcl(text, "m.tf", parser=parser).body["a"] == "line"


def test_interpolation_strip_markers_only_parse_with_tree_sitter() -> None:
    text = 'a = "x ${~ var.y ~} z"\n'
    with pytest.raises(Exception, match="Unexpected token"):
        _raw(text)
    assert parse_hcl(text, "m.tf", parser="python-hcl2").errors[0].line == 1
    assert parse_hcl(text, "m.tf").body["a"] == "x ${~var.y~} z"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a = 1e3\n", "${1e3}"),  # tree-sitter-hcl needs a fraction before an exponent
        ('a = "keep \\q"\n', "keep \\q"),  # invalid escape: Terraform rejects it too
        ("a = <<E.X\nv\nE.X\n", "v"),  # a heredoc marker with a dot
    ],
)
def test_python_hcl2_accepts_what_tree_sitter_rejects(text: str, value: str) -> None:
    assert _raw(text)["a"] == value
    assert treesitter.parse(text, "m.tf", fallback=False).errors != []
    assert parse_hcl(text, "m.tf").body["a"] == value


def test_a_lone_name_is_written_bare_like_a_string() -> None:
    # `type = string` and `x = "string"` give the same value in both backends.
    text = 'a = string\nb = "string"\nc = [tags]\n'
    assert _raw(text)["a"] == "string"
    body = parse_hcl(text, "m.tf").body
    assert (body["a"], body["b"], body["c"]) == ("string", "string", ["tags"])


def test_raw_python_hcl2_comments_have_no_lines() -> None:
    text = "locals {\n  # one\n  a = 1 # two\n}\n"
    assert _raw(text)["locals"][0]["__comments__"] == [{"value": "one"}, {"value": "two"}]
    for parser in PARSERS:
        block = parse_hcl(text, "m.tf", parser=parser).body["locals"][0]
        assert block["__comments__"] == [{"value": "one", "line": 2}, {"value": "two", "line": 3}]


@pytest.mark.parametrize("parser", PARSERS)
def test_comment_before_a_block_brace_is_not_a_label(parser: str) -> None:
    text = 'resource "a" "b" # note\n{\n  x = 1\n}\n'
    assert list(_raw(text)["resource"][0]["a"]["b"]) == ["# note\n"]
    block = parse_hcl(text, "m.tf", parser=parser).body["resource"][0]["a"]["b"]
    assert block["x"] == 1
    assert block["__comments__"] == [{"value": "note", "line": 1}]
