"""The JSON report: the stable machine-readable contract of DESIGN.md.

A finding whose deciding value was set outside its resource (a module input, a ``.tfvars``
file, ``TF_VAR_*``) ends with ``trace``: ``[{"file", "line", "note"}]``, closest setting first.
After ``errors`` comes ``policies``: every policy that ran (``id``, default ``severity``,
``sources``, ``checklist`` item IDs), so a saved result tells a checklist item whose policies
judged nothing (NOT APPLICABLE) from one nothing covered."""

from __future__ import annotations

import json
from typing import Any

from policycheck.engine.policy import Policy
from policycheck.engine.report import ScanReport
from policycheck.model import Finding, NotAssessed
from policycheck.reporters._common import Options

SUMMARY_KEYS = ("files", "resources", "passed", "failed", "unknown", "suppressed", "errors")


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """One finding as the JSON report writes it (the keys DESIGN.md fixes); the readiness
    report's JSON embeds the same objects."""
    encoded: dict[str, Any] = {
        "policy_id": finding.policy_id,
        "title": finding.title,
        "severity": str(finding.severity),
        "verdict": finding.verdict.value,
        "source": finding.source,
        "file": finding.location.file,
        "line": finding.location.line,
        "end_line": finding.location.end_line,
        "resource": finding.resource,
        "message": finding.message,
        "remediation": finding.remediation,
        "checklist": list(finding.checklist),
        "suppressed": finding.suppressed,
        "fingerprint": finding.fingerprint,
    }
    if finding.trace:  # only when there is one, so other findings stay as they were
        encoded["trace"] = [{"file": s.file, "line": s.line, "note": s.note}
                            for s in finding.trace]
    return encoded


def _policy(policy: Policy) -> dict[str, Any]:
    return {"id": policy.id, "severity": str(policy.severity), "sources": list(policy.sources),
            "checklist": list(policy.checklist)}


_encode = json.JSONEncoder(ensure_ascii=False).encode
"""The C encoder: ``indent=`` would switch to the pure-Python one, many times slower on large
reports. Objects are written one per line instead, which keeps the report readable and diffable."""


def _array(items: list[str]) -> str:
    if not items:
        return "[]"
    return "[\n    " + ",\n    ".join(items) + "\n  ]"


def render(report: ScanReport, options: Options) -> str:
    summary = report.summary
    tool = {"name": "policycheck", "version": report.version}
    counts = {key: getattr(summary, key) for key in SUMMARY_KEYS}
    findings = [_encode(finding_to_dict(f)) for f in report.visible(options.show_passed)]
    errors = [_encode({"file": e.file, "line": e.line, "message": e.message}) for e in report.errors]
    policies = [_encode(_policy(p)) for p in sorted(report.policies, key=lambda p: p.id)]
    live = ""
    if report.live:
        gaps = [_encode(not_assessed_to_dict(g)) for g in report.not_assessed]
        live += f',\n  "not_assessed": {_array(gaps)}'
    if report.drift is not None:
        live += f',\n  "drift": {_encode(report.drift.as_dict())}'
    if report.shard is not None:
        live += f',\n  "shard": {_encode(report.shard.as_dict())}'
    return (f'{{\n  "tool": {_encode(tool)},\n  "summary": {_encode(counts)},\n'
            f'  "findings": {_array(findings)},\n  "errors": {_array(errors)},\n'
            f'  "policies": {_array(policies)}{live}\n}}\n')


def not_assessed_to_dict(gap: NotAssessed) -> dict[str, Any]:
    """One ``not_assessed`` entry of the JSON report."""
    return {"source": gap.source, "account": gap.account, "where": gap.where,
            "service": gap.service, "call": gap.call, "permission": gap.permission,
            "reason": gap.reason, "kinds": list(gap.kinds)}
