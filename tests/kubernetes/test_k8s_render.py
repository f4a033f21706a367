"""Rendering Helm charts and Kustomize overlays (policycheck.loaders.k8s.render.render_*)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from policycheck.loaders.base import LoadOptions
from policycheck.loaders.k8s import render
from policycheck.loaders.k8s.render import (
    NOT_RENDERED_KUSTOMIZE,
    render_helm,
    render_kustomize,
)
from policycheck.model import Location

HELM_OUTPUT = """\
---
# Source: mychart/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports: [{port: 80}]
---
# Source: mychart/templates/deployment.yaml
# policycheck:ignore=PC-K8S-050 scaled by the HPA
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: app
          image: "nginx:1.25"
"""


def fake_tool(directory: Path, name: str, script: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An executable ``name`` running ``script`` (sh) first on PATH; it logs its arguments."""
    directory.mkdir(exist_ok=True)
    tool = directory / name
    tool.write_text(f'#!/bin/sh\necho "$@" > "{directory}/{name}.args"\n{script}\n')
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{directory}{os.pathsep}{os.environ.get('PATH', '')}")
    return directory / f"{name}.args"


def test_helm_missing_is_an_error_never_a_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render.shutil, "which", lambda _name: None)
    result = render_helm(Path("charts/web"), "charts/web", LoadOptions())
    (error,) = result.errors
    assert (error.file, error.line) == ("charts/web", 0)
    assert "helm is not on PATH" in error.message and "not judged" in error.message
    assert (result.resources, result.warnings, result.files) == ([], [], 0)


def test_kubectl_missing_returns_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render.shutil, "which", lambda _name: None)
    assert render_kustomize(Path("overlays/prod"), "overlays/prod", LoadOptions()) is None
    assert NOT_RENDERED_KUSTOMIZE.format(display="overlays/prod") == (
        "overlays/prod: Kustomize overlay not rendered (kubectl not found on PATH); "
        "raw manifests scanned"
    )


def test_helm_output_is_mapped_to_template_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "rendered.yaml"
    output.write_text(HELM_OUTPUT)
    args = fake_tool(tmp_path / "bin", "helm", f'cat "{output}"', monkeypatch)
    chart = tmp_path / "mychart"
    result = render_helm(chart, "charts/mychart", LoadOptions())
    assert args.read_text().split() == ["template", "release-name", str(chart)]
    assert (result.errors, result.warnings, result.files) == ([], [], 2)
    service, deployment = result.resources
    assert service.address == "Service/default/web"
    assert service.location == Location("charts/mychart/templates/service.yaml", 1, 6)
    assert deployment.address == "Deployment/shop/web"
    assert deployment.location == Location("charts/mychart/templates/deployment.yaml", 2, 12)
    assert deployment.attribute_lines["spec.template.spec.containers.0.image"] == 12
    (suppression,) = deployment.suppressions
    assert (suppression.policy_id, suppression.location.line) == ("PC-K8S-050", 1)


def test_helm_failure_is_an_error_at_the_template_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stderr = (
        'Error: template: mychart/templates/deployment.yaml:7:14: executing '
        '"mychart/templates/deployment.yaml" at <.Values.image.tag>: nil pointer'
    )
    fake_tool(tmp_path / "bin", "helm", f"echo '{stderr}' >&2\nexit 1", monkeypatch)
    result = render_helm(tmp_path / "mychart", "charts/mychart", LoadOptions())
    (error,) = result.errors
    assert (error.file, error.line) == ("charts/mychart/templates/deployment.yaml", 7)
    assert error.message == f"helm template failed: {stderr}"
    assert (result.resources, result.files) == ([], 0)


def test_render_timeout_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_tool(tmp_path / "bin", "helm", "exec sleep 5", monkeypatch)
    monkeypatch.setattr(render, "TIMEOUT_SECONDS", 0.2)
    result = render_helm(tmp_path, "chart", LoadOptions())
    assert [(e.file, e.line, e.message) for e in result.errors] == [
        ("chart", 1, "helm template timed out after 0.2 s")
    ]


def test_kustomize_output_is_located_at_the_overlay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: prod}\n"
    args = fake_tool(tmp_path / "bin", "kubectl", f"printf '{manifest}'", monkeypatch)
    result = render_kustomize(tmp_path / "overlay", "overlays/prod", LoadOptions())
    assert result is not None
    command, wrapper = args.read_text().split()
    assert command == "kustomize" and Path(wrapper).name.startswith("policycheck-kustomize-")
    assert not Path(wrapper).exists()  # the wrapper kustomization is temporary
    # an object without an origin annotation keeps the overlay's location
    (config,) = result.resources
    assert (config.address, config.location) == (
        "ConfigMap/prod/cfg", Location("overlays/prod", 1, 3)
    )
    assert result.files == 1


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
def test_real_kubectl_kustomize_applies_the_overlay(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text("resources: [deploy.yaml]\nnamespace: prod\n")
    (tmp_path / "deploy.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
        "spec: {template: {spec: {containers: [{name: app, image: nginx}]}}}\n"
    )
    result = render_kustomize(tmp_path, "overlays/prod", LoadOptions())
    assert result is not None and result.errors == []
    assert [r.address for r in result.resources] == ["Deployment/prod/web"]
    broken = render_kustomize(tmp_path / "missing", "overlays/missing", LoadOptions())
    assert broken is not None
    (error,) = broken.errors
    assert error.message.startswith("kubectl kustomize failed: ")
