"""The readiness report as one JSON object (documented in docs/checklist.md)."""

from __future__ import annotations

import json
from typing import Any

from policycheck.readiness.attestations import Attestation
from policycheck.readiness.render._common import findings_of
from policycheck.readiness.report import Readiness
from policycheck.readiness.rollup import ItemResult, State, state_counts
from policycheck.reporters.json_format import finding_to_dict


def _counts(counts: dict[State, int]) -> dict[str, int]:
    return {state.value: n for state, n in counts.items()}


def _attestation(attestation: Attestation | None) -> dict[str, Any] | None:
    if attestation is None:
        return None
    return {"by": attestation.by, "date": attestation.date.isoformat(),
            "evidence": attestation.evidence, "note": attestation.note,
            "until": attestation.until.isoformat() if attestation.until else None}


def _item(result: ItemResult) -> dict[str, Any]:
    return {
        "id": result.item.id,
        "text": result.item.text,
        "state": result.state.value,
        "automated": bool(result.policies),
        "policies": list(result.policies),
        "passed": result.passed,
        "reasons": list(result.reasons),
        "findings": [finding_to_dict(f) for f in findings_of(result)],
        "attestation": _attestation(result.attestation),
    }


def render(readiness: Readiness) -> str:
    decision = readiness.decision
    document = {
        "tool": {"name": "policycheck", "version": readiness.version},
        "checklist": {"title": readiness.checklist.title, "origin": readiness.checklist.origin},
        "date": readiness.today.isoformat(),
        "decision": {"status": decision.status, "exit_code": decision.exit_code,
                     "complete": decision.complete, "reasons": list(decision.reasons),
                     "advisories": list(decision.advisories)},
        "summary": {"items": sum(readiness.counts.values()), "automated": readiness.automated,
                    **_counts(readiness.counts)},
        "sources": [{"source": e.source, "detail": e.detail} for e in readiness.evidence],
        "attestations_file": readiness.attestations_file,
        "sections": [
            {"id": s.section.id, "title": s.section.title, "status": s.status.value,
             "counts": _counts(state_counts(s.items())),
             "groups": [{"id": g.group.id, "title": g.group.title, "tier": g.group.tier,
                         "status": g.status.value, "items": [_item(r) for r in g.items]}
                        for g in s.groups]}
            for s in readiness.sections
        ],
        "errors": [{"file": e.file, "line": e.line, "message": e.message}
                   for e in readiness.errors],
        "warnings": readiness.warnings,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
