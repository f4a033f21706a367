"""Kustomize findings point at source files: base, overlay patches and components, with the
real ``kubectl kustomize`` (CI installs kubectl)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from policycheck.cli import main

pytestmark = pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")

BASE_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  # policycheck:ignore=PC-K8S-005 the tag is pinned by the release pipeline
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: web:latest
"""
COMPONENT_PATCH = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          securityContext:
            privileged: true
"""


def _tree(root: Path) -> Path:
    files = {
        "base/kustomization.yaml": "resources: [deployment.yaml]\n",
        "base/deployment.yaml": BASE_DEPLOYMENT,
        "components/privileged/kustomization.yaml": (
            "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: patch.yaml\n"),
        "components/privileged/patch.yaml": COMPONENT_PATCH,
        "overlays/prod/kustomization.yaml": (
            "resources: [../../base]\ncomponents: [../../components/privileged]\n"
            "namePrefix: prod-\nnamespace: prod\n"),
        "overlays/staging/kustomization.yaml": "resources: [../../base]\nnamespace: staging\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def _scan(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main([str(root), "--format", "json", "--jobs", "1", *args])
    return code, json.loads(capsys.readouterr().out)


def test_every_finding_names_a_source_file_and_a_line_inside_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _tree(tmp_path)
    code, report = _scan(root, capsys)
    assert code == 1 and report["errors"] == []
    assert report["findings"]
    for finding in report["findings"]:
        path = Path(finding["file"])
        assert path.is_file(), finding["file"]
        assert 1 <= finding["line"] <= len(path.read_text().splitlines()), finding


def test_limits_finding_is_on_the_base_in_each_overlay(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _tree(tmp_path)
    _, report = _scan(root, capsys, "--select", "PC-K8S-001")
    base = str(root / "base/deployment.yaml")
    located = {(f["resource"], f["file"], f["line"]) for f in report["findings"]}
    # the base is rendered inside each overlay that includes it, not on its own as well
    assert located == {(r, base, 13) for r in ("Deployment/prod/prod-web", "Deployment/staging/web")}


def test_a_field_a_component_patch_sets_points_at_the_patch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _tree(tmp_path)
    _, report = _scan(root, capsys, "--select", "PC-K8S-012")
    privileged = [f for f in report["findings"] if "privileged" in f["message"]]
    assert [(f["resource"], f["file"], f["line"]) for f in privileged] == [
        ("Deployment/prod/prod-web", str(root / "components/privileged/patch.yaml"), 11)]


def test_an_ignore_comment_in_the_base_suppresses_in_every_overlay(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _tree(tmp_path)
    _, report = _scan(root, capsys, "--select", "PC-K8S-005")
    assert len(report["findings"]) == 2
    assert all(f["suppressed"] for f in report["findings"])


def test_a_component_alone_is_not_rendered_and_no_origin_annotation_leaks(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _tree(tmp_path)
    code, report = _scan(root, capsys, "--select", "PC-K8S-001", "--show-passed")
    assert code == 1 and report["errors"] == []
    assert not any("components/privileged/patch.yaml" in f["file"] for f in report["findings"]
                   if f["policy_id"] == "PC-K8S-001")
    assert "config.kubernetes.io/origin" not in json.dumps(report)


def test_cached_render_gives_the_same_findings_and_sees_an_edit(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _tree(tmp_path / "tree")
    cache = tmp_path / "cache"
    _, cold = _scan(root, capsys, "--cache-dir", str(cache))
    _, warm = _scan(root, capsys, "--cache-dir", str(cache))
    assert warm["findings"] == cold["findings"]
    patch = root / "components/privileged/patch.yaml"
    patch.write_text(patch.read_text().replace("privileged: true", "privileged: false"))
    _, edited = _scan(root, capsys, "--cache-dir", str(cache), "--select", "PC-K8S-012")
    assert not any("is privileged" in f["message"] for f in edited["findings"])


def test_a_base_no_overlay_includes_is_rendered_on_its_own(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _tree(tmp_path)
    for overlay in ("prod", "staging"):
        (root / "overlays" / overlay / "kustomization.yaml").unlink()
    _, report = _scan(root, capsys, "--select", "PC-K8S-001")
    assert {f["resource"] for f in report["findings"]} == {"Deployment/default/web"}


def test_a_render_over_the_size_limit_is_an_error_not_judged(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _tree(tmp_path)
    code, report = _scan(root, capsys, "--max-file-bytes", "200")
    assert code == 2
    assert any("over the 200 limit" in e["message"] for e in report["errors"])
    assert not any(f["resource"].startswith("Deployment/prod/") for f in report["findings"])


def test_a_source_behind_a_link_out_of_the_root_is_not_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(BASE_DEPLOYMENT)
    root = _tree(tmp_path / "repo")
    (root / ".git").mkdir()
    (root / "base/deployment.yaml").unlink()
    (root / "base/deployment.yaml").symlink_to(outside)
    code, report = _scan(root, capsys, "--select", "PC-K8S-001")
    assert code == 2 and report["findings"] == []  # refused before rendering, never judged as passing
    assert any("outside the scan root" in e["message"] for e in report["errors"])
    assert "outside.yaml" not in json.dumps(report["findings"])
