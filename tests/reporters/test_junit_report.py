from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from policycheck.engine.report import ScanReport
from policycheck.reporters import render

COUNT_NAMES = ("tests", "failures", "errors", "skipped")


def parse(report: ScanReport, **kwargs: Any) -> ET.Element:
    out = render("junit", report, **kwargs)
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(out.encode("utf-8"))


def counts(element: ET.Element) -> tuple[int, ...]:
    return tuple(int(element.attrib[name]) for name in COUNT_NAMES)


def suites(root: ET.Element) -> dict[str, ET.Element]:
    return {s.attrib["name"]: s for s in root.iter("testsuite")}


def test_counts_per_policy_and_total(report: ScanReport) -> None:
    root = parse(report)
    assert root.tag == "testsuites"
    found = suites(root)
    assert list(found) == ["PC-TEST-001: Bucket is encrypted", "PC-TEST-002: Versions are pinned",
                           "policycheck errors"]
    assert counts(found["PC-TEST-001: Bucket is encrypted"]) == (4, 2, 0, 1)
    assert counts(found["PC-TEST-002: Versions are pinned"]) == (2, 1, 0, 1)
    assert counts(found["policycheck errors"]) == (1, 0, 1, 0)
    assert counts(root) == (7, 3, 1, 2)


def test_passes_are_testcases_only_with_show_passed(report: ScanReport) -> None:
    def names(root: ET.Element) -> list[str]:
        suite = suites(root)["PC-TEST-001: Bucket is encrypted"]
        return [c.attrib["name"] for c in suite.iter("testcase")]

    assert names(parse(report)) == ["aws_s3_bucket.logs", "aws_s3_bucket.data",
                                    "Deployment/prod/app"]
    shown = parse(report, show_passed=True)
    assert names(shown) == ["aws_s3_bucket.logs", "aws_s3_bucket.data", "aws_s3_bucket.ok",
                            "Deployment/prod/app"]
    assert counts(suites(shown)["PC-TEST-001: Bucket is encrypted"]) == (4, 2, 0, 1)


def test_failure_skipped_and_error_elements(report: ScanReport) -> None:
    root = parse(report)
    cases = {(c.attrib["classname"], c.attrib.get("line")): c for c in root.iter("testcase")}
    fail = cases[("PC-TEST-002", "10")]
    assert fail.attrib["file"] == "infra/main.tf"
    failure = fail.find("failure")
    assert failure is not None
    assert failure.attrib == {"message": 'version "latest" < 1.0 & unpinned', "type": "low"}
    assert failure.text is not None
    assert failure.text.startswith("infra/main.tf:10\n")
    assert "Remediation: Pin the version." in failure.text
    critical = cases[("PC-TEST-001", "5")].find("failure")
    assert critical is not None and critical.attrib["message"] == "50% of replicas\nexposed"
    unknown = cases[("PC-TEST-001", "20")].find("skipped")
    assert unknown is not None
    assert unknown.attrib["message"] == "unknown: var.encrypted has no value [unset]"
    suppressed = cases[("PC-TEST-002", "40")].find("skipped")
    assert suppressed is not None and suppressed.attrib["message"] == "suppressed: accepted risk"
    error = cases[("policycheck errors", "7")].find("error")
    assert error is not None and error.attrib["message"] == "syntax error: unexpected '}'"


def test_gating_unknown_is_a_failure(make_report: Any) -> None:
    root = parse(make_report(unknown_fails=True))
    assert counts(suites(root)["PC-TEST-001: Bucket is encrypted"]) == (4, 3, 0, 0)


def test_characters_xml_cannot_carry_are_replaced(make_report: Any, report: ScanReport) -> None:
    import dataclasses

    bad = dataclasses.replace(report.findings[0], message="bell\x07 and \x1b[31mred")
    root = parse(make_report(findings=[bad]))
    failure = next(root.iter("failure"))
    assert failure.attrib["message"] == "bell\\x07 and \\x1b[31mred"  # escaped before XML
