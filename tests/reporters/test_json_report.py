from __future__ import annotations

import json

from policycheck.engine.report import ScanReport
from policycheck.reporters import render

FINDING_KEYS = ["policy_id", "title", "severity", "verdict", "source", "file", "line", "end_line",
                "resource", "message", "remediation", "checklist", "suppressed", "fingerprint"]


def test_document_shape_and_values(report: ScanReport) -> None:
    out = render("json", report)
    data = json.loads(out)
    assert out.endswith("}\n") and out.splitlines()[1].startswith('  "tool"')
    assert list(data) == ["tool", "summary", "findings", "errors", "policies"]
    assert data["policies"] == [
        {"id": "PC-TEST-001", "severity": "high", "sources": ["tf"],
         "checklist": ["security/encryption-at-rest"]},
        {"id": "PC-TEST-002", "severity": "low", "sources": ["tf", "k8s"], "checklist": []}]
    assert out.index('"errors"') < out.index('"policies"')
    assert data["tool"] == {"name": "policycheck", "version": "9.9.9"}
    assert list(data["summary"].items()) == [
        ("files", 3), ("resources", 5), ("passed", 1), ("failed", 3), ("unknown", 1),
        ("suppressed", 1), ("errors", 1)]
    assert data["errors"] == [
        {"file": "infra/broken.tf", "line": 7, "message": "syntax error: unexpected '}'"}]
    first = data["findings"][0]
    assert list(first) == FINDING_KEYS
    assert first == {
        "policy_id": "PC-TEST-001", "title": "Bucket is encrypted", "severity": "high",
        "verdict": "fail", "source": "tf", "file": "infra/main.tf", "line": 3, "end_line": 5,
        "resource": "aws_s3_bucket.logs", "message": "bucket | logs is not encrypted",
        "remediation": "Set server_side_encryption_configuration.",
        "checklist": ["security/encryption-at-rest"], "suppressed": False,
        "fingerprint": "fp-PC-TEST-001-3"}


def test_order_kept_passes_only_with_show_passed(report: ScanReport) -> None:
    hidden = json.loads(render("json", report))["findings"]
    shown = json.loads(render("json", report, show_passed=True))["findings"]
    assert [f["line"] for f in hidden] == [3, 10, 20, 40, 5]
    assert [f["line"] for f in shown] == [3, 10, 20, 30, 40, 5]
    assert [f["verdict"] for f in shown] == ["fail", "fail", "unknown", "pass", "fail", "fail"]


def test_suppressed_included_and_severity_lowercase(report: ScanReport) -> None:
    found = json.loads(render("json", report))["findings"]
    assert [f["suppressed"] for f in found] == [False, False, False, True, False]
    assert found[-1]["severity"] == "critical"
    assert found[-1]["message"] == "50% of replicas\nexposed"
