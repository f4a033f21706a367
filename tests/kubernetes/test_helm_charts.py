"""Helm charts through the CLI: a stand-in ``helm`` on PATH checks the arguments it receives
and prints recorded ``helm template`` output (helm cannot be installed on these machines)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from policycheck.cli import main

RECORDED = """\
---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-web
  namespace: shop
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: web
          image: "registry.example.com/web:1.4.2"
"""
STAND_IN = """\
#!{python}
import json, sys
expected = json.loads({expected!r})
if sys.argv[1:] != expected:
    sys.stderr.write("unexpected arguments: " + " ".join(sys.argv[1:]) + "\\n")
    sys.exit(3)
sys.stdout.write(open({recorded!r}).read())
"""


def _chart(root: Path) -> Path:
    chart = root / "charts" / "web"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: web\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text("image: {tag: 1.4.2}\n")
    lines = RECORDED.split("# Source: web/templates/deployment.yaml\n", 1)[1]
    (chart / "templates" / "deployment.yaml").write_text(lines)
    return chart


def _helm(bin_dir: Path, expected: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir.mkdir()
    recorded = bin_dir / "recorded.yaml"
    recorded.write_text(RECORDED)
    helm = bin_dir / "helm"
    helm.write_text(STAND_IN.format(python=sys.executable, expected=json.dumps(expected),
                                    recorded=str(recorded)))
    helm.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")


def test_chart_rendered_with_values_set_release_and_namespace(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    chart = _chart(tmp_path / "repo")
    values = tmp_path / "prod-values.yaml"
    values.write_text("replicas: 2\n")
    _helm(tmp_path / "bin", ["template", "shop", str(chart), "--namespace", "shop", "--values",
                             str(values), "--set", "image.tag=1.4.2"], monkeypatch)
    code = main([str(tmp_path / "repo"), "--format", "json", "--select", "PC-K8S-001", "--jobs", "1",
                 "--helm-values", str(values), "--helm-set", "image.tag=1.4.2",
                 "--helm-release", "shop", "--helm-namespace", "shop"])
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == [], report["errors"]
    (finding,) = report["findings"]
    assert code == 1
    assert finding["resource"] == "Deployment/shop/shop-web"
    template = chart / "templates" / "deployment.yaml"
    assert finding["file"] == str(template)
    assert template.read_text().splitlines()[finding["line"] - 1].strip() == "- name: web"


def test_a_render_error_names_the_chart_and_exits_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _chart(tmp_path / "repo")
    _helm(tmp_path / "bin", ["never", "matches"], monkeypatch)
    assert main([str(tmp_path / "repo"), "--format", "json", "--jobs", "1"]) == 2
    (error,) = json.loads(capsys.readouterr().out)["errors"]
    assert error["file"].endswith("charts/web") and "helm template failed" in error["message"]
    assert "unexpected arguments" in error["message"]


def test_helm_missing_is_an_error_not_a_pass(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _chart(tmp_path / "repo")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code = main([str(tmp_path / "repo"), "--format", "text", "--jobs", "1"])
    out = capsys.readouterr().out
    assert code == 2
    assert "helm is not on PATH" in out and "PASSED" not in out
    assert main([str(tmp_path / "repo"), "--format", "json", "--no-fail-on-error", "--jobs", "1"]) == 0
