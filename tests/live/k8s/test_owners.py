"""Owner resolution on its own: each workload is judged once, on its top controller."""

from __future__ import annotations

from typing import Any

from policycheck.live.k8s.collection import to_resource
from policycheck.live.k8s.owners import resolve
from policycheck.model import Resource


def _obj(kind: str, name: str, owner: tuple[str, str] | None = None, namespace: str = "shop",
         **metadata: Any) -> Resource:
    meta: dict[str, Any] = {"name": name, "namespace": namespace, **metadata}
    if owner:
        meta["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": owner[0], "name": owner[1],
                                    "uid": "x", "controller": True}]
    return to_resource({"apiVersion": "v1", "kind": kind, "metadata": meta, "spec": {}}, "c", [])


def _addresses(resources: list[Resource]) -> list[str]:
    return [r.address for r in resources]


def test_pods_and_replicasets_are_judged_on_their_deployment() -> None:
    objects = [_obj("Deployment", "web"), _obj("ReplicaSet", "web-1", ("Deployment", "web")),
               _obj("Pod", "web-1-a", ("ReplicaSet", "web-1")),
               _obj("Pod", "web-1-b", ("ReplicaSet", "web-1"))]
    ownership = resolve(objects)
    assert _addresses(ownership.judged) == ["c/shop/Deployment/web"]
    assert _addresses(ownership.owned) == ["c/shop/ReplicaSet/web-1", "c/shop/Pod/web-1-a",
                                           "c/shop/Pod/web-1-b"]
    assert ownership.top_owner("c/shop/Pod/web-1-a") == "c/shop/Deployment/web"
    assert ownership.chain("c/shop/Pod/web-1-b") == [
        "c/shop/Pod/web-1-b", "c/shop/ReplicaSet/web-1", "c/shop/Deployment/web"]
    assert ownership.top_owner("c/shop/Deployment/web") == "c/shop/Deployment/web"
    assert ownership.notes == {}


def test_cronjob_job_pod_and_statefulset_daemonset_pods() -> None:
    objects = [_obj("CronJob", "report"), _obj("Job", "report-1", ("CronJob", "report")),
               _obj("Pod", "report-1-x", ("Job", "report-1")), _obj("StatefulSet", "db"),
               _obj("Pod", "db-0", ("StatefulSet", "db")), _obj("DaemonSet", "agent"),
               _obj("Pod", "agent-x", ("DaemonSet", "agent"))]
    ownership = resolve(objects)
    assert _addresses(ownership.judged) == ["c/shop/CronJob/report", "c/shop/StatefulSet/db",
                                            "c/shop/DaemonSet/agent"]
    assert ownership.top_owner("c/shop/Pod/report-1-x") == "c/shop/CronJob/report"


def test_bare_mirror_and_orphaned_pods_are_judged_as_pods() -> None:
    mirror = _obj("Pod", "kube-apiserver-node1", ("Node", "node1"), namespace="kube-system",
                  annotations={"kubernetes.io/config.mirror": "abc"})
    objects = [_obj("Pod", "debug"), mirror, _obj("Pod", "old-1-a", ("ReplicaSet", "old-1"))]
    ownership = resolve(objects)
    assert _addresses(ownership.judged) == _addresses(objects)
    assert ownership.owned == []
    assert ownership.notes == {"c/shop/Pod/old-1-a": "judged as a Pod: its controller "
                                                     "ReplicaSet/old-1 was not collected"}


def test_an_owner_in_another_namespace_or_of_another_name_is_not_the_owner() -> None:
    objects = [_obj("Deployment", "web", namespace="blog"),
               _obj("ReplicaSet", "web-1", ("Deployment", "web"))]
    ownership = resolve(objects)
    assert _addresses(ownership.judged) == ["c/blog/Deployment/web", "c/shop/ReplicaSet/web-1"]
    assert "c/shop/ReplicaSet/web-1" in ownership.notes


def test_a_non_controller_owner_reference_does_not_own() -> None:
    pod = to_resource({"apiVersion": "v1", "kind": "Pod", "metadata": {
        "name": "p", "namespace": "shop",
        "ownerReferences": [{"kind": "Deployment", "name": "web", "uid": "x"}]}}, "c", [])
    ownership = resolve([_obj("Deployment", "web"), pod])
    assert _addresses(ownership.judged) == ["c/shop/Deployment/web", "c/shop/Pod/p"]
