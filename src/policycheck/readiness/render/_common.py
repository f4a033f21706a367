"""What the readiness renderers share: one-line descriptions of evidence and counts."""

from __future__ import annotations

from policycheck.model import Finding
from policycheck.readiness.attestations import Attestation
from policycheck.readiness.report import Readiness
from policycheck.readiness.rollup import ItemResult, State
from policycheck.reporters._common import where

STATE_ORDER = (State.PASS, State.FAIL, State.NOT_APPLICABLE, State.ATTESTED, State.EXPIRED,
               State.OPEN)
"""The order states are counted and drawn in."""


def finding_line(finding: Finding) -> str:
    """``PC-AWS-001 critical main.tf:45 aws_security_group.web: message`` (verdict when not FAIL,
    ``suppressed`` when suppressed)."""
    tags = [str(finding.severity)]
    if finding.verdict.value != "fail":
        tags.append(finding.verdict.value)
    if finding.suppressed:
        tags.append("suppressed")
    return (f"{finding.policy_id} {' '.join(tags)} {where(finding.location.file, finding.location.line)} "
            f"{finding.resource}: {finding.message}")


def attestation_head(attestation: Attestation) -> str:
    """Who attested when, and until when."""
    text = f"attested by {attestation.by} on {attestation.date}"
    return text + (f", until {attestation.until}" if attestation.until is not None else "")


def attestation_line(attestation: Attestation) -> str:
    details = [d for d in (attestation.evidence, attestation.note) if d]
    return f"{attestation_head(attestation)}: {' - '.join(details)}"


def findings_of(result: ItemResult) -> list[Finding]:
    """Failing, then undecided, then accepted (suppressed) findings of an item."""
    return [*result.failing, *result.undecided, *result.accepted]


def counts_line(counts: dict[State, int]) -> str:
    return ", ".join(f"{counts[s]} {s.label.lower()}" for s in STATE_ORDER if counts[s])


def headline(readiness: Readiness) -> str:
    items = sum(readiness.counts.values())
    return (f"{items} items: {counts_line(readiness.counts)}; {readiness.automated} automated "
            "by policies")
