"""SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, Azure DevOps, IDE viewers)."""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from policycheck.engine.policy import Policy
from policycheck.engine.report import ScanReport
from policycheck.model import Finding, Severity, TraceStep, Verdict, live_scope
from policycheck.reporters._common import Options, level

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/policycheck/"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "policycheck/v1"
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
}
DEFAULT_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
}
# RFC 3986 sub-delimiters and "@" may stay literal in a path; ":" may not in a relative one.
_URI_SAFE = "/!$&'()*+,;=@"


def artifact_location(file: str) -> dict[str, str]:
    """A relative path as a ``%SRCROOT%``-based URI; an absolute one as a ``file:`` URI; a live
    location (``aws://ACCOUNT/REGION``, ``k8s://CLUSTER/NAMESPACE``) as it is."""
    if live_scope(file) is not None:
        return {"uri": quote(file, safe=_URI_SAFE + ":")}
    posix = file.replace("\\", "/")
    if PurePosixPath(posix).is_absolute() or PureWindowsPath(file).is_absolute():
        return {"uri": "file://" + quote(posix if posix.startswith("/") else "/" + posix,
                                         safe=_URI_SAFE + ":")}
    return {"uri": quote(posix.removeprefix("./"), safe=_URI_SAFE), "uriBaseId": SRCROOT}


def _location(file: str, line: int, end_line: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(file)}
    if line >= 1:
        physical["region"] = {"startLine": line, "endLine": max(line, end_line)}
    return {"physicalLocation": physical}


def _related(index: int, step: TraceStep) -> dict[str, Any]:
    """Where a value the finding depends on was set (a step without a file: message only)."""
    related: dict[str, Any] = {"id": index, "message": {"text": step.note}}
    if step.file:
        related |= _location(step.file, step.line, step.line)
    return related


def _rule(policy: Policy, ran: set[str]) -> dict[str, Any]:
    doc = policy.doc or policy.title
    rule: dict[str, Any] = {
        "id": policy.id,
        "name": "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", policy.title)),
        "shortDescription": {"text": policy.title},
        "fullDescription": {"text": policy.section("What") or policy.title},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": DEFAULT_LEVEL[policy.severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[policy.severity],
            "tags": list(dict.fromkeys(("policycheck", *policy.checklist))),
        },
    }
    related = [r for r in policy.related if r in ran]
    if related:
        rule["relationships"] = [{"target": {"id": r}, "kinds": ["relevant"]} for r in related]
    return rule


def _result(report: ScanReport, finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    loc = finding.location
    result: dict[str, Any] = {"ruleId": finding.policy_id}
    if finding.policy_id in rule_index:
        result["ruleIndex"] = rule_index[finding.policy_id]
    result["level"] = level(report, finding)
    result["message"] = {"text": finding.message}
    location = _location(loc.file, loc.line, loc.end_line)
    location["logicalLocations"] = [{"name": finding.resource, "kind": "resource"}]
    result["locations"] = [location]
    if finding.trace:
        result["relatedLocations"] = [_related(index, step)
                                      for index, step in enumerate(finding.trace, 1)]
    if finding.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    if finding.suppressed:
        kind = "external" if finding.baselined else "inSource"
        result["suppressions"] = [{"kind": kind, "justification": finding.suppression_reason}]
    result["properties"] = {
        "severity": str(finding.severity),
        "verdict": finding.verdict.value,
        "resource": finding.resource,
        "source": finding.source,
    }
    return result


def _invocation(report: ScanReport) -> dict[str, Any]:
    notifications: list[dict[str, Any]] = [
        {"level": "error", "message": {"text": e.message},
         "locations": [_location(e.file, e.line, e.line)]}
        for e in report.errors
    ]
    notifications += [{"level": "error", "message": {"text": gap.describe()},
                       "descriptor": {"id": "not-assessed"}} for gap in report.not_assessed]
    notifications += [{"level": "warning", "message": {"text": w}} for w in report.warnings]
    invocation: dict[str, Any] = {"executionSuccessful": not (report.errors or report.not_assessed),
                                  "toolExecutionNotifications": notifications}
    if report.drift is not None:
        invocation["properties"] = {"drift": report.drift.as_dict()}
    return invocation


def render(report: ScanReport, options: Options) -> str:
    """Passes are never results (``options.show_passed`` does not apply to SARIF)."""
    ran = {p.id for p in report.policies}
    rules = [_rule(p, ran) for p in report.policies]
    rule_index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = [_result(report, f, rule_index) for f in report.findings
               if f.verdict is not Verdict.PASS]
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "policycheck",
                "version": report.version,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }},
            "invocations": [_invocation(report)],
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
