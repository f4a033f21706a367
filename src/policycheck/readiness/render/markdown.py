"""The readiness report for a pull-request comment: decision and reasons, criteria and section
tables, the failing items with their findings, and every item in a collapsed block."""

from __future__ import annotations

from collections.abc import Iterable

from policycheck.readiness.render._common import STATE_ORDER, attestation_line, finding_line, headline
from policycheck.readiness.report import Readiness
from policycheck.readiness.rollup import ItemResult, State, state_counts
from policycheck.reporters.markdown import cell

ICON = {State.PASS: "✅", State.FAIL: "❌", State.NOT_APPLICABLE: "⚪", State.ATTESTED: "📝",
        State.EXPIRED: "⌛", State.OPEN: "⬜"}


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: tuple[str, ...], rows: Iterable[Iterable[str]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(map(cell, r)) for r in rows), ""]


def _state(state: State) -> str:
    return f"{ICON[state]} {state.label}"


def _evidence(result: ItemResult) -> str:
    parts = [*result.reasons]
    if result.policies:
        parts.insert(0, ", ".join(result.policies))
    if result.attestation is not None:
        parts.append(attestation_line(result.attestation))
    return "; ".join(parts)


def render(readiness: Readiness) -> str:
    decision = readiness.decision
    icon = "🟢" if decision.go else "🔴"
    lines = [f"## {icon} Go/No-Go: {decision.status}", "",
             f"{readiness.checklist.title}, {readiness.today}. {headline(readiness)}.", ""]
    if decision.reasons:
        lines += ["### Why", "", *(f"- {cell(r)}" for r in decision.reasons), ""]
    if decision.advisories:
        lines += ["### Advisories", "", *(f"- {cell(a)}" for a in decision.advisories), ""]
    criteria = readiness.criteria()
    if criteria:
        lines += ["### Criteria", ""]
        lines += _table(("Tier", "Criterion", "State", "Why"), (
            (g.group.title, r.item.text, _state(r.state), "; ".join(r.reasons))
            for g in criteria for r in g.items))
    lines += ["### Sections", ""]
    lines += _table(("Section", "Status", *(s.label.capitalize() for s in STATE_ORDER)), (
        (s.section.title, _state(s.status), *map(str, (state_counts(s.items())[t] for t in STATE_ORDER)))
        for s in readiness.sections))
    failing = [r for r in readiness.items() if r.state is State.FAIL and r.failing]
    if failing:
        lines += ["### Failing items", ""]
        for result in failing:
            lines += [f"**{cell(result.item.text)}** (`{result.item.id}`)", "",
                      *(f"- {cell(finding_line(f))}" for f in result.failing), ""]
    for section in readiness.sections:
        lines += [f"<details><summary>{cell(section.section.title)}: "
                  f"{_state(section.status)}</summary>", ""]
        lines += _table(("State", "Item", "Evidence"), (
            (_state(r.state), f"{r.item.text} ({r.item.id})", _evidence(r))
            for r in section.items()))
        lines += ["</details>", ""]
    if readiness.errors:
        lines += ["### Errors", "", *(f"- {cell(f'{e.file}:{e.line}: {e.message}')}"
                                      for e in readiness.errors), ""]
    if readiness.warnings:
        lines += ["### Warnings", "", *(f"- {cell(w)}" for w in readiness.warnings), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
