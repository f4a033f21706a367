"""JUnit XML for CI test reporters (Jenkins, GitLab, GitHub test-report actions).

One ``<testsuite>`` per policy, one ``<testcase>`` per finding (classname = policy ID,
name = resource). FAIL is a ``<failure>``; suppressed and UNKNOWN findings are ``<skipped>``
unless an UNKNOWN gates the run (``--unknown fail``), which makes it a ``<failure>`` too.
Scan errors are ``<error>`` testcases of a last suite, ``policycheck errors``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from policycheck.engine.report import ScanReport
from policycheck.model import Finding, NotAssessed, ScanError, Verdict
from policycheck.reporters._common import Options, where

ERRORS_SUITE = "policycheck errors"
NOT_ASSESSED_SUITE = "policycheck not assessed"
COUNTS = ("tests", "failures", "errors", "skipped")
# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _element(parent: ET.Element, tag: str, text: str = "", **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attributes.items()})
    if text:
        element.text = _clean(text)
    return element


def _testcase(parent: ET.Element, classname: str, name: str, file: str, line: int) -> ET.Element:
    attributes = {"classname": classname, "name": name, "file": file}
    if line >= 1:
        attributes["line"] = str(line)
    return _element(parent, "testcase", **attributes)


def _add_finding(suite: ET.Element, report: ScanReport, finding: Finding) -> str | None:
    """Append the finding's testcase; return which count beyond ``tests`` it adds."""
    loc = finding.location
    case = _testcase(suite, finding.policy_id, finding.resource, loc.file, loc.line)
    if finding.suppressed:
        _element(case, "skipped", message=f"suppressed: {finding.suppression_reason}")
        return "skipped"
    if finding.verdict is Verdict.PASS:
        return None
    prefix = "unknown: " if finding.verdict is Verdict.UNKNOWN else ""
    if finding.verdict is Verdict.UNKNOWN and not report.gating(finding):
        _element(case, "skipped", message=prefix + finding.message)
        return "skipped"
    body = f"{where(loc.file, loc.line)}\n{finding.resource}: {finding.message}"
    if finding.remediation:
        body += f"\nRemediation: {finding.remediation}"
    _element(case, "failure", body, message=prefix + finding.message, type=str(finding.severity))
    return "failures"


def _set_counts(element: ET.Element, counts: dict[str, int]) -> None:
    for key in COUNTS:
        element.set(key, str(counts[key]))


def _policy_suite(root: ET.Element, name: str, report: ScanReport, findings: Iterable[Finding],
                  show_passed: bool, unlisted_passes: int) -> dict[str, int]:
    suite = _element(root, "testsuite", name=name)
    counts = dict.fromkeys(COUNTS, 0)
    counts["tests"] = unlisted_passes
    for finding in findings:
        counts["tests"] += 1
        if finding.verdict is Verdict.PASS and not show_passed:
            continue
        kind = _add_finding(suite, report, finding)
        if kind:
            counts[kind] += 1
    _set_counts(suite, counts)
    return counts


def _errors_suite(root: ET.Element, errors: list[ScanError]) -> dict[str, int]:
    suite = _element(root, "testsuite", name=ERRORS_SUITE)
    for error in errors:
        place = where(error.file, error.line)
        case = _testcase(suite, ERRORS_SUITE, place, error.file, error.line)
        _element(case, "error", f"{place}: {error.message}", message=error.message,
                 type="scan-error")
    counts = {"tests": len(errors), "failures": 0, "errors": len(errors), "skipped": 0}
    _set_counts(suite, counts)
    return counts


def _not_assessed_suite(root: ET.Element, gaps: list[NotAssessed]) -> dict[str, int]:
    suite = _element(root, "testsuite", name=NOT_ASSESSED_SUITE)
    for gap in gaps:
        name = f"{gap.source} {gap.scope} {gap.service} {gap.call}"
        case = _testcase(suite, NOT_ASSESSED_SUITE, name, gap.scope, 0)
        _element(case, "error", gap.describe(), message=gap.describe(), type="not-assessed")
    counts = {"tests": len(gaps), "failures": 0, "errors": len(gaps), "skipped": 0}
    _set_counts(suite, counts)
    return counts


def render(report: ScanReport, options: Options) -> str:
    titles = {p.id: p.title for p in report.policies}
    by_policy: dict[str, list[Finding]] = {p.id: [] for p in report.policies}
    for finding in report.findings:
        titles.setdefault(finding.policy_id, finding.title)
        by_policy.setdefault(finding.policy_id, []).append(finding)
    root = ET.Element("testsuites", {"name": "policycheck"})
    totals = dict.fromkeys(COUNTS, 0)
    suites = [_policy_suite(root, f"{pid}: {titles[pid]}", report, findings, options.show_passed,
                            report.unlisted_passes.get(pid, 0))
              for pid, findings in by_policy.items()]
    if report.errors:
        suites.append(_errors_suite(root, report.errors))
    if report.not_assessed:
        suites.append(_not_assessed_suite(root, report.not_assessed))
    for counts in suites:
        for key in COUNTS:
            totals[key] += counts[key]
    _set_counts(root, totals)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
