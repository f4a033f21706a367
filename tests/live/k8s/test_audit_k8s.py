"""``policycheck audit k8s`` end to end: the CLI, the real client, the replay API server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from policycheck.cli import main
from policycheck.live.k8s.kinds import KINDS
from policycheck.live.k8s.rbac import manifest

ROOT = Path(__file__).resolve().parents[3]
RECORDED = Path(__file__).parent / "recorded" / "basic"
Serve = Any


def _audit(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["audit", "k8s", "--format", "json", "--show-passed", *args])
    return code, json.loads(capsys.readouterr().out)


def _verdicts(report: dict[str, Any], policy_id: str) -> list[tuple[str, str, str]]:
    return sorted((f["resource"], f["verdict"], f["message"]) for f in report["findings"]
                  if f["policy_id"] == policy_id)


def _failed(report: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(f["policy_id"], f["resource"], f["message"]) for f in report["findings"]
            if f["verdict"] != "pass"}


def test_a_deployment_is_judged_once_per_container_and_its_pods_not_at_all(
        serve: Serve, capsys: pytest.CaptureFixture[str]) -> None:
    _, kubeconfig = serve()
    code, report = _audit(capsys, "--kubeconfig", str(kubeconfig), "--page-size", "2")
    assert code == 1
    memory = [(r, m) for r, v, m in _verdicts(report, "PC-K8S-001") if v == "fail"]
    assert [(r, m) for r, m in memory if "/shop/" in r] == [
        ("replay/shop/Deployment/web", 'container "app" has no resources.limits.memory and no '
                                       "resources.requests.memory"),
        ("replay/shop/Deployment/web", 'container "metrics" has no resources.limits.memory and no '
                                       "resources.requests.memory")]
    judged = {f["resource"] for f in report["findings"]}
    assert not [r for r in judged if "/ReplicaSet/" in r or "/Job/" in r or "web-7d4b9c6f8" in r
                or "report-29410020" in r]
    assert {f["file"] for f in report["findings"] if "/shop/" in f["resource"]} == {"k8s://replay/shop"}


def test_bare_and_mirror_pods_are_judged_as_pods_and_an_orphan_says_why(
        serve: Serve, capsys: pytest.CaptureFixture[str]) -> None:
    _, kubeconfig = serve()
    _, report = _audit(capsys, "--kubeconfig", str(kubeconfig))
    memory = {r: m for r, v, m in _verdicts(report, "PC-K8S-001") if v == "fail"}
    assert memory["replay/blog/Pod/debug"].startswith('container "debug" has no')
    assert "replay/kube-system/Pod/kube-apiserver-kind-control-plane" in memory
    (orphan,) = [m for r, _, m in _verdicts(report, "PC-K8S-001") if "legacy" in r]
    assert orphan.endswith("(judged as a Pod: its controller ReplicaSet/legacy-5f6d7c8b9 was not "
                           "collected)")
    assert not [m for _, _, m in _verdicts(report, "PC-K8S-020") if "judged as" in m]


def test_a_namespace_with_a_default_deny_policy_has_no_network_finding(
        serve: Serve, capsys: pytest.CaptureFixture[str]) -> None:
    _, kubeconfig = serve()
    _, report = _audit(capsys, "--kubeconfig", str(kubeconfig))
    verdicts = {(r.split("/")[1], v) for r, v, _ in _verdicts(report, "PC-K8S-020")}
    assert verdicts == {("shop", "pass"), ("kube-system", "pass"), ("blog", "fail")}


def _kubectl_list(path: Path) -> Path:
    """What ``kubectl get <kinds> -A -o json`` prints for the recorded cluster: one List whose
    items carry apiVersion and kind, every server-populated field included."""
    items = []
    for recorded in sorted(RECORDED.glob("*.json")):
        doc = json.loads(recorded.read_text("utf-8"))
        kind = doc["kind"].removesuffix("List")
        items += [{"apiVersion": doc["apiVersion"], "kind": kind, **item} for item in doc["items"]]
    path.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "metadata": {
        "resourceVersion": ""}, "items": items}, indent=2), "utf-8")
    return path


def test_a_kubectl_list_gives_the_same_verdicts_as_the_cluster(
        serve: Serve, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, kubeconfig = serve()
    _, live = _audit(capsys, "--kubeconfig", str(kubeconfig))
    exported = _kubectl_list(tmp_path / "prod.json")
    _, offline = _audit(capsys, "--from-snapshot", str(exported), "--cluster", "replay")
    assert _failed(offline) == _failed(live)
    assert len(offline["findings"]) == len(live["findings"])
    _, renamed = _audit(capsys, "--from-snapshot", str(exported))
    assert {f["resource"].split("/")[0] for f in renamed["findings"]} == {"prod"}


def test_a_saved_snapshot_judges_like_the_cluster(serve: Serve, capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    _, kubeconfig = serve(forbidden={"ingresses": None})
    snapshot = tmp_path / "snap.json"
    live_code, live = _audit(capsys, "--kubeconfig", str(kubeconfig), "--snapshot", str(snapshot))
    code, offline = _audit(capsys, "--from-snapshot", str(snapshot))
    assert (code, offline["findings"], offline["not_assessed"]) == (
        live_code, live["findings"], live["not_assessed"])
    assert live_code == 2


def test_a_forbidden_network_policy_list_is_not_assessed_and_never_passes(
        serve: Serve, capsys: pytest.CaptureFixture[str]) -> None:
    _, kubeconfig = serve(forbidden={"networkpolicies": None})
    code, report = _audit(capsys, "--kubeconfig", str(kubeconfig))
    assert code == 2
    assert report["not_assessed"] == [{
        "source": "cluster", "account": "replay", "where": "", "service": "networkpolicies",
        "call": "list networkpolicies", "permission": "list networkpolicies (networking.k8s.io)",
        "reason": report["not_assessed"][0]["reason"], "kinds": ["NetworkPolicy"]}]
    assert "403 Forbidden" in report["not_assessed"][0]["reason"]
    assert _verdicts(report, "PC-K8S-020") == []
    assert _verdicts(report, "PC-K8S-001"), "policies that do not read NetworkPolicy still judge"
    code = main(["audit", "k8s", "--kubeconfig", str(kubeconfig), "--no-fail-on-error"])
    text = capsys.readouterr().out
    assert code == 1
    assert "NOT ASSESSED" in text and "list networkpolicies" in text


def test_a_namespace_denied_withholds_only_that_namespace(
        serve: Serve, capsys: pytest.CaptureFixture[str]) -> None:
    _, kubeconfig = serve(forbidden={"networkpolicies": {"blog"}})
    code, report = _audit(capsys, "--kubeconfig", str(kubeconfig), "-n", "shop,blog")
    assert code == 2
    assert [(g["where"], g["service"]) for g in report["not_assessed"]] == [("blog", "networkpolicies")]
    assert {r.split("/")[1] for r, _, _ in _verdicts(report, "PC-K8S-020")} == {"shop"}


def test_config_can_exclude_kube_system(serve: Serve, capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, kubeconfig = serve()
    (tmp_path / ".policycheck.yaml").write_text("exclude-namespaces: [kube-system]\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    _, report = _audit(capsys, "--kubeconfig", str(kubeconfig))
    namespaces = {f["resource"].split("/")[1] for f in report["findings"]}
    assert "kube-system" not in namespaces and {"shop", "blog"} <= namespaces


def test_progress_stays_off_stderr_when_not_on_a_terminal(
        serve: Serve, capsys: pytest.CaptureFixture[str]) -> None:
    _, kubeconfig = serve()
    main(["audit", "k8s", "--kubeconfig", str(kubeconfig)])
    assert "listed" not in capsys.readouterr().err


def test_print_rbac_needs_no_cluster_and_is_what_deploy_ships(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUBECONFIG", "/nonexistent/kubeconfig")
    assert main(["audit", "k8s", "--print-rbac"]) == 0
    printed = capsys.readouterr().out
    assert printed == manifest() == (ROOT / "deploy" / "rbac.yaml").read_text("utf-8")
    role = next(d for d in yaml.safe_load_all(printed) if d["kind"] == "ClusterRole")
    (secrets,) = [r for r in role["rules"] if "secrets" in r["resources"]]
    assert secrets["verbs"] == ["list"]
    assert all(set(r["verbs"]) <= {"get", "list"} for r in role["rules"])
    assert sorted(p for r in role["rules"] for p in r["resources"]) == sorted(
        spec.plural for spec in KINDS)


def test_an_unreachable_configuration_is_a_usage_error(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    monkeypatch.delenv("KUBECONFIG", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main(["audit", "k8s"]) == 2
    assert "no kubeconfig" in capsys.readouterr().err


def test_progress_is_quiet_in_ci_and_when_a_report_format_goes_to_stdout(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from policycheck.cli import audit_k8s

    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    monkeypatch.delenv("CI", raising=False)
    assert not audit_k8s.quiet([("text", None)])
    assert not audit_k8s.quiet([("text", None), ("json", Path("out.json"))])
    assert audit_k8s.quiet([("json", None)])
    monkeypatch.setenv("CI", "true")
    assert audit_k8s.quiet([("text", None)])


def test_the_benchmark_cluster_is_judged_on_its_deployments(
        serve: Serve, capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("k8s_bench", ROOT / "benchmarks" / "k8s_bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    import k8s_replay

    _, kubeconfig = serve(k8s_replay.Cluster(bench.generate(8, 3, namespaces=2)))
    _, report = _audit(capsys, "--kubeconfig", str(kubeconfig), "--page-size", "5")
    kinds = {f["resource"].split("/")[2] for f in report["findings"]}
    assert "Pod" not in kinds and "ReplicaSet" not in kinds and "Deployment" in kinds
    memory = {f["resource"] for f in report["findings"]
              if f["policy_id"] == "PC-K8S-001" and f["verdict"] == "fail"}
    assert memory == {"replay/team-00/Deployment/app-0000", "replay/team-00/Deployment/app-0004"}


def test_a_denied_pod_list_withholds_pod_verdicts_but_not_the_deployments_own(
        serve: Serve, capsys: pytest.CaptureFixture[str]) -> None:
    _, kubeconfig = serve(forbidden={"pods": None})
    code, report = _audit(capsys, "--kubeconfig", str(kubeconfig))
    assert code == 2
    assert [g["service"] for g in report["not_assessed"]] == ["pods"]
    memory = [r for r, v, _ in _verdicts(report, "PC-K8S-001") if v == "fail"]
    assert memory == ["replay/shop/Deployment/web", "replay/shop/Deployment/web"]
    # PC-K8S-060 reads every workload kind: withheld while the pods are unknown
    assert _verdicts(report, "PC-K8S-060") == []
    assert [v for _, v, _ in _verdicts(report, "PC-K8S-021")] == ["pass"]


@pytest.mark.slow
def test_progress_shows_per_kind_on_a_terminal(serve: Serve, tmp_path: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    _, kubeconfig = serve()
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    done = subprocess.run([sys.executable, "-m", "policycheck", "audit", "k8s", "--kubeconfig",
                           str(kubeconfig), "-o", str(tmp_path / "out.txt")],
                          stderr=follower, stdout=subprocess.DEVNULL, env=env, timeout=60, check=False)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert done.returncode == 1
    text = shown.decode()
    assert "listed deployments in all namespaces: 1" in text
    assert "listed pods in all namespaces: 6" in text


def test_a_kubectl_export_with_secret_data_is_loaded_and_saved_without_it(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    exported = _kubectl_list(tmp_path / "export.json")
    assert "c3VwZXItc2VjcmV0" in exported.read_text("utf-8")  # kubectl exports Secret data
    saved = tmp_path / "saved.json"
    main(["audit", "k8s", "--from-snapshot", str(exported), "--snapshot", str(saved)])
    capsys.readouterr()
    text = saved.read_text("utf-8")
    assert "c3VwZXItc2VjcmV0" not in text
    (secret,) = [o for o in json.loads(text)["objects"] if o["kind"] == "Secret"]
    assert secret == {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                      "metadata": {"name": "web-db", "namespace": "shop"}}


def test_loading_a_snapshot_does_not_import_the_client(tmp_path: Path) -> None:
    import subprocess
    import sys

    exported = _kubectl_list(tmp_path / "export.json")
    code = ("import sys; from pathlib import Path; from policycheck.live.k8s import load_snapshot; "
            f"c = load_snapshot(Path({str(exported)!r})); "
            "assert c.resources and 'kubernetes' not in sys.modules, sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
