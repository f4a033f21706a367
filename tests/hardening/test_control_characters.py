"""Control characters from the scanned tree (file names, resource names, values quoted in
messages) never reach any output format raw."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from policycheck.cli import main
from policycheck.reporters import FORMATS
from policycheck.reporters.printable import json_text, printable

ESC = "\x1b"
HOSTILE_NAME = f"evil{ESC}[2J{ESC}]0;owned\a.tf"
TERRAFORM = ('resource "aws_s3_bucket" "b\\u001b[31mred" {\n'
             '  bucket = "x\\u001b[1Ay\\u009b2K\\u202e"\n}\n')
MANIFEST = """apiVersion: v1
kind: Pod
metadata: {name: "web\\e[31m", namespace: "ns\\x9b2J"}
spec:
  containers:
    - name: "c\\e]8;;http://x\\a"
      image: "nginx\\e[0m:latest"
"""


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_no_raw_control_character_reaches_the_checklist(
        fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / HOSTILE_NAME).write_text(TERRAFORM)
    (tmp_path / f"broken{ESC}[5m.tf").write_text('resource "x" {\n')
    main(["checklist", str(tmp_path), "--format", fmt, "-j", "1"])
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert ESC not in stream and "\x9b" not in stream and "\u202e" not in stream
    assert "broken" in captured.out


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for item in value for s in _strings(item)] if isinstance(value, list) else []


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_raw_control_character_reaches_any_format(
        fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / HOSTILE_NAME).write_text(TERRAFORM)
    (tmp_path / f"pod{ESC}[8m.yaml").write_text(MANIFEST)
    (tmp_path / f"broken{ESC}[5m.tf").write_text('resource "x" {\n')  # an error entry
    code = main([str(tmp_path), "--format", fmt, "--show-passed", "--no-color", "-j", "1"])
    captured = capsys.readouterr()
    assert code == 2
    for stream in (captured.out, captured.err):
        assert ESC not in stream and "\x9b" not in stream and "\a" not in stream
        assert "\u202e" not in stream
    if fmt in ("json", "sarif"):  # the exact names survive, JSON-escaped
        strings = _strings(json.loads(captured.out))
        if fmt == "sarif":  # a percent-encoded URI
            assert any("/evil%1B" in s for s in strings)
        else:
            assert any(s.endswith(HOSTILE_NAME) for s in strings)
    else:
        assert "x1b[2J" in captured.out  # shown as an escape
    if fmt == "junit":
        ET.fromstring(captured.out)  # still well-formed XML


def test_printable_keeps_ordinary_text_and_escapes_controls() -> None:
    assert printable("plain text, ünïcode 名前\nnext line") == "plain text, ünïcode 名前\nnext line"
    assert printable(f"a{ESC}[31mb\x9b\r\u202e") == "a\\x1b[31mb\\x9b\\x0d\\u202e"
    assert printable("one\nline\t", newlines=False) == "one\\x0aline\\x09"
    assert json.loads(json_text(json.dumps("\x9b\x7f\u202e", ensure_ascii=False))) == "\x9b\x7f\u202e"
    assert "\x9b" not in json_text(json.dumps("\x9b", ensure_ascii=False))
