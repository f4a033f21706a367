"""The terminal report: every section, group and item with its state and evidence, then the
counts and the decision with its reasons."""

from __future__ import annotations

from policycheck.readiness.render._common import attestation_line, counts_line, finding_line, findings_of, headline
from policycheck.readiness.report import Readiness
from policycheck.readiness.rollup import ItemResult, state_counts

STATE_WIDTH = 16
INDENT = " " * (4 + STATE_WIDTH)


def _item(result: ItemResult) -> list[str]:
    lines = [f"    {result.state.label:<{STATE_WIDTH}}{result.item.text}  [{result.item.id}]"]
    details = []
    if result.policies:
        details.append(f"policies: {', '.join(result.policies)}")
    details += result.reasons
    details += [finding_line(f) for f in findings_of(result)]
    if result.attestation is not None:
        details.append(attestation_line(result.attestation))
    return lines + [INDENT + d for d in details]


def render(readiness: Readiness) -> str:
    lines = [f"Go/No-Go readiness: {readiness.checklist.title} ({readiness.checklist.origin}), "
             f"{readiness.today}"]
    lines += [f"  evidence: {e.source}" + (f" ({e.detail})" if e.detail else "")
              for e in readiness.evidence]
    lines.append(f"  attestations: {readiness.attestations_file or 'none'}")
    for section in readiness.sections:
        counts = counts_line(state_counts(section.items()))
        lines += ["", f"{section.section.title}: {section.status.label} ({counts})"]
        for group in section.groups:
            tier = f" [tier: {group.group.tier}]" if group.group.tier else ""
            lines.append(f"  {group.group.title}{tier}")
            for result in group.items:
                lines += _item(result)
    if readiness.errors:
        lines += ["", "Errors:"]
        lines += [f"  {e.file}:{e.line}: {e.message}" for e in readiness.errors]
    if readiness.warnings:
        lines += ["", "Warnings:", *(f"  {w}" for w in readiness.warnings)]
    decision = readiness.decision
    lines += ["", headline(readiness), "", f"Go/No-Go: {decision.status}"]
    lines += [f"  - {reason}" for reason in decision.reasons]
    if decision.advisories:
        lines += ["Advisories (do not block):", *(f"  - {a}" for a in decision.advisories)]
    return "\n".join(lines) + "\n"
