"""Generating ``docs/policies/`` from the policies' own docstrings and metadata.

``python -m policycheck.docs DIR`` rewrites the pages; a test fails when they are stale.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

from policycheck.checklist import checklist_items
from policycheck.engine.policy import Policy
from policycheck.engine.registry import load_registry


def policy_page(policy: Policy) -> str:
    items = {item.id: item for item in checklist_items()}
    checklist = "\n".join(f"- {items[c].section} > {items[c].group} > {items[c].text} (`{c}`)"
                          for c in policy.checklist)
    params = "\n".join(f"- `{name}` (default `{value!r}`)"
                       for name, value in policy.params.items())
    lines = [
        f"# {policy.id}: {policy.title}",
        "",
        "| Severity | Sources | Applies to | Related |",
        "|---|---|---|---|",
        f"| {policy.severity} | {', '.join(policy.sources)} | "
        f"{', '.join(f'`{k}`' for k in policy.kinds) or 'the whole scan'} | "
        f"{', '.join(policy.related) or '-'} |",
        "",
        "**Checklist**",
        "",
        checklist or "- (none)",
        "",
    ]
    if params:
        lines += ["**Parameters**", "", params, ""]
    return "\n".join(lines) + "\n" + policy.doc.strip() + "\n"


def policy_summary(policy: Policy, fmt: str = "text") -> str:
    """What ``policycheck rules ID`` prints: the metadata, then the documentation."""
    if fmt == "json":
        return json.dumps({"id": policy.id, "title": policy.title, "doc": policy.doc}, indent=2) + "\n"
    return (f"{policy.id}: {policy.title}\n"
            f"severity: {policy.severity}   sources: {', '.join(policy.sources)}\n"
            f"checklist: {', '.join(policy.checklist) or '-'}\n"
            f"related: {', '.join(policy.related) or '-'}\n\n{policy.doc}\n")


def policy_table(policies: Iterable[Policy], fmt: str = "text") -> str:
    """What ``policycheck rules`` prints: one row per policy."""
    rows = [(p.id, str(p.severity), ",".join(p.sources), p.title) for p in policies]
    if fmt == "json":
        keys = ("id", "severity", "sources", "title")
        return json.dumps([dict(zip(keys, r, strict=True)) for r in rows], indent=2) + "\n"
    widths = [max((len(r[i]) for r in rows), default=0) for i in range(3)]
    lines = ["  ".join([*(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])), row[3]])
             for row in rows]
    return "".join(f"{line}\n" for line in lines)


def index_page(policies: Iterable[Policy]) -> str:
    by_item: dict[str, list[Policy]] = {}
    for policy in policies:
        for item_id in policy.checklist:
            by_item.setdefault(item_id, []).append(policy)
    lines = ["# Built-in policies by checklist item", ""]
    section: str | None = None
    for item in checklist_items():
        covering = by_item.get(item.id)
        if not covering:
            continue
        if item.section != section:
            section = item.section
            lines += ["", f"## {section}", "", "| Checklist item | Policy | Severity | Title |",
                      "|---|---|---|---|"]
        for policy in sorted(covering, key=lambda p: p.id):
            lines.append(f"| {item.group} > {item.text} | [{policy.id}]({policy.id}.md) | "
                         f"{policy.severity} | {policy.title} |")
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


def render_all(policies: Iterable[Policy]) -> dict[str, str]:
    """File name -> content of every generated page."""
    ordered = sorted(policies, key=lambda p: p.id)
    pages = {f"{p.id}.md": policy_page(p) for p in ordered}
    pages["index.md"] = index_page(ordered)
    return pages


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else "docs/policies")
    registry = load_registry(entry_points=False)
    if registry.errors:
        for error in registry.errors:
            print(f"{error.file}:{error.line}: {error.message}", file=sys.stderr)
        return 2
    target.mkdir(parents=True, exist_ok=True)
    pages = render_all(registry)
    for stale in target.glob("*.md"):
        if stale.name not in pages:
            stale.unlink()
    for name, text in pages.items():
        (target / name).write_text(text, "utf-8")
    print(f"wrote {len(pages)} pages to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
