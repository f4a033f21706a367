"""``policycheck drift --manifests examples`` against a recorded cluster served over HTTP to the real
client (and the same cluster as a ``kubectl get -A -o json`` List): a changed image, a missing
NetworkPolicy, an undeclared Deployment, and nothing from what the server sets or owns."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from k8s_replay import Cluster

from policycheck.cli import main
from policycheck.live.k8s.kinds import KINDS

from .conftest import Serve

ROOT = Path(__file__).resolve().parents[3]
RECORDED = ROOT / "tests" / "drift" / "cluster" / "examples-live.json"


def recorded_cluster() -> Cluster:
    """The List as the API server's per-kind lists (empty lists for the kinds it lacks)."""
    items = json.loads(RECORDED.read_text("utf-8"))["items"]
    lists: dict[str, dict[str, Any]] = {}
    for spec in KINDS:
        lists[spec.plural] = {"kind": f"{spec.kind}List", "apiVersion": spec.api_version,
                              "metadata": {"resourceVersion": "5000"},
                              "items": [i for i in items if i["kind"] == spec.kind]}
    return Cluster(lists)


def drift(tmp_path: Path, *source: str) -> tuple[int, dict[str, Any]]:
    out = tmp_path / "drift.json"
    code = main(["drift", "--manifests", str(ROOT / "examples"), *source, "--namespace", "shop,jobs",
                 "--format", "json", "--output", str(out)])
    return code, json.loads(out.read_text("utf-8"))


def findings(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f["policy_id"], f["resource"].split("/", 1)[1] if f["source"] == "cluster" and
             f["file"].startswith("k8s://") else f["resource"]) for f in report["findings"]}


EXPECTED = {
    ("PC-DRIFT-001", "NetworkPolicy/shop/default-deny"),
    ("PC-DRIFT-002", "shop/Deployment/debug"),
    ("PC-DRIFT-003", "shop/Deployment/api"),
}


@pytest.mark.slow
def test_drift_against_a_cluster_served_over_http(serve: Serve, tmp_path: Path) -> None:
    _, kubeconfig = serve(recorded_cluster())
    code, report = drift(tmp_path, "--kubeconfig", str(kubeconfig), "--context", "replay")
    assert findings(report) == EXPECTED
    image = next(f for f in report["findings"] if f["policy_id"] == "PC-DRIFT-003")
    assert "container[api].image" in image["message"] and "1.9.0-hotfix" in image["message"]
    # ReplicaSets and Pods of declared Deployments, default ServiceAccounts and kube-root-ca.crt
    # are managed or excluded; server-set fields (status, uid, defaults) change nothing
    assert report["drift"] == {"managed": 10, "missing": 1, "unmanaged": 1, "drifted": 1, "live": 11,
                               "ignored": 0, "coverage": 90.9}
    assert code == 1
    # what was read, saved, gives the same drift offline
    snapshot = tmp_path / "cluster-snapshot.json"
    drift(tmp_path, "--kubeconfig", str(kubeconfig), "--context", "replay", "--snapshot", str(snapshot))
    _, offline = drift(tmp_path, "--from-snapshot", str(snapshot))
    assert findings(offline) == EXPECTED and offline["drift"] == report["drift"]


def test_drift_against_a_kubectl_list(tmp_path: Path) -> None:
    code, report = drift(tmp_path, "--from-snapshot", str(RECORDED))
    assert findings(report) == EXPECTED
    assert code == 1


def test_ignore_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ignore = tmp_path / "ignore"
    ignore.write_text("Deployment/shop/debug  # a support engineer's shell, removed on Friday\n"
                      "NetworkPolicy/shop/*\n")
    out = tmp_path / "drift.json"
    assert main(["drift", "--manifests", str(ROOT / "examples"), "--from-snapshot", str(RECORDED),
                 "--namespace", "shop,jobs", "--driftignore", str(ignore), "--format", "json",
                 "--output", str(out)]) == 1
    report = json.loads(out.read_text("utf-8"))
    assert findings(report) == {("PC-DRIFT-003", "shop/Deployment/api")}
    assert report["drift"]["ignored"] == 1 and report["drift"]["unmanaged"] == 0
    assert "NetworkPolicy/shop/* has no reason" in capsys.readouterr().err
