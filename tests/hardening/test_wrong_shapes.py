"""An object of the wrong shape is an error entry: never judged, so never passed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policycheck.cli import main

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata: {metadata}
spec:
  template:
    spec:
      containers: {containers}
"""
GOOD_METADATA, GOOD_CONTAINERS = "{name: web, namespace: shop}", "[{name: app, image: nginx}]"


def _scan(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, list[dict[str, object]]]]:
    code = main([str(path), "--format", "json", "--show-passed", "-j", "1"])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("text", "line", "message"), [
    (DEPLOYMENT.format(metadata="[web, shop]", containers=GOOD_CONTAINERS), 3,
     "Deployment: metadata must be a mapping, not a list; the object is not judged"),
    ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: 3\n", 4,
     "Deployment: spec must be a mapping, not a number; the object is not judged"),
    (DEPLOYMENT.format(metadata=GOOD_METADATA, containers="{name: app, image: nginx}"), 7,
     "Deployment: spec.template.spec.containers must be a list of mappings, not a mapping; the "
     "object is not judged"),
    (DEPLOYMENT.format(metadata=GOOD_METADATA, containers="[nginx]"), 7,
     "Deployment: spec.template.spec.containers.0 must be a mapping, not a string; the object "
     "is not judged"),
    ("apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p}\n"
     "    spec: {containers: [{name: c, image: x, securityContext: true}]}\n", 7,
     "Pod: spec.containers.0.securityContext must be a mapping, not a boolean; the object is not "
     "judged"),
])
def test_a_wrongly_shaped_kubernetes_object_is_an_error(
        text: str, line: int, message: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "deploy.yaml").write_text(text)
    code, report = _scan(tmp_path, capsys)
    assert code == 2
    assert report["findings"] == []  # not a single pass
    assert [(e["line"], e["message"]) for e in report["errors"]] == [(line, message)]


def test_a_well_shaped_object_beside_it_is_still_judged(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.yaml").write_text(DEPLOYMENT.format(metadata="[x]", containers="[]"))
    (tmp_path / "good.yaml").write_text(DEPLOYMENT.format(metadata=GOOD_METADATA,
                                                          containers=GOOD_CONTAINERS))
    code, report = _scan(tmp_path, capsys)
    assert code == 2 and len(report["errors"]) == 1
    assert {f["resource"] for f in report["findings"]} == {"Deployment/shop/web"}


@pytest.mark.parametrize(("plan", "message"), [
    ({"resource_changes": ["aws_s3_bucket.b", 3]}, "resource_changes: 2 entries have no address"),
    ({"planned_values": {"root_module": {"resources": "aws_s3_bucket.b"}}},
     "planned_values.root_module.resources is not a list"),
    ({"planned_values": {"root_module": {"child_modules": [5]}}},
     "planned_values.root_module.child_modules[0] is not an object"),
])
def test_a_plan_of_the_wrong_shape_is_an_error(plan: dict[str, object], message: str,
                                               tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "plan.json").write_text(json.dumps(
        {"format_version": "1.2", "terraform_version": "1.9.0", "planned_values": {}, **plan}))
    code, report = _scan(tmp_path / "plan.json", capsys)
    assert code == 2
    assert report["findings"] == []
    assert [e["message"] for e in report["errors"]] == [message]
