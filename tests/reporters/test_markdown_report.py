from __future__ import annotations

import re
from typing import Any

from policycheck.engine.report import ScanReport
from policycheck.reporters import render
from policycheck.reporters.markdown import cell

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def cells(row: str) -> list[str]:
    return [c.strip() for c in UNESCAPED_PIPE.split(row)[1:-1]]


def test_cell_escaping() -> None:
    assert cell("a | b\nc\r\nd") == "a \\| b<br>c<br>d"
    assert cell("<b>&\\|") == "&lt;b&gt;&amp;&#92;\\|"


def test_status_heading_and_summary(report: ScanReport, make_report: Any) -> None:
    lines = render("markdown", report).splitlines()
    assert lines[0] == "## policycheck: ERROR"
    assert lines[0].isascii()
    assert lines[2] == "1 scan error; 2 findings at or above high."
    header = lines.index("| Failed | Unknown | Passed | Suppressed | Errors | Files | Resources |")
    assert cells(lines[header + 2]) == ["3", "1", "1", "1", "1", "3", "5"]
    clean = make_report(findings=[], errors=[], warnings=[])
    assert render("markdown", clean).splitlines()[0] == "## policycheck: PASSED"
    assert render("markdown", make_report(errors=[])).splitlines()[0] == "## policycheck: FAILED"


def test_findings_grouped_by_severity_with_escaped_cells(report: ScanReport) -> None:
    out = render("markdown", report)
    lines = out.splitlines()
    headings = [line for line in lines if line.startswith("#### ")]
    assert headings == ["#### Critical (1)", "#### High (2)", "#### Low (1)"]
    rows = [cells(line) for line in lines if line.startswith("| PC-TEST-")]
    assert [r[4] for r in rows] == ["k8s/app,v2.yaml:5", "infra/main.tf:3", "infra/main.tf:20",
                                    "infra/main.tf:10"]
    assert all(len(r) == 6 for r in rows)
    assert rows[0][5] == "50% of replicas<br>exposed"
    assert rows[1] == ["PC-TEST-001", "high", "fail", "aws_s3_bucket.logs", "infra/main.tf:3",
                       "bucket \\| logs is not encrypted"]
    assert "aws_s3_bucket.old" not in out, "suppressed findings are only counted"
    assert "aws_s3_bucket.ok" not in out


def test_passes_with_show_passed_and_errors_section(report: ScanReport) -> None:
    lines = render("markdown", report, show_passed=True).splitlines()
    assert any(cells(line)[3:5] == ["aws_s3_bucket.ok", "infra/main.tf:30"]
               for line in lines if line.startswith("| PC-TEST-"))
    errors = lines.index("### Errors")
    assert cells(lines[errors + 4]) == ["infra/broken.tf:7", "syntax error: unexpected '}'"]
