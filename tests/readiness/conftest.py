"""A small hand-made checklist, findings and attestations for the readiness tests.

The checklist (item IDs):
  section security:    network/firewall (PC-TEST-001), network/tls (PC-TEST-002),
                       data/encryption (PC-TEST-003)
  section operations:  docs/runbook (manual), docs/oncall (manual)
  section go-no-go:    must/secure      requires security, no failures at or above high
                       must/rollback    requires docs/runbook, attested itself
                       should/clean     no failures at or above low
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import pytest

from policycheck.checklist import Checklist, parse_checklist
from policycheck.model import Finding, Location, ScanError, Severity, Verdict
from policycheck.readiness.attestations import Attestation
from policycheck.readiness.evidence import Evidence
from policycheck.readiness.report import Readiness, assess

SMALL: dict[str, Any] = {
    "title": "Small checklist",
    "sections": [
        {"id": "security", "title": "Security", "groups": [
            {"id": "network", "title": "Network", "items": [
                {"id": "firewall", "text": "Firewall rules are minimal"},
                {"id": "tls", "text": "Endpoints use TLS"}]},
            {"id": "data", "title": "Data", "items": [
                {"id": "encryption", "text": "Data is encrypted at rest"}]}]},
        {"id": "operations", "title": "Operations", "groups": [
            {"id": "docs", "title": "Docs", "items": [
                {"id": "runbook", "text": "Rollback runbook written"},
                {"id": "oncall", "text": "On-call rota current"}]}]},
        {"id": "go-no-go", "title": "Go/No-Go", "groups": [
            {"id": "must", "title": "Must Pass", "tier": "must", "items": [
                {"id": "secure", "text": "Security checks passed", "requires": ["security"],
                 "no-failures-at-or-above": "high"},
                {"id": "rollback", "text": "Rollback tested", "requires": ["docs/runbook"],
                 "attest": True}]},
            {"id": "should", "title": "Should Pass", "tier": "should", "items": [
                {"id": "clean", "text": "No failing checks", "no-failures-at-or-above": "low"}]}]},
    ],
}
COVERAGE = {"network/firewall": ("PC-TEST-001",), "network/tls": ("PC-TEST-002",),
            "data/encryption": ("PC-TEST-003",)}
POLICIES = frozenset(p for ids in COVERAGE.values() for p in ids)
TODAY = date(2025, 6, 1)


def make_finding(policy_id: str, verdict: str = "fail", items: Sequence[str] = (),
                 severity: str = "medium", line: int = 1, **changes: Any) -> Finding:
    """A finding of ``policy_id`` on ``main.tf:line``, for the items ``COVERAGE`` maps it to
    unless ``items`` are given."""
    mapped = items or tuple(i for i, ids in COVERAGE.items() if policy_id in ids)
    finding = Finding(
        policy_id=policy_id, title=f"{policy_id} title", severity=Severity.parse(severity),
        verdict=Verdict(verdict), source="tf", location=Location("main.tf", line, line + 1),
        resource=f"aws_thing.r{line}", message=f"{policy_id} says {verdict}", remediation="Fix it.",
        checklist=tuple(mapped))
    return dataclasses.replace(finding, **changes)


def make_attestation(item: str, **changes: Any) -> Attestation:
    base = Attestation(item, "Dana <dana@example.com>", date(2025, 5, 1),
                       "https://wiki.example.com/x", "")
    return dataclasses.replace(base, **changes)


@pytest.fixture
def small_data() -> dict[str, Any]:
    return copy.deepcopy(SMALL)


@pytest.fixture
def small() -> Checklist:
    return parse_checklist(copy.deepcopy(SMALL), "small.yaml")


Assess = Callable[..., Readiness]


@pytest.fixture
def assess_small(small: Checklist) -> Assess:
    def run(findings: Sequence[Finding] = (), attestations: Sequence[Attestation] = (),
            ran: frozenset[str] = POLICIES, errors: Sequence[ScanError] = (),
            unknown_fails: bool = False) -> Readiness:
        evidence = Evidence("test", tuple(findings), ran, tuple(errors))
        return assess(small, [evidence], {a.item: a for a in attestations}, COVERAGE,
                      today=TODAY, unknown_fails=unknown_fails)
    return run


@pytest.fixture
def finding() -> Callable[..., Finding]:
    return make_finding


@pytest.fixture
def attestation() -> Callable[..., Attestation]:
    return make_attestation


@pytest.fixture
def passing() -> list[Finding]:
    """One pass for each automated item."""
    return [make_finding(p, "pass", line=n) for n, p in enumerate(sorted(POLICIES), 1)]
