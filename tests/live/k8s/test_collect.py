"""The collector against the replay API server, with the real ``kubernetes`` client over HTTP."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from policycheck.live.k8s import K8sOptions, collect, load_snapshot, save_snapshot
from policycheck.live.k8s.client import ClusterError
from policycheck.live.k8s.kinds import PARTIAL_METADATA, collected_kinds

Serve = Any


def test_every_kind_is_listed_once_across_all_namespaces_in_pages(serve: Serve) -> None:
    server, kubeconfig = serve()
    collection = collect(K8sOptions(kubeconfig=kubeconfig, page_size=2))
    first_pages = [r for r in server.requests if "continue" not in r.query]
    assert sorted(r.path for r in first_pages) == sorted(spec.path() for spec in collected_kinds())
    assert not list(server.listed("secrets"))  # no verb on Secrets unless asked for
    pods = list(server.listed("pods"))
    assert [r.query.get("limit") for r in pods] == ["2", "2", "2"]
    assert len({r.query.get("continue") for r in pods}) == 3  # the first page, then two tokens
    assert len([o for o in collection.objects if o["kind"] == "Pod"]) == 6
    assert collection.cluster == "replay"
    assert collection.not_assessed == []
    assert collection.api_calls["pods"] == 3 and sum(collection.api_calls.values()) == len(server.requests)
    assert collection.api_throttles == {}


def test_secrets_are_asked_for_as_metadata_only_and_their_data_never_arrives(serve: Serve) -> None:
    """With --include-secrets only: by default Secrets are not listed at all."""
    server, kubeconfig = serve()
    collection = collect(K8sOptions(kubeconfig=kubeconfig, include_secrets=True))
    (secrets,) = server.listed("secrets")
    assert secrets.accept == PARTIAL_METADATA
    assert all(r.accept == "application/json" for r in server.requests if r not in (secrets,))
    (secret,) = [o for o in collection.objects if o["kind"] == "Secret"]
    assert secret == {"apiVersion": "v1", "kind": "Secret",
                      "metadata": {"name": "web-db", "namespace": "shop"}}


def test_an_expired_continue_token_restarts_the_list(serve: Serve) -> None:
    server, kubeconfig = serve(expire_first_continue={"pods"})
    collection = collect(K8sOptions(kubeconfig=kubeconfig, page_size=4))
    pods = list(server.listed("pods"))
    assert ["continue" in r.query for r in pods] == [False, True, False, True]
    names = sorted(o["metadata"]["name"] for o in collection.objects if o["kind"] == "Pod")
    assert len(names) == len(set(names)) == 6
    assert collection.not_assessed == []


def test_a_forbidden_kind_is_not_assessed_with_the_denied_verb_and_resource(serve: Serve) -> None:
    _, kubeconfig = serve(forbidden={"networkpolicies": None})
    collection = collect(K8sOptions(kubeconfig=kubeconfig))
    (gap,) = collection.not_assessed
    assert (gap.source, gap.account, gap.where, gap.service, gap.call, gap.permission, gap.kinds) == (
        "cluster", "replay", "", "networkpolicies", "list networkpolicies",
        "list networkpolicies (networking.k8s.io)", ("NetworkPolicy",))
    assert gap.reason.startswith("403 Forbidden: networkpolicies.networking.k8s.io is forbidden")
    assert not [o for o in collection.objects if o["kind"] == "NetworkPolicy"]


def test_named_namespaces_are_listed_one_by_one_and_exclusions_are_dropped(serve: Serve) -> None:
    server, kubeconfig = serve(forbidden={"pods": {"blog"}})
    collection = collect(K8sOptions(kubeconfig=kubeconfig, namespaces=["shop", "blog", "kube-system"],
                                    exclude_namespaces=["kube-system"]))
    pod_paths = sorted(r.path for r in server.listed("pods"))
    assert pod_paths == ["/api/v1/namespaces/blog/pods", "/api/v1/namespaces/shop/pods"]
    assert [r.path for r in server.listed("clusterroles")] == [
        "/apis/rbac.authorization.k8s.io/v1/clusterroles"]
    assert [(g.where, g.service) for g in collection.not_assessed] == [("blog", "pods")]
    namespaces = {o["metadata"].get("namespace") for o in collection.objects}
    assert namespaces == {"shop", "blog", None}


def test_without_namespace_filter_an_excluded_namespace_is_dropped_from_the_answer(serve: Serve) -> None:
    _, kubeconfig = serve()
    collection = collect(K8sOptions(kubeconfig=kubeconfig, exclude_namespaces=["kube-system"]))
    assert "kube-system" not in {o["metadata"].get("namespace") for o in collection.objects}
    assert any(o["metadata"].get("namespace") == "shop" for o in collection.objects)


def test_the_snapshot_round_trips_without_the_client(serve: Serve, tmp_path: Path) -> None:
    _, kubeconfig = serve(forbidden={"ingresses": {"shop"}})
    collection = collect(K8sOptions(kubeconfig=kubeconfig, namespaces=["shop"]))
    path = tmp_path / "snap.json"
    save_snapshot(path, collection)
    data = json.loads(path.read_text("utf-8"))
    assert (data["format"], data["version"], data["source"], data["cluster"]) == (
        "policycheck-snapshot", 1, "cluster", "replay")
    assert "c3VwZXIt" not in path.read_text("utf-8")
    loaded = load_snapshot(path)
    assert loaded.objects == collection.objects
    assert [r.address for r in loaded.resources] == [r.address for r in collection.resources]
    assert [r.address for r in loaded.owned] == [r.address for r in collection.owned]
    assert loaded.not_assessed == collection.not_assessed
    assert load_snapshot(path, cluster="prod").resources[0].address.startswith("prod/shop/")


def test_an_unknown_context_and_an_unreachable_server_are_errors(serve: Serve, tmp_path: Path) -> None:
    _, kubeconfig = serve()
    with pytest.raises(ClusterError, match="context 'nope' is not in the kubeconfig"):
        collect(K8sOptions(kubeconfig=kubeconfig, context="nope"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dead = tmp_path / "dead"
    dead.write_text(kubeconfig.read_text("utf-8").replace(
        kubeconfig.read_text("utf-8").split("server: ")[1].split()[0], f"http://127.0.0.1:{port}"))
    with pytest.raises(ClusterError, match="cannot reach the cluster"):
        collect(K8sOptions(kubeconfig=dead))


def test_a_token_the_server_rejects_makes_everything_not_assessed(serve: Serve, tmp_path: Path) -> None:
    _, kubeconfig = serve()
    wrong = tmp_path / "wrong"
    wrong.write_text(kubeconfig.read_text("utf-8").replace("replay-token", "stale-token"))
    collection = collect(K8sOptions(kubeconfig=wrong))
    assert len(collection.not_assessed) == len(collected_kinds())
    assert all(g.reason.startswith("401") for g in collection.not_assessed)
    assert collection.resources == []


def test_a_kind_the_cluster_does_not_serve_is_not_assessed(serve: Serve) -> None:
    _, kubeconfig = serve(unserved={"horizontalpodautoscalers"})
    collection = collect(K8sOptions(kubeconfig=kubeconfig))
    (gap,) = collection.not_assessed
    assert (gap.service, gap.kinds) == ("horizontalpodautoscalers", ("HorizontalPodAutoscaler",))
    assert gap.reason.startswith("404 NotFound")


def test_a_kubeconfig_env_naming_no_file_is_an_error(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "missing"))
    with pytest.raises(ClusterError):
        collect(K8sOptions())


def test_a_throttled_page_is_asked_again(serve: Serve) -> None:
    server, kubeconfig = serve(throttle_first={"pods": 2})
    collection = collect(K8sOptions(kubeconfig=kubeconfig))
    assert len(list(server.listed("pods"))) == 3
    assert collection.not_assessed == []
    assert (collection.api_calls["pods"], collection.api_throttles) == (3, {"pods": 2})
    assert len([o for o in collection.objects if o["kind"] == "Pod"]) == 6


def test_throttling_past_the_retries_is_not_assessed(serve: Serve) -> None:
    _, kubeconfig = serve(throttle_first={"jobs": 100})
    collection = collect(K8sOptions(kubeconfig=kubeconfig))
    assert [(g.service, g.reason.split(":")[0]) for g in collection.not_assessed] == [
        ("jobs", "429 TooManyRequests")]
