"""The readiness renderers on a hand-made result: JSON document, text, markdown, HTML structure."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser

import pytest

from policycheck.model import Finding
from policycheck.readiness.attestations import Attestation
from policycheck.readiness.render import FORMATS, render
from policycheck.readiness.report import Readiness


@pytest.fixture
def readiness(assess_small: Callable[..., Readiness], passing: list[Finding],
              finding: Callable[..., Finding],
              attestation: Callable[..., Attestation]) -> Readiness:
    """NO-GO: network/tls fails (message with HTML and a pipe), docs/runbook is attested,
    docs/oncall expired, must/rollback open."""
    bad = finding("PC-TEST-002", "fail", severity="high", line=12,
                  message="listener <script>alert(1)</script> | port 80")
    return assess_small([*passing, bad], [
        attestation("docs/runbook", note="rehearsed"),
        attestation("docs/oncall", until=date(2025, 1, 31)),
    ])


def test_formats() -> None:
    assert FORMATS == ("text", "markdown", "html", "json")
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render("pdf", None)  # type: ignore[arg-type]


def test_json_document(readiness: Readiness) -> None:
    data = json.loads(render("json", readiness))
    assert list(data) == ["tool", "checklist", "date", "decision", "summary", "sources",
                          "attestations_file", "sections", "errors", "warnings"]
    assert data["checklist"] == {"title": "Small checklist", "origin": "small.yaml"}
    assert data["decision"]["status"] == "NO-GO" and data["decision"]["exit_code"] == 1
    assert [r.split(":")[1].strip() for r in data["decision"]["reasons"]] == [
        "Security checks passed", "Rollback tested"]
    assert data["summary"] == {"items": 8, "automated": 3, "pass": 2, "fail": 3,
                               "not_applicable": 0, "attested": 1, "expired": 1, "open": 1}
    assert [(s["id"], s["status"]) for s in data["sections"]] == [
        ("security", "fail"), ("operations", "expired"), ("go-no-go", "fail")]
    tls = data["sections"][0]["groups"][0]["items"][1]
    assert (tls["id"], tls["state"], tls["automated"], tls["policies"], tls["passed"]) == (
        "network/tls", "fail", True, ["PC-TEST-002"], 1)
    assert [(f["policy_id"], f["verdict"], f["file"], f["line"]) for f in tls["findings"]] == [
        ("PC-TEST-002", "fail", "main.tf", 12)]
    runbook = data["sections"][1]["groups"][0]["items"][0]
    assert runbook["attestation"] == {"by": "Dana <dana@example.com>", "date": "2025-05-01",
                                      "evidence": "https://wiki.example.com/x",
                                      "note": "rehearsed", "until": None}
    group = data["sections"][2]["groups"][0]
    assert (group["tier"], group["status"]) == ("must", "fail")


def test_text_report_lists_every_item_then_the_decision(readiness: Readiness) -> None:
    text = render("text", readiness)
    lines = text.splitlines()
    assert "Security: FAIL (2 pass, 1 fail)" in lines
    assert "Operations: EXPIRED (1 attested, 1 expired)" in lines
    for item in readiness.items():
        assert any(item.item.id in line and item.state.label in line for line in lines), item
    tls = lines.index(next(line for line in lines if "[network/tls]" in line))
    assert lines[tls + 2] == " " * 20 + "1 failing finding (PC-TEST-002)"
    assert "PC-TEST-002 high main.tf:12 aws_thing.r12: listener" in lines[tls + 3]
    assert lines[lines.index("Go/No-Go: NO-GO") + 1].startswith(
        "  - Must Pass: Security checks passed: FAIL")
    assert lines[-1].startswith("  - Should Pass: No failing checks: FAIL")


def test_markdown_report(readiness: Readiness) -> None:
    text = render("markdown", readiness)
    assert text.startswith("## 🔴 Go/No-Go: NO-GO\n")
    assert "| Must Pass | Rollback tested | ⬜ OPEN | needs an attestation of the criterion itself |" \
        in text
    assert "| Security | ❌ FAIL | 2 | 1 | 0 | 0 | 0 | 0 |" in text
    assert text.count("<details>") == 3 == text.count("</details>")
    # pipes and HTML in messages cannot break the table or inject markup
    assert "listener &lt;script&gt;alert(1)&lt;/script&gt; \\| port 80" in text
    assert "<script>" not in text


class Page(HTMLParser):
    """What the tests check of the HTML: elements, attributes and text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag
                and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]


def test_html_is_self_contained_and_structured(readiness: Readiness) -> None:
    page = Page()
    page.feed(render("html", readiness))
    assert not page.find("script") and not page.find("link") and not page.find("img")
    csp = page.find("meta", **{"http-equiv": "Content-Security-Policy"})
    assert csp and csp[0]["content"].startswith("default-src 'none'")
    outside = [a["href"] for a in page.find("a") if not a["href"].startswith("#")]
    assert outside == ["https://wiki.example.com/x"] * 2  # the attestations' evidence links
    assert page.find("header", id="decision")[0]["data-status"] == "NO-GO"
    sections = page.find("section", class_="panel checklist-section")
    assert [(s["id"], s["data-status"]) for s in sections] == [
        ("section-security", "fail"), ("section-operations", "expired"),
        ("section-go-no-go", "fail")]
    rows = {a["id"]: a["data-state"] for a in page.find("tr", class_="item")}
    assert rows == {f"item-{r.item.id}": r.state.value for r in readiness.items()}
    criteria = [(a["data-tier"], a["data-state"]) for a in page.find("tr", class_="criterion")]
    assert criteria == [("must", "fail"), ("must", "open"), ("should", "fail")]
    bars = [a for _, a in page.tags if a.get("class", "").startswith("bar")]
    assert len(bars) == 1 + 2 * len(readiness.sections)  # coverage, table rows, sections
    segments = [(a["class"], a["style"]) for t, a in page.tags
                if t == "span" and a.get("style", "").startswith("width")]
    assert segments[:6] == [  # the coverage bar: 8 items, drawn in state order
        ("pass", "width:25.00%"), ("fail", "width:37.50%"), ("attested", "width:12.50%"),
        ("expired", "width:12.50%"), ("open", "width:12.50%"), ("pass", "width:66.67%")]
    text = "".join(page.text)
    assert "listener <script>alert(1)</script> | port 80" in text  # shown as text, escaped
