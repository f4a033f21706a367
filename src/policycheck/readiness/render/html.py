"""The readiness report as one self-contained HTML page: inline CSS, no script, no network
(a Content-Security-Policy forbids every fetch), readable offline and printable.

The page has the decision with its reasons, a coverage bar of item states, the Go/No-Go
criteria, a table of sections, then every section with its groups and items.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from policycheck.checklist import Group
from policycheck.readiness.render._common import (
    STATE_ORDER,
    attestation_head,
    counts_line,
    finding_line,
    findings_of,
    headline,
)
from policycheck.readiness.report import Readiness
from policycheck.readiness.rollup import ItemResult, SectionResult, State, state_counts

CSS = """
:root { --pass: #2e7d32; --fail: #c62828; --not_applicable: #9e9e9e; --attested: #1565c0;
  --expired: #ef6c00; --open: #b0bec5; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1c2329; background: #f5f7f8; }
header { padding: 24px 32px; color: #fff; }
header.go { background: var(--pass); } header.no-go { background: var(--fail); }
header h1 { margin: 0 0 4px; font-size: 30px; }
header p { margin: 0; opacity: .92; }
main { max-width: 1180px; margin: 0 auto; padding: 16px 32px 48px; }
section.panel { background: #fff; border: 1px solid #dde3e6; border-radius: 8px;
  padding: 16px 20px; margin: 16px 0; }
h2 { font-size: 20px; margin: 0 0 8px; } h3 { font-size: 16px; margin: 16px 0 6px; }
.bar { display: flex; height: 22px; border-radius: 4px; overflow: hidden; background: #eceff1; }
.bar.small { height: 10px; width: 180px; }
.bar span { display: block; height: 100%; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0;
  margin: 8px 0; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px;
  margin-right: 6px; vertical-align: -1px; }
.badge { display: inline-block; min-width: 92px; padding: 1px 8px; border-radius: 10px;
  font-size: 12px; font-weight: 600; text-align: center; color: #fff; white-space: nowrap; }
.open.badge { color: #1c2329; }
.pass { background: var(--pass); } .fail { background: var(--fail); }
.not_applicable { background: var(--not_applicable); } .attested { background: var(--attested); }
.expired { background: var(--expired); } .open { background: var(--open); }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-top: 1px solid #e6eaec; }
th { font-size: 13px; color: #52606b; border-top: none; }
td.state { width: 120px; }
code { font: 12px/1.3 ui-monospace, SFMono-Regular, Menlo, monospace; color: #52606b; }
ul.evidence { margin: 4px 0 0; padding-left: 18px; font-size: 13px; }
ul.evidence li.finding { font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
  font-size: 12px; word-break: break-word; }
.muted { color: #52606b; font-size: 13px; }
footer { color: #52606b; font-size: 12px; margin-top: 24px; }
@media print { body { background: #fff; } section.panel { break-inside: avoid-page; } }
"""


def _badge(state: State) -> str:
    return f'<span class="badge {state.value}">{state.label}</span>'


def _bar(counts: dict[State, int], small: bool = False) -> str:
    total = sum(counts.values()) or 1
    label = counts_line(counts)
    segments = "".join(
        f'<span class="{s.value}" style="width:{100 * counts[s] / total:.2f}%" '
        f'title="{counts[s]} {s.label.lower()}"></span>'
        for s in STATE_ORDER if counts[s])
    return (f'<div class="bar{" small" if small else ""}" role="img" '
            f'aria-label="{escape(label)}">{segments}</div>')


def _list(items: Iterable[str], css: str = "") -> str:
    rows = "".join(f"<li>{escape(i)}</li>" for i in items)
    return f'<ul class="{css}">{rows}</ul>' if rows else ""


def _link(text: str) -> str:
    """``text`` as a link when it is an http(s) URL, else escaped text."""
    if text.startswith(("https://", "http://")) and " " not in text:
        return f'<a href="{escape(text)}">{escape(text)}</a>'
    return escape(text)


def _evidence(result: ItemResult) -> str:
    parts = []
    if result.policies:
        parts.append(f'<li>policies: {escape(", ".join(result.policies))}</li>')
    parts += [f"<li>{escape(r)}</li>" for r in result.reasons]
    parts += [f'<li class="finding">{escape(finding_line(f))}</li>' for f in findings_of(result)]
    attestation = result.attestation
    if attestation is not None:
        details = " - ".join(d for d in (_link(attestation.evidence), escape(attestation.note)) if d)
        parts.append(f'<li class="attestation">{escape(attestation_head(attestation))}: {details}</li>')
    return f'<ul class="evidence">{"".join(parts)}</ul>' if parts else ""


def _items(results: Iterable[ItemResult]) -> str:
    rows = "".join(
        f'<tr class="item" id="item-{escape(r.item.id)}" data-state="{r.state.value}">'
        f'<td class="state">{_badge(r.state)}</td>'
        f"<td>{escape(r.item.text)}<br><code>{escape(r.item.id)}</code>{_evidence(r)}</td></tr>"
        for r in results)
    return ("<table><thead><tr><th>State</th><th>Item and evidence</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def _group_title(group: Group) -> str:
    tier = f' <span class="muted">(tier: {escape(group.tier)})</span>' if group.tier else ""
    return f"<h3>{escape(group.title)}{tier}</h3>"


def _section(section: SectionResult) -> str:
    counts = state_counts(section.items())
    groups = "".join(_group_title(g.group) + _items(g.items) for g in section.groups)
    return (f'<section class="panel checklist-section" id="section-{escape(section.section.id)}" '
            f'data-status="{section.status.value}"><h2>{_badge(section.status)} '
            f"{escape(section.section.title)}</h2>{_bar(counts, small=True)}"
            f'<p class="muted">{escape(counts_line(counts))}</p>{groups}</section>')


def _overview(readiness: Readiness) -> str:
    header = "".join(f"<th>{s.label.capitalize()}</th>" for s in STATE_ORDER)
    rows = "".join(
        f'<tr><td><a href="#section-{escape(s.section.id)}">{escape(s.section.title)}</a></td>'
        f"<td>{_badge(s.status)}</td>"
        + "".join(f"<td>{state_counts(s.items())[t]}</td>" for t in STATE_ORDER)
        + f"<td>{_bar(state_counts(s.items()), small=True)}</td></tr>"
        for s in readiness.sections)
    return (f'<section class="panel" id="sections"><h2>Sections</h2><table><thead><tr>'
            f"<th>Section</th><th>Status</th>{header}<th>Coverage</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></section>")


def _criteria(readiness: Readiness) -> str:
    rows = "".join(
        f'<tr class="criterion" data-tier="{escape(g.group.tier or "")}" data-state="{r.state.value}">'
        f"<td>{escape(g.group.title)}</td><td>{escape(r.item.text)}</td><td>{_badge(r.state)}</td>"
        f"<td>{_list(r.reasons, 'evidence')}</td></tr>"
        for g in readiness.criteria() for r in g.items)
    if not rows:
        return ""
    return (f'<section class="panel" id="criteria"><h2>Go/No-Go criteria</h2><table><thead><tr>'
            f"<th>Tier</th><th>Criterion</th><th>State</th><th>Why</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></section>")


def _summary(readiness: Readiness) -> str:
    counts = readiness.counts
    legend = "".join(f'<li><span class="swatch {s.value}"></span>{s.label} {counts[s]}</li>'
                     for s in STATE_ORDER)
    decision = readiness.decision
    why = (f"<h3>Why {decision.status}</h3>{_list(decision.reasons)}" if decision.reasons else "")
    advisories = (f"<h3>Advisories (do not block)</h3>{_list(decision.advisories)}"
                  if decision.advisories else "")
    sources = _list([f"{e.source}" + (f" ({e.detail})" if e.detail else "")
                     for e in readiness.evidence]
                    + [f"attestations: {readiness.attestations_file or 'none'}"], "muted")
    return (f'<section class="panel" id="summary"><h2>Coverage</h2>{_bar(counts)}'
            f'<ul class="legend">{legend}</ul><p class="muted">{escape(headline(readiness))}</p>'
            f"{why}{advisories}<h3>Evidence</h3>{sources}</section>")


def _problems(readiness: Readiness) -> str:
    errors = [f"{e.file}:{e.line}: {e.message}" for e in readiness.errors]
    parts = []
    if errors:
        parts.append(f'<section class="panel" id="errors"><h2>Errors</h2>{_list(errors)}</section>')
    if readiness.warnings:
        parts.append(f'<section class="panel" id="warnings"><h2>Warnings</h2>'
                     f"{_list(readiness.warnings)}</section>")
    return "".join(parts)


def render(readiness: Readiness) -> str:
    decision = readiness.decision
    title = f"Go/No-Go: {decision.status} - {readiness.checklist.title}"
    css_class = "go" if decision.go else "no-go"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f'<header class="{css_class}" id="decision" data-status="{decision.status}">'
        f"<h1>Go/No-Go: {decision.status}</h1>"
        f"<p>{escape(readiness.checklist.title)} &middot; {readiness.today} &middot; "
        f"{escape(headline(readiness))}</p></header><main>"
        f"{_summary(readiness)}{_criteria(readiness)}{_overview(readiness)}"
        + "".join(_section(s) for s in readiness.sections)
        + f"{_problems(readiness)}<footer>policycheck {escape(readiness.version)}</footer>"
        "</main></body></html>\n"
    )
