"""Syntax errors: reported with their line, the rest of the file kept."""

from __future__ import annotations

from typing import Any

import pytest

from policycheck.loaders.hcl import parse_hcl, strip_metadata, treesitter


def _values(body: dict[str, Any]) -> Any:
    return strip_metadata(body)


def test_bad_token_drops_only_its_block() -> None:
    text = 'locals {\n  a = 1\n}\nresource "a" "b" {\n  x = 1 +\n}\nlocals {\n  z = 3\n}\n'
    parsed = parse_hcl(text, "main.tf")
    assert [(e.file, e.line) for e in parsed.errors] == [("main.tf", 5)]
    assert parsed.errors[0].message.startswith("syntax error: unexpected '+'")
    assert _values(parsed.body) == {"locals": [{"a": 1}, {"z": 3}]}
    assert parsed.body["locals"][1]["__start_line__"] == 7


def test_unclosed_block_reports_its_first_line_and_keeps_later_blocks() -> None:
    text = 'resource "a" "b" {\n  x = 1\n\nresource "c" "d" {\n  y = 2\n}\n\nlocals {\n  z = 3\n}\n'
    parsed = parse_hcl(text, "main.tf")
    assert [(e.line, e.message) for e in parsed.errors] == [
        (1, "syntax error: block is not closed (missing '}')")
    ]
    assert _values(parsed.body) == {"resource": [{"c": {"d": {"y": 2}}}], "locals": [{"z": 3}]}
    assert parsed.body["resource"][0]["c"]["d"]["__lines__"] == {"y": 5}


def test_unterminated_string_points_at_the_string() -> None:
    parsed = parse_hcl('locals {\n  a = 1\n}\nlocals {\n  y = "oops\n}\n', "main.tf")
    assert (5, "syntax error: string is not closed (missing '\"')") in [
        (e.line, e.message) for e in parsed.errors
    ]
    assert _values(parsed.body) == {"locals": [{"a": 1}]}


def test_parsing_resumes_after_merge_conflict_markers() -> None:
    text = (
        "locals {\n  a = 1\n}\n<<<<<<< HEAD\nlocals {\n  b = 2\n}\n=======\n"
        "locals {\n  b = 3\n}\n>>>>>>> branch\n# note\nlocals {\n  c = 4\n}\n"
    )
    parsed = parse_hcl(text, "main.tf")
    assert [e.line for e in parsed.errors] == [4, 8, 12]
    assert _values(parsed.body) == {"locals": [{"a": 1}, {"b": 2}, {"b": 3}, {"c": 4}]}
    assert [b["__start_line__"] for b in parsed.body["locals"]] == [1, 5, 9, 14]
    assert parsed.body["__comments__"] == [{"value": "note", "line": 13}]


def test_missing_equals_sign_is_reported_on_its_line() -> None:
    text = 'locals {\n  a = 1\n}\nresource "x" "y" {\n  name "v"\n}\nlocals {\n  z = 3\n}\n'
    parsed = parse_hcl(text, "main.tf")
    assert 5 in [e.line for e in parsed.errors]
    assert _values(parsed.body) == {"locals": [{"a": 1}, {"z": 3}]}


def test_a_json_object_is_not_a_tf_file() -> None:
    parsed = parse_hcl('{"a": 1}\n', "main.tf")
    assert [(e.line, e.message) for e in parsed.errors] == [
        (1, "syntax error: expected attributes and blocks")
    ]


def test_python_hcl2_errors_carry_the_line() -> None:
    parsed = parse_hcl("locals {\n  a = 1\n}\n}\n", "main.tf", parser="python-hcl2")
    assert [(e.file, e.line) for e in parsed.errors] == [("main.tf", 4)]
    assert parsed.errors[0].message == "syntax error: unexpected '}'"
    assert parsed.body == {}


@pytest.mark.parametrize(
    ("text", "value"),
    [("a = 1e3\n", "${1e3}"), ('a = "keep \\q"\n', "keep \\q"), ("a = <<E.X\nv\nE.X\n", "v")],
)
def test_forms_tree_sitter_rejects_fall_back_to_python_hcl2(text: str, value: str) -> None:
    assert treesitter.parse(text, "main.tf", fallback=False).errors[0].line == 1
    parsed = parse_hcl(text, "main.tf")
    assert parsed.errors == []
    assert parsed.body["a"] == value
    assert parsed.body["__lines__"] == {"a": 1}


@pytest.mark.parametrize("parser", ["tree-sitter", "python-hcl2"])
def test_block_named_like_an_earlier_attribute_is_an_error(parser: str) -> None:
    parsed = parse_hcl("locals {\n  a = 1\n  a {\n  }\n}\n", "main.tf", parser=parser)
    assert [e.line for e in parsed.errors] == [1 if parser == "python-hcl2" else 3]
    assert "already defined" in parsed.errors[0].message
