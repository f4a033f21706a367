"""Applying inline suppressions (read by :mod:`policycheck.suppression.syntax`) to findings."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping
from datetime import date

from policycheck.model import Finding, Resource, Suppression, Verdict


def apply_inline(findings: list[Finding], resources: Iterable[Resource],
                 ran: Mapping[str, Collection[str]], today: date) -> tuple[list[Finding], list[str]]:
    """Mark findings covered by an active inline suppression; warn on expired ones, and on
    unused ones of policies that ran (``ran``: policy ID -> the sources it judges) on a
    resource of a source the policy judges."""
    by_resource: dict[tuple[str, str], tuple[Suppression, ...]] = {
        (r.source, r.address): r.suppressions for r in resources if r.suppressions
    }
    used: set[int] = set()
    warnings: list[str] = []
    marked: list[Finding] = []
    for finding in findings:
        match = None
        if finding.verdict is not Verdict.PASS:
            for suppression in by_resource.get((finding.source, finding.resource), ()):
                if suppression.policy_id == finding.policy_id:
                    used.add(id(suppression))
                    if suppression.active(today):
                        match = suppression
                        break
        if match is None:
            marked.append(finding)
        else:
            marked.append(dataclasses.replace(finding, suppressed=True,
                                              suppression_reason=match.reason))
    for (source, _), suppressions in by_resource.items():
        for suppression in suppressions:
            if source not in ran.get(suppression.policy_id, ()):
                continue
            if id(suppression) not in used:
                warnings.append(f"{suppression.location}: ignore of {suppression.policy_id} "
                                "matches no finding")
            elif not suppression.active(today):
                warnings.append(f"{suppression.location}: ignore of {suppression.policy_id} "
                                f"expired on {suppression.until}; the finding is reported")
    return marked, warnings
