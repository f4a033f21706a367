from __future__ import annotations

import dataclasses
import re
from typing import Any

from policycheck.engine.report import ScanReport
from policycheck.reporters import render

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_plain_report_lists_findings_by_file(report: ScanReport) -> None:
    out = render("text", report, color=False)
    assert "\x1b" not in out
    lines = out.splitlines()
    assert lines[0] == "infra/main.tf"
    assert lines.index("k8s/app,v2.yaml") > lines.index("infra/main.tf")
    for place in ("infra/main.tf:3", "infra/main.tf:10", "infra/main.tf:20", "k8s/app,v2.yaml:5"):
        assert place in out
    first = lines[1].split()
    assert first[:3] == ["HIGH", "infra/main.tf:3", "PC-TEST-001"]
    assert "aws_s3_bucket.logs: bucket | logs is not encrypted" in out
    assert "fix: Set server_side_encryption_configuration." in out
    assert "var.encrypted has no value [unset]" in out, "messages are not rich markup"
    assert re.search(r"^\s+UNKNOWN\s+infra/main.tf:20 ", out, re.M)
    assert re.search(r"^\s+CRITICAL\s+k8s/app,v2.yaml:5 ", out, re.M)


def test_suppressed_only_counted_passes_only_with_show_passed(report: ScanReport) -> None:
    out = render("text", report)
    assert "aws_s3_bucket.old" not in out
    assert "  1 suppressed" in out.splitlines()
    assert "infra/main.tf:30" not in out
    assert re.search(r"^\s+PASS\s+infra/main.tf:30 ", render("text", report, show_passed=True),
                     re.M)


def test_errors_warnings_summary_and_result(report: ScanReport) -> None:
    lines = render("text", report).splitlines()
    assert "  ERROR  infra/broken.tf:7  syntax error: unexpected '}'" in lines
    assert "warning: infra/main.tf:2: ignore of PC-TEST-009 matches no finding" in lines
    assert lines[-2] == ("3 failed, 1 unknown, 1 passed, 1 suppressed, 1 error in 3 files "
                         "(5 resources)")
    assert lines[-1] == "ERROR: 1 scan error; 2 findings at or above high"


def test_result_line_states_exit_reason(make_report: Any, report: ScanReport) -> None:
    failing = render("text", make_report(errors=[], warnings=[])).splitlines()
    assert failing[-1] == "FAILED: 2 findings at or above high"
    low_only = [f for f in report.findings if f.policy_id == "PC-TEST-002"]
    passing = render("text", make_report(findings=low_only, errors=[], files=1, resources=1))
    assert passing.splitlines()[-2:] == [
        "1 failed, 0 unknown, 0 passed, 1 suppressed, 0 errors in 1 file (1 resource)",
        "PASSED: no findings at or above high"]
    two_errors = make_report(errors=[report.errors[0]] * 2, findings=low_only)
    assert render("text", two_errors).splitlines()[-1] == "ERROR: 2 scan errors"


def test_color_uses_ansi_and_keeps_text(report: ScanReport) -> None:
    out = render("text", report, color=True)
    assert "\x1b[" in out
    assert "\x1b[1;31mCRITICAL" in out, "critical is bold red"
    assert ANSI.sub("", out) == render("text", report, color=False)


def test_width_wraps_long_messages(make_report: Any, report: ScanReport) -> None:
    long = dataclasses.replace(report.findings[0], message="word " * 40)
    out = render("text", make_report(findings=[long]), width=60)
    assert max(len(line) for line in out.splitlines()) <= 60
    assert out.count("word") == 40
