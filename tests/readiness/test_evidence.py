"""Evidence from a scan report and from saved ``--format json`` results."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from policycheck.engine.policy import policy
from policycheck.engine.report import ScanReport
from policycheck.model import Finding, ScanError
from policycheck.readiness.evidence import ResultsError, from_scan, read_results
from policycheck.reporters import render


def _report(findings: list[Finding]) -> ScanReport:
    ran = [policy(id=pid, title="t", severity="low", sources="tf", kinds="x")(lambda *_: ())
           for pid in ("PC-TEST-001", "PC-TEST-002")]
    return ScanReport(findings=findings, errors=[ScanError("broken.tf", 4, "syntax error")],
                      policies=ran, files=2, resources=3, warnings=["a warning"])


@pytest.fixture
def findings(finding: Callable[..., Finding]) -> list[Finding]:
    return [finding("PC-TEST-001", "fail", severity="high", line=3, fingerprint="abc"),
            finding("PC-TEST-002", "pass", line=7),
            finding("PC-TEST-001", "unknown", line=9, suppressed=True)]


def test_from_scan_keeps_findings_errors_and_the_policies_that_ran(
        findings: list[Finding]) -> None:
    evidence = from_scan(_report(findings), "static scan of infra/")
    assert evidence.findings == tuple(findings)
    assert evidence.policies == {"PC-TEST-001", "PC-TEST-002"}
    assert evidence.errors == (ScanError("broken.tf", 4, "syntax error"),)
    assert evidence.warnings == ("a warning",)
    assert evidence.detail == ("2 files, 3 resources: 1 failed, 0 unknown, 1 passed, "
                               "1 suppressed")


def test_saved_json_results_read_back_as_the_same_findings(tmp_path: Path,
                                                          findings: list[Finding]) -> None:
    path = tmp_path / "live.json"
    path.write_text(render("json", _report(findings), show_passed=True))
    evidence = read_results(path)
    assert evidence.findings == tuple(findings)
    assert evidence.errors == (ScanError("broken.tf", 4, "syntax error"),)
    assert evidence.policies == {"PC-TEST-001", "PC-TEST-002"}
    assert (evidence.source, evidence.warnings) == (str(path), ())


def test_results_saved_without_passes_are_flagged(tmp_path: Path, findings: list[Finding]) -> None:
    path = tmp_path / "live.json"
    path.write_text(render("json", _report(findings)))
    evidence = read_results(path)
    # the passing policy's findings are missing, but the policies list names it
    assert evidence.policies == {"PC-TEST-001", "PC-TEST-002"}
    assert evidence.warnings == (f"{path} was saved without --show-passed: its passing checks "
                                 "are missing, so items that only they cover show as OPEN",)


@pytest.mark.parametrize("change, message", [
    (lambda d: d.pop("findings"), "not a policycheck JSON result"),
    (lambda d: d["findings"][0].update(verdict="failed"),
     "findings[0]: verdict: 'failed' is not a valid Verdict"),
    (lambda d: d["findings"][1].update(severity="urgent"),
     "findings[1]: severity: unknown severity 'urgent'"),
    (lambda d: d["findings"][0].update(line=True), "findings[0]: line must be an integer"),
    (lambda d: d["findings"][0].pop("policy_id"), "findings[0]: policy_id must be a string"),
    (lambda d: d["findings"][0].update(checklist="a/b"), "findings[0]: checklist must be a list"),
    (lambda d: d["errors"].append({"file": "x.tf"}), "errors[1]: line must be an integer"),
])
def test_invalid_results_name_the_entry(tmp_path: Path, findings: list[Finding],
                                        change: Callable[[dict[str, object]], object],
                                        message: str) -> None:
    document = json.loads(render("json", _report(findings), show_passed=True))
    change(document)
    path = tmp_path / "live.json"
    path.write_text(json.dumps(document))
    with pytest.raises(ResultsError) as caught:
        read_results(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_unreadable_results(tmp_path: Path) -> None:
    path = tmp_path / "live.json"
    with pytest.raises(ResultsError, match="cannot read"):
        read_results(path)
    path.write_text('{\n  "findings": [,]\n}')
    with pytest.raises(ResultsError, match=f"{path}:2: invalid JSON"):
        read_results(path)


def test_end_line_defaults_to_line(tmp_path: Path, findings: list[Finding]) -> None:
    document = json.loads(render("json", _report(findings[:1])))
    del document["findings"][0]["end_line"]
    path = tmp_path / "live.json"
    path.write_text(json.dumps(document))
    location = read_results(path).findings[0].location
    assert (location.line, location.end_line) == (3, 3)
    assert dataclasses.replace(findings[0], location=location) == read_results(path).findings[0]
