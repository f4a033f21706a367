"""Which checklist items policies automate and which remain manual (``--coverage``).

The policies' ``checklist`` metadata is the only source of the mapping.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

from policycheck.checklist import Checklist, ChecklistItem
from policycheck.engine.policy import Policy


def policies_by_item(policies: Iterable[Policy]) -> dict[str, tuple[str, ...]]:
    mapping: dict[str, list[str]] = {}
    for policy in sorted(policies, key=lambda p: p.id):
        for item_id in dict.fromkeys(policy.checklist):
            mapping.setdefault(item_id, []).append(policy.id)
    return {item_id: tuple(ids) for item_id, ids in mapping.items()}


def derivation(checklist: Checklist, item: ChecklistItem) -> list[str]:
    """How a Go/No-Go criterion is decided, one condition per entry."""
    rule = item.criterion
    if rule is None:
        return []
    parts = [f"requires {checklist.label(s)} ({s})" for s in rule.requires]
    if rule.no_failures_at_or_above is not None:
        parts.append(f"no failing finding at or above {rule.no_failures_at_or_above}")
    if rule.attest:
        parts.append("an attestation")
    return parts


def _kind(item: ChecklistItem, policies: Sequence[str]) -> str:
    if item.criterion is not None:
        return "criterion"
    return "automated" if policies else "manual"


def _unmapped(checklist: Checklist, mapping: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Policies naming items this checklist lacks (a replaced checklist), by policy."""
    known = {i.id for i in checklist.items()}
    missing: dict[str, list[str]] = {}
    for item_id, ids in mapping.items():
        if item_id not in known:
            for policy_id in ids:
                missing.setdefault(policy_id, []).append(item_id)
    return missing


def render_text(checklist: Checklist, mapping: Mapping[str, Sequence[str]]) -> str:
    items = list(checklist.items())
    automated = [i for i in items if i.criterion is None and mapping.get(i.id)]
    manual = [i for i in items if i.criterion is None and not mapping.get(i.id)]
    policies = {p for i in items for p in mapping.get(i.id, ())}
    lines = [f"{checklist.title}: {len(automated)} items automated by {len(policies)} policies, "
             f"{len(manual)} manual (answered by attestations), "
             f"{sum(i.criterion is not None for i in items)} Go/No-Go criteria", ""]
    for section in checklist.sections:
        lines.append(section.title)
        for group in section.groups:
            lines.append(f"  {group.title}" + (f" [tier: {group.tier}]" if group.tier else ""))
            for item in group.items:
                ids = mapping.get(item.id, ())
                lines.append(f"    {_kind(item, ids):<10} {item.id}  {item.text}")
                details = [*derivation(checklist, item)]
                if ids:
                    details.insert(0, ", ".join(ids))
                lines += [f"               {d}" for d in details]
        lines.append("")
    unmapped = _unmapped(checklist, mapping)
    if unmapped:
        lines.append("Policies naming items this checklist does not have:")
        lines += [f"  {p}: {', '.join(ids)}" for p, ids in sorted(unmapped.items())]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_json(checklist: Checklist, mapping: Mapping[str, Sequence[str]]) -> str:
    document = {
        "checklist": {"title": checklist.title, "origin": checklist.origin},
        "items": [
            {"id": i.id, "text": i.text, "section": i.section, "group": i.group,
             "kind": _kind(i, mapping.get(i.id, ())), "policies": list(mapping.get(i.id, ())),
             "derivation": derivation(checklist, i)}
            for i in checklist.items()
        ],
        "unmapped_policies": _unmapped(checklist, mapping),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
