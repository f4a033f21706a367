"""Normalisation on its own: server-populated fields and defaults go, what a user wrote stays."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from policycheck.live.k8s.normalise import default_pull_policy, normalise_object

RECORDED = Path(__file__).parent / "recorded" / "basic"


def _items(plural: str, kind: str, api_version: str) -> list[dict[str, Any]]:
    doc = json.loads((RECORDED / f"{plural}.json").read_text("utf-8"))
    return [{"apiVersion": api_version, "kind": kind, **item} for item in doc["items"]]


def _deployment() -> dict[str, Any]:
    return _items("deployments", "Deployment", "apps/v1")[0]


def test_a_recorded_deployment_keeps_only_what_a_manifest_says() -> None:
    live = _deployment()
    out = normalise_object(live)
    assert "status" not in out
    assert set(out["metadata"]) == {"name", "namespace", "labels"}
    spec = out["spec"]
    assert set(spec) == {"replicas", "selector", "template"}
    assert out["spec"]["template"] == {
        "metadata": {"labels": {"app": "web"}},
        "spec": {"serviceAccountName": "web", "containers": spec["template"]["spec"]["containers"]}}
    app = spec["template"]["spec"]["containers"][0]
    assert set(app) == {"name", "image", "ports", "livenessProbe", "readinessProbe", "securityContext"}
    assert app["ports"] == [{"name": "http", "containerPort": 8080}]
    assert app["livenessProbe"] == {"httpGet": {"path": "/healthz", "port": 8080}}
    assert live["status"], "the input is not changed"


def test_normalising_twice_changes_nothing() -> None:
    for plural, kind, version in (("deployments", "Deployment", "apps/v1"), ("pods", "Pod", "v1"),
                                  ("services", "Service", "v1"), ("jobs", "Job", "batch/v1"),
                                  ("cronjobs", "CronJob", "batch/v1")):
        for item in _items(plural, kind, version):
            once = normalise_object(item)
            assert normalise_object(once) == once, (kind, item["metadata"]["name"])


def test_a_pod_loses_the_token_volume_default_tolerations_and_scheduling_fields() -> None:
    pod = next(p for p in _items("pods", "Pod", "v1") if p["metadata"]["name"] == "debug")
    out = normalise_object(pod)
    spec = out["spec"]
    assert set(spec) == {"containers"}, spec
    assert "volumeMounts" not in spec["containers"][0]


def test_user_set_values_that_differ_from_the_defaults_survive() -> None:
    live = _deployment()
    template = live["spec"]["template"]["spec"]
    template["dnsPolicy"] = "None"
    template["volumes"] = [{"name": "cache", "emptyDir": {}},
                           {"name": "config", "configMap": {"name": "web", "defaultMode": 256}}]
    template["containers"][0]["imagePullPolicy"] = "Always"
    template["tolerations"] = [{"key": "dedicated", "operator": "Equal", "value": "web",
                                "effect": "NoSchedule"}]
    live["spec"]["revisionHistoryLimit"] = 3
    out = normalise_object(live)
    spec = out["spec"]["template"]["spec"]
    assert spec["dnsPolicy"] == "None"
    assert spec["volumes"][1]["configMap"]["defaultMode"] == 256
    assert spec["containers"][0]["imagePullPolicy"] == "Always"
    assert spec["tolerations"] == template["tolerations"]
    assert out["spec"]["revisionHistoryLimit"] == 3


def test_the_pull_policy_default_follows_the_tag() -> None:
    assert default_pull_policy("nginx") == "Always"
    assert default_pull_policy("nginx:latest") == "Always"
    assert default_pull_policy("nginx:1.27") == "IfNotPresent"
    assert default_pull_policy("nginx@sha256:" + "a" * 64) == "IfNotPresent"
    assert default_pull_policy("registry:5000/app") == "Always"


def test_a_service_loses_allocated_addresses_and_defaulted_ports() -> None:
    service = _items("services", "Service", "v1")[0]
    service["spec"]["ports"].append({"name": "admin", "protocol": "UDP", "port": 81, "targetPort": 9000})
    out = normalise_object(service)
    assert out["spec"] == {"selector": {"app": "web"}, "ports": [
        {"name": "http", "port": 80, "targetPort": 8080},
        {"name": "admin", "protocol": "UDP", "port": 81, "targetPort": 9000}]}


def test_a_job_loses_its_generated_selector_and_controller_labels() -> None:
    job = normalise_object(_items("jobs", "Job", "batch/v1")[0])
    assert "selector" not in job["spec"]
    assert job["spec"]["template"]["metadata"] == {"labels": {"app": "report"}}
    assert job["metadata"]["labels"] == {"app": "report"}
    assert job["metadata"]["ownerReferences"][0]["kind"] == "CronJob"


def test_a_network_policy_loses_only_the_policy_types_the_server_computed() -> None:
    base = {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": "p", "namespace": "shop"}}
    computed = normalise_object({**base, "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}})
    assert computed["spec"] == {"podSelector": {}}
    egress_only = {"podSelector": {}, "policyTypes": ["Egress"]}
    assert normalise_object({**base, "spec": copy.deepcopy(egress_only)})["spec"] == egress_only


def test_a_secret_keeps_metadata_and_type_never_data() -> None:
    secret = {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
              "metadata": {"name": "db", "namespace": "shop", "uid": "u", "resourceVersion": "1"},
              "data": {"password": "aHVudGVyMg=="}, "stringData": {"token": "hunter2"}}
    assert normalise_object(secret) == {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                                        "metadata": {"name": "db", "namespace": "shop"}}
