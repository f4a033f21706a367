from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from policycheck.engine.report import ScanReport
from policycheck.reporters import FORMATS, render

SRC = Path(__file__).resolve().parents[2] / "src"


def test_formats() -> None:
    assert FORMATS == ("text", "json", "sarif", "junit", "github", "markdown")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_ends_with_one_newline(fmt: str, report: ScanReport) -> None:
    out = render(fmt, report)
    assert out.endswith("\n") and not out.endswith("\n\n")


def test_unknown_format_is_rejected(report: ScanReport) -> None:
    with pytest.raises(ValueError, match="unknown format 'html'"):
        render("html", report)


def test_import_is_cheap() -> None:
    code = ("import sys, policycheck.reporters; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'rich', 'boto3', 'botocore', 'kubernetes', 'checkov', 'yaml', 'jsonschema'}))")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
