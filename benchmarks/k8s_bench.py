"""``policycheck audit k8s`` on a generated cluster of 1,000 Deployments and 5,000 Pods.

The cluster is served by the test suite's replay API server (``tests/live/k8s/apiserver.py``)
over HTTP on 127.0.0.1, in this process; the audit runs through the CLI in a child process
(``python -m policycheck audit k8s``) with the real ``kubernetes`` client, so the figures are
the audit's own wall time and peak resident memory, paging (500 objects a page) included.

Every object is written the way a real API server returns it: ``managedFields``, ``uid``,
``resourceVersion``, ``status``, the defaults, each pod's projected token volume and its
tolerations. Per Deployment: one ReplicaSet, five Pods, a Service; per namespace (50 of them):
a NetworkPolicy, a default ServiceAccount and a ConfigMap.

    python benchmarks/k8s_bench.py [--deployments 1000] [--pods-per-deployment 5]
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
T = "2026-11-30T09:14:07Z"


def _replay() -> Any:
    spec = importlib.util.spec_from_file_location("k8s_replay", ROOT / "tests/live/k8s/apiserver.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["k8s_replay"] = module
    spec.loader.exec_module(module)
    return module


def _meta(name: str, namespace: str, serial: int, labels: dict[str, str],
          owner: tuple[str, str, str] | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "name": name, "namespace": namespace, "uid": f"{serial:08x}-0000-4000-8000-000000000000",
        "resourceVersion": str(100000 + serial), "generation": 1, "creationTimestamp": T,
        "labels": labels,
        "managedFields": [{"manager": "kubectl-client-side-apply", "operation": "Update",
                           "apiVersion": "apps/v1", "time": T, "fieldsType": "FieldsV1",
                           "fieldsV1": {"f:metadata": {"f:labels": {".": {}, "f:app": {}}},
                                        "f:spec": {"f:replicas": {}, "f:template": {}}}}]}
    if owner:
        meta["ownerReferences"] = [{"apiVersion": owner[2], "kind": owner[0], "name": owner[1],
                                    "uid": "owner", "controller": True, "blockOwnerDeletion": True}]
    return meta


def _container(name: str, index: int, limits: bool) -> dict[str, Any]:
    return {
        "name": name, "image": f"registry.example.com/team/{name}:1.{index % 20}.0",
        "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
        "resources": {"limits": {"memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "256Mi"}}
        if limits else {},
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080, "scheme": "HTTP"},
                          "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1,
                          "failureThreshold": 3},
        "env": [{"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1",
                                                               "fieldPath": "metadata.name"}}}],
        "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
        "imagePullPolicy": "IfNotPresent",
    }


def generate(deployments: int, pods_per: int, namespaces: int = 50) -> dict[str, dict[str, Any]]:
    """The recorded Lists, by resource (plural)."""
    lists: dict[str, list[dict[str, Any]]] = {k: [] for k in (
        "deployments", "replicasets", "pods", "services", "networkpolicies", "serviceaccounts",
        "configmaps")}
    serial = 0
    for index in range(deployments):
        namespace = f"team-{index % namespaces:02d}"
        name = f"app-{index:04d}"
        labels = {"app": name}
        pod_spec = {"containers": [_container("app", index, limits=index % 4 != 0),
                                   _container("sidecar", index, limits=True)],
                    "restartPolicy": "Always", "terminationGracePeriodSeconds": 30,
                    "dnsPolicy": "ClusterFirst", "securityContext": {},
                    "schedulerName": "default-scheduler"}
        template = {"metadata": {"creationTimestamp": None, "labels": labels}, "spec": pod_spec}
        serial += 1
        lists["deployments"].append({
            "metadata": _meta(name, namespace, serial, labels),
            "spec": {"replicas": pods_per, "selector": {"matchLabels": labels}, "template": template,
                     "strategy": {"type": "RollingUpdate",
                                  "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
                     "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600},
            "status": {"replicas": pods_per, "readyReplicas": pods_per, "observedGeneration": 1}})
        rs_name = f"{name}-5d8f7c9b4"
        rs_labels = {**labels, "pod-template-hash": "5d8f7c9b4"}
        serial += 1
        lists["replicasets"].append({
            "metadata": _meta(rs_name, namespace, serial, rs_labels, ("Deployment", name, "apps/v1")),
            "spec": {"replicas": pods_per, "selector": {"matchLabels": rs_labels},
                     "template": {**template, "metadata": {"labels": rs_labels}}},
            "status": {"replicas": pods_per, "readyReplicas": pods_per}})
        for replica in range(pods_per):
            spec = copy.deepcopy(pod_spec)
            spec.update({"serviceAccountName": "default", "serviceAccount": "default",
                         "nodeName": f"node-{replica}", "enableServiceLinks": True, "priority": 0,
                         "preemptionPolicy": "PreemptLowerPriority",
                         "tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists",
                                          "effect": "NoExecute", "tolerationSeconds": 300}],
                         "volumes": [{"name": "kube-api-access-abcde", "projected": {
                             "defaultMode": 420, "sources": [
                                 {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}}]}}]})
            for container in spec["containers"]:
                container["volumeMounts"] = [{"name": "kube-api-access-abcde", "readOnly": True,
                                              "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}]
            serial += 1
            lists["pods"].append({
                "metadata": _meta(f"{rs_name}-{replica:05d}", namespace, serial, rs_labels,
                                  ("ReplicaSet", rs_name, "apps/v1")),
                "spec": spec,
                "status": {"phase": "Running", "podIP": f"10.0.{index % 250}.{replica}",
                           "conditions": [{"type": "Ready", "status": "True"}]}})
        serial += 1
        lists["services"].append({
            "metadata": _meta(name, namespace, serial, labels),
            "spec": {"selector": labels, "ports": [{"port": 80, "targetPort": 8080, "protocol": "TCP"}],
                     "clusterIP": f"10.96.{index // 250}.{index % 250}", "type": "ClusterIP"}})
    for index in range(namespaces):
        namespace = f"team-{index:02d}"
        serial += 3
        if index % 5:
            lists["networkpolicies"].append({"metadata": _meta("default-deny", namespace, serial, {}),
                                             "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}})
        lists["serviceaccounts"].append({"metadata": _meta("default", namespace, serial + 1, {})})
        lists["configmaps"].append({"metadata": _meta("kube-root-ca.crt", namespace, serial + 2, {}),
                                    "data": {"ca.crt": "-----BEGIN CERTIFICATE-----\n..."}})
    return {plural: {"kind": "List", "apiVersion": "v1", "metadata": {"resourceVersion": "999999"},
                     "items": items} for plural, items in lists.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deployments", type=int, default=1000)
    parser.add_argument("--pods-per-deployment", type=int, default=5)
    args = parser.parse_args()
    replay = _replay()
    lists = generate(args.deployments, args.pods_per_deployment)
    objects = sum(len(doc["items"]) for doc in lists.values())
    with tempfile.TemporaryDirectory() as tmp, \
            replay.ReplayServer(replay.Cluster(lists)) as server:
        kubeconfig = server.kubeconfig(Path(tmp) / "kubeconfig")
        out = Path(tmp) / "report.json"
        command = [sys.executable, "-m", "policycheck", "audit", "k8s", "--kubeconfig",
                   str(kubeconfig), "--format", "json", "--output", str(out)]
        start = time.perf_counter()
        code = subprocess.run(command, cwd=tmp, check=False).returncode
        wall = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        report = json.loads(out.read_text("utf-8"))
        requests = len(server.requests)
    failed = report["summary"]["failed"]
    print(f"| objects served | {objects:,} ({len(lists['pods']['items']):,} pods, "
          f"{args.deployments:,} Deployments) |")
    print(f"| list requests | {requests} |")
    print(f"| exit code | {code} |")
    print(f"| judged resources | {report['summary']['resources']:,} |")
    print(f"| failed findings | {failed:,} |")
    print(f"| wall time | {wall:.2f} s |")
    print(f"| peak memory (audit process) | {peak_mb:.0f} MB |")
    return 0 if code in (0, 1) else code


if __name__ == "__main__":
    raise SystemExit(main())
