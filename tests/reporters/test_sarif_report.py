"""SARIF output, validated against the official OASIS SARIF 2.1.0 schema (errata 01) vendored
from oasis-tcs/sarif-spec Schemata/sarif-schema-2.1.0.json."""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from policycheck.engine.report import ScanReport
from policycheck.model import ScanError
from policycheck.reporters import render
from policycheck.reporters.sarif import artifact_location

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
URI_REFERENCE = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*")


@cache
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft4Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def sarif(report: ScanReport, **kwargs: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render("sarif", report, **kwargs))
    return data


def schema_errors(log: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(log)]


def test_valid_against_official_schema(report: ScanReport) -> None:
    log = sarif(report)
    assert schema_errors(log) == []
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert schema_errors(broken), "the vendored schema must reject an invalid level"


def test_clean_report_is_valid(make_report: Any) -> None:
    log = sarif(make_report(findings=[], errors=[], warnings=[]))
    assert schema_errors(log) == []
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_header_and_rules(report: ScanReport) -> None:
    log = sarif(report)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("policycheck", "9.9.9")
    assert driver["informationUri"].startswith("https://")
    one, two = driver["rules"]
    assert (one["id"], two["id"]) == ("PC-TEST-001", "PC-TEST-002")
    assert one["shortDescription"] == {"text": "Bucket is encrypted"}
    assert one["fullDescription"] == {"text": "S3 buckets must be encrypted at rest."}
    assert "server_side_encryption_configuration" in one["help"]["markdown"]
    assert two["help"] == {"text": "Versions are pinned", "markdown": "Versions are pinned"}
    assert one["defaultConfiguration"] == {"level": "error"}
    assert two["defaultConfiguration"] == {"level": "note"}
    assert one["properties"]["security-severity"] == "8.0"
    assert two["properties"]["security-severity"] == "3.0"
    assert "security/encryption-at-rest" in one["properties"]["tags"]
    assert one["relationships"] == [{"target": {"id": "PC-TEST-002"}, "kinds": ["relevant"]}]


def test_results_levels_locations_suppressions(report: ScanReport) -> None:
    results = sarif(report, show_passed=True)["runs"][0]["results"]
    by_line = {r["locations"][0]["physicalLocation"]["region"]["startLine"]: r for r in results}
    assert sorted(by_line) == [3, 5, 10, 20, 40], "passes are never results"
    assert {line: r["level"] for line, r in by_line.items()} == {
        3: "error", 5: "error", 10: "warning", 20: "note", 40: "warning"}
    critical = by_line[5]
    assert critical["ruleId"] == "PC-TEST-001" and critical["ruleIndex"] == 0
    assert critical["message"]["text"] == "50% of replicas\nexposed"
    physical = critical["locations"][0]["physicalLocation"]
    assert physical == {"artifactLocation": {"uri": "k8s/app,v2.yaml", "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": 5, "endLine": 7}}
    assert critical["partialFingerprints"] == {"policycheck/v1": "fp-PC-TEST-001-5"}
    assert "suppressions" not in critical
    assert by_line[40]["suppressions"] == [{"kind": "inSource", "justification": "accepted risk"}]


def test_unknown_that_gates_is_an_error(make_report: Any) -> None:
    results = sarif(make_report(unknown_fails=True))["runs"][0]["results"]
    unknown = [r for r in results if r["properties"]["verdict"] == "unknown"]
    assert [r["level"] for r in unknown] == ["error"]


def test_scan_errors_are_notifications(report: ScanReport) -> None:
    (invocation,) = sarif(report)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    error, warning = invocation["toolExecutionNotifications"]
    assert error["level"] == "error"
    assert error["message"]["text"] == "syntax error: unexpected '}'"
    assert error["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "infra/broken.tf"
    assert error["locations"][0]["physicalLocation"]["region"]["startLine"] == 7
    assert warning["level"] == "warning" and "PC-TEST-009" in warning["message"]["text"]


@pytest.mark.parametrize(("file", "expected"), [
    ("infra/main.tf", {"uri": "infra/main.tf", "uriBaseId": "%SRCROOT%"}),
    ("./infra/my dir/a#b.tf", {"uri": "infra/my%20dir/a%23b.tf", "uriBaseId": "%SRCROOT%"}),
    ("infra\\win\\main.tf", {"uri": "infra/win/main.tf", "uriBaseId": "%SRCROOT%"}),
    ("aws:us-east-1/bucket", {"uri": "aws%3Aus-east-1/bucket", "uriBaseId": "%SRCROOT%"}),
    ("/abs/main.tf", {"uri": "file:///abs/main.tf"}),
    ("C:\\work\\main.tf", {"uri": "file:///C:/work/main.tf"}),
])
def test_artifact_location(file: str, expected: dict[str, str]) -> None:
    location = artifact_location(file)
    assert location == expected
    assert URI_REFERENCE.fullmatch(location["uri"])


def test_unknown_line_has_no_region(make_report: Any) -> None:
    log = sarif(make_report(errors=[ScanError("policies/x.py", 0, "crashed")]))
    (notification, _) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert "region" not in notification["locations"][0]["physicalLocation"]
    assert schema_errors(log) == []
