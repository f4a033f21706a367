"""End-to-end: `policycheck checklist` on the bundled example (NO-GO), on the example with its
findings fixed (GO), on saved results, and on input it cannot read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from policycheck.checklist import builtin_checklist
from policycheck.cli import main
from policycheck.engine.registry import load_registry

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
FIXED = Path(__file__).resolve().parent / "fixed_example"
ATTESTATIONS = EXAMPLES / "policycheck-attestations.yaml"
INFRASTRUCTURE = ("k8s", "services", "terraform", "requirements.txt")
"""The example's infrastructure (examples/ also holds a policy-plugin example)."""


@pytest.fixture(scope="module")
def fixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/ with every finding fixed: the example's infrastructure, overlaid with the
    fixed files of fixed_example/, and the example's attestations."""
    root = tmp_path_factory.mktemp("fixed")
    for name in INFRASTRUCTURE:
        source = EXAMPLES / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    shutil.copytree(FIXED, root, dirs_exist_ok=True)
    shutil.copy(ATTESTATIONS, root)
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["checklist", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code, out, _ = run(capsys, *args, "--format", "json")
    return code, json.loads(out)


def items(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["id"]: i for s in data["sections"] for g in s["groups"] for i in g["items"]}


def test_examples_end_no_go_with_failing_policies_under_their_items(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, data = run_json(capsys, "examples/")
    assert code == 1 and data["decision"]["status"] == "NO-GO"
    checklist = builtin_checklist()
    assert [s["title"] for s in data["sections"]] == [s.title for s in checklist.sections]
    assert list(items(data)) == [i.id for i in checklist.items()]
    assert data["attestations_file"] == "examples/policycheck-attestations.yaml"
    found = items(data)
    failing = {(f["policy_id"], f["file"]) for f in
               found["network-security/firewall-rules-configured-minimum-required"]["findings"]}
    assert ("PC-AWS-001", "examples/terraform/main.tf") in failing
    secrets = found["code-structure/no-hardcoded-credentials-or-secrets"]
    assert secrets["state"] == "fail"
    assert [f["file"] for f in secrets["findings"] if f["policy_id"] == "PC-SEC-001"] == [
        "examples/k8s/worker.yaml"]
    assert found["must-pass/security-checks-passed"]["state"] == "fail"
    # the example's attestations answer the manual items they name
    assert found["core-workflows/edge-cases-validated"]["state"] == "attested"
    reasons = data["decision"]["reasons"]
    assert any(r.startswith("Must Pass (Critical): All security checks passed: FAIL")
               for r in reasons)
    assert not any("Core functionality" in r for r in reasons)


def test_examples_text_report_shows_every_item_and_ends_with_the_reasons(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run(capsys, "examples/")
    assert code == 1
    for section in builtin_checklist().sections:
        assert f"\n{section.title}: " in out
        assert all(f"[{item.id}]" in out for item in section.items())
    tail = out[out.index("\nGo/No-Go: NO-GO\n"):]
    assert "  - Must Pass (Critical): All security checks passed: FAIL" in tail
    assert "PC-AWS-001 critical examples/terraform/main.tf:" in out


def test_fixed_example_with_attestations_is_go(capsys: pytest.CaptureFixture[str],
                                               fixed: Path) -> None:
    code, data = run_json(capsys, str(fixed))
    assert (code, data["decision"]["status"], data["decision"]["reasons"]) == (0, "GO", [])
    assert data["summary"]["fail"] == 0
    assert all(i["state"] in ("pass", "attested", "not_applicable")
               for i in data["sections"][-1]["groups"][0]["items"])
    assert data["attestations_file"] == str(fixed / "policycheck-attestations.yaml")


def test_fixed_example_without_attestations_is_no_go(capsys: pytest.CaptureFixture[str],
                                                     fixed: Path, tmp_path: Path) -> None:
    empty = tmp_path / "none.yaml"
    empty.write_text("attestations: []\n")
    code, data = run_json(capsys, str(fixed), "--attestations", str(empty))
    assert code == 1
    must = items(data)
    assert must["must-pass/security-checks-passed"]["state"] == "pass"
    assert must["must-pass/rollback-procedure-tested"]["state"] == "open"


def test_saved_results_roll_up_without_a_static_scan(capsys: pytest.CaptureFixture[str],
                                                     fixed: Path, tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    assert main([str(fixed), "--format", "json", "--show-passed", "--output", str(results)]) == 0
    capsys.readouterr()
    code, data = run_json(capsys, "--results", str(results), "--attestations", str(ATTESTATIONS))
    assert [s["source"] for s in data["sources"]] == [str(results)]
    # the document lists the policies that ran, so items they found nothing for are N/A
    assert (code, data["decision"]["status"]) == (0, "GO")
    assert items(data)["network-security/api-endpoints-https-only"]["state"] == "not_applicable"
    document = json.loads(results.read_text())
    ran = document.pop("policies")
    assert [p["id"] for p in ran] == sorted(p.id for p in load_registry())
    assert set(ran[0]) == {"id", "severity", "sources", "checklist"}
    # results of an older version: nothing says which policies ran without a finding
    results.write_text(json.dumps(document))
    code, data = run_json(capsys, "--results", str(results), "--attestations", str(ATTESTATIONS))
    assert (code, data["decision"]["status"]) == (1, "NO-GO")
    https = items(data)["network-security/api-endpoints-https-only"]
    assert https["state"] == "open" and https["reasons"][0].startswith("its policies did not run")
    document["policies"] = [p.id for p in load_registry()]  # bare IDs are read too
    results.write_text(json.dumps(document))
    code, data = run_json(capsys, "--results", str(results), "--attestations", str(ATTESTATIONS))
    assert (code, data["decision"]["status"]) == (0, "GO")
    # together with a static scan
    code, data = run_json(capsys, str(fixed), "--results", str(results))
    assert code == 0 and len(data["sources"]) == 2
    # results whose source could not be judged make the run incomplete
    document["errors"].append({"file": "live:aws:eu-west-1", "line": 0,
                               "message": "AccessDenied"})
    results.write_text(json.dumps(document))
    code, data = run_json(capsys, "--results", str(results), "--attestations", str(ATTESTATIONS))
    assert (code, data["decision"]["status"], data["decision"]["complete"]) == (2, "NO-GO", False)
    assert data["errors"] == [{"file": "live:aws:eu-west-1", "line": 0, "message": "AccessDenied"}]


def test_scan_errors_exit_2(capsys: pytest.CaptureFixture[str], fixed: Path,
                            tmp_path: Path) -> None:
    broken = tmp_path / "infra"
    shutil.copytree(fixed, broken)
    (broken / "terraform" / "broken.tf").write_text('resource "aws_s3_bucket" "x" {\n')
    code, out, _ = run(capsys, str(broken))
    assert code == 2
    assert "Go/No-Go: NO-GO\n  - 1 file or source could not be judged (see errors)" in out


def test_invalid_attestations_exit_2_naming_file_line_and_item(
        capsys: pytest.CaptureFixture[str], fixed: Path, tmp_path: Path) -> None:
    bad = tmp_path / "attest.yaml"
    bad.write_text("attestations:\n  - item: docs/nope\n    by: me\n    date: 2025-01-01\n"
                   "    note: x\n")
    code, out, err = run(capsys, str(fixed), "--attestations", str(bad))
    assert (code, out) == (2, "")
    assert err == (f"policycheck: error: {bad}:2: docs/nope: no such checklist item\n")


def test_several_formats_and_files(capsys: pytest.CaptureFixture[str], fixed: Path,
                                   tmp_path: Path) -> None:
    html, md = tmp_path / "report.html", tmp_path / "report.md"
    code, out, _ = run(capsys, str(fixed), "-f", "html,markdown,text", "-o", str(html),
                       "-o", str(md))
    assert code == 0 and "\nGo/No-Go: GO\n" in out
    assert html.read_text().startswith("<!DOCTYPE html>")
    assert md.read_text().startswith("## 🟢 Go/No-Go: GO")
    assert run(capsys, str(fixed), "-f", "sarif")[0] == 2


def test_coverage_lists_policies_per_item_and_the_manual_items(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--coverage", "--format", "json")
    assert code == 0
    data = json.loads(out)
    registry = load_registry()
    by_item = {i["id"]: i for i in data["items"]}
    for policy in registry:
        for item_id in policy.checklist:
            assert policy.id in by_item[item_id]["policies"]
    manual = [i for i in data["items"] if i["kind"] == "manual"]
    assert manual and all(not i["policies"] for i in manual)
    assert by_item["must-pass/security-checks-passed"]["derivation"] == [
        "requires Security Hardening (security-hardening)",
        "no failing finding at or above high"]
    code, text, _ = run(capsys, "--coverage")
    assert code == 0
    assert "    manual     core-workflows/edge-cases-validated  Edge cases validated" in text
    assert "    automated  dependencies/no-dev-dependencies-production-requirements" in text
    assert run(capsys, "--coverage", "--format", "html")[0] == 2


def test_a_replacing_checklist(capsys: pytest.CaptureFixture[str], fixed: Path,
                               tmp_path: Path) -> None:
    own = tmp_path / "checklist.yaml"
    own.write_text("""\
title: Shop release gate
sections:
- id: security
  title: Security
  groups:
  - id: data-protection
    title: Data protection
    items:
    - id: data-encryption-at-rest-enabled
      text: Everything is encrypted at rest
- id: gate
  title: Gate
  groups:
  - id: release-gate
    title: Release gate
    tier: must
    items:
    - id: secure
      text: Secure
      requires: [security]
""")
    code, _, err = run(capsys, str(fixed), "--checklist", str(own), "--attestations",
                       str(tmp_path / "missing.yaml"))
    assert code == 2 and "missing.yaml: cannot read" in err  # a named file must exist
    # the example's attestations name items this checklist does not have
    code, _, err = run(capsys, str(fixed), "--checklist", str(own))
    assert code == 2 and "primary-workflows-tested-production-like: no such checklist item" in err
    empty = tmp_path / "attestations.yaml"
    empty.write_text("attestations: []\n")
    code, data = run_json(capsys, str(fixed), "--checklist", str(own), "--attestations", str(empty))
    assert (code, data["checklist"]["title"]) == (0, "Shop release gate")
    assert items(data)["data-protection/data-encryption-at-rest-enabled"]["state"] == "pass"


def test_a_drift_summary_is_evidence_for_change_documentation(capsys: pytest.CaptureFixture[str],
                                                               tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    results = tmp_path / "drift.json"
    assert main(["drift", "--manifests", str(root / "examples"), "--from-snapshot",
                 str(root / "tests" / "drift" / "cluster" / "examples-live.json"), "--namespace", "shop,jobs",
                 "--format", "json", "--output", str(results)]) == 1
    capsys.readouterr()
    _, data = run_json(capsys, "--results", str(results), "--attestations", str(ATTESTATIONS))
    item = items(data)["change-management/change-documentation-completed"]
    assert item["state"] == "fail"
    assert "drift: 10 managed, 1 missing, 1 unmanaged, 1 drifted; coverage 90.9%" in item["reasons"]
    assert "coverage 90.9%" in data["sources"][0]["detail"]
