from __future__ import annotations

from typing import Any

import pytest

from policycheck.helpers.kubernetes import (
    Container,
    annotations_of,
    check_containers,
    effective_security_setting,
    integer,
    is_default_rbac,
    is_empty_selector,
    iter_containers,
    namespace_of,
    pod_at,
    pod_labels,
    pod_spec,
    rbac_rules,
    require_keys,
    same_namespace,
    security_settings,
    selector_matches,
    service_selector_matches,
    strings,
)
from policycheck.model import Location, Resource, ResourceGraph, Result, Unknown, UnknownValueError, Verdict


def manifest(kind: str, source: str = "k8s", **attributes: Any) -> Resource:
    name = attributes.get("metadata", {}).get("name", "x")
    return Resource(kind, f"{kind}/{name}", source, {"kind": kind, **attributes},
                    Location("m.yaml", 1, 20))


def template(pod: dict[str, Any], labels: dict[str, str] | None = None) -> dict[str, Any]:
    return {"template": {"metadata": {"labels": labels or {}}, "spec": pod}}


POD = {
    "securityContext": {"runAsNonRoot": True, "runAsUser": 1000, "readOnlyRootFilesystem": True},
    "containers": [
        {"name": "app", "securityContext": {"runAsUser": 0}},
        {"name": "side", "resources": {"limits": {}}},
    ],
    "initContainers": [{"name": "setup"}, {"name": "proxy", "restartPolicy": "Always"}],
    "ephemeralContainers": [{"name": "debug"}],
}


@pytest.mark.parametrize(
    ("kind", "spec", "path"),
    [
        ("Pod", POD, "spec"),
        ("Deployment", template(POD), "spec.template.spec"),
        ("ReplicationController", template(POD), "spec.template.spec"),
        ("Job", template(POD), "spec.template.spec"),
        ("CronJob", {"jobTemplate": {"spec": template(POD)}},
         "spec.jobTemplate.spec.template.spec"),
    ],
)
def test_containers_are_found_at_each_kinds_pod_template(
    kind: str, spec: dict[str, Any], path: str
) -> None:
    resource = manifest(kind, spec=spec)
    assert [(c.name, c.path) for c in iter_containers(resource)] == [
        ("app", f"{path}.containers.0"),
        ("side", f"{path}.containers.1"),
    ]
    assert pod_spec(resource) is POD


def test_init_and_ephemeral_containers_only_when_asked() -> None:
    resource = manifest("Pod", spec=POD)
    found = list(iter_containers(resource, init=True, ephemeral=True))
    assert [(c.name, c.init, c.ephemeral) for c in found] == [
        ("app", False, False), ("side", False, False),
        ("setup", True, False), ("proxy", True, False), ("debug", False, True),
    ]
    assert found[2].path == "spec.initContainers.0"
    assert [c.long_running for c in found] == [True, True, False, True, False]
    assert found[2].label == 'init container "setup"'


def test_non_workloads_have_no_containers() -> None:
    service = manifest("Service", spec={"containers": [{"name": "x"}]})
    assert list(iter_containers(service)) == []
    assert pod_spec(service) == {}


def test_container_at_points_at_deepest_present_key() -> None:
    side = list(iter_containers(manifest("Pod", spec=POD)))[1]
    assert side.at("resources.limits.memory") == "spec.containers.1.resources.limits"
    assert side.at("livenessProbe") == "spec.containers.1"
    app = Container({"securityContext": {"capabilities": {"drop": ["ALL"]}}}, "spec.containers.0")
    drop = "securityContext.capabilities.drop"
    assert app.at(drop) == f"spec.containers.0.{drop}"
    assert app.get("securityContext.capabilities.drop") == ["ALL"]
    assert app.get("securityContext.privileged", "unset") == "unset"


def test_pod_at_walks_the_pod_spec_including_list_items() -> None:
    resource = manifest("Deployment", spec=template({"volumes": [{"name": "v", "hostPath": {}}]}))
    assert pod_at(resource, "volumes.0.hostPath") == "spec.template.spec.volumes.0.hostPath"
    assert pod_at(resource, "hostNetwork") == "spec.template.spec"


def test_container_security_context_overrides_pod_for_pod_level_keys() -> None:
    resource = manifest("Pod", spec=POD)
    app, side = list(iter_containers(resource))
    assert effective_security_setting(resource, app, "runAsUser").value == 0
    assert effective_security_setting(resource, app, "runAsUser").path == (
        "spec.containers.0.securityContext.runAsUser")
    assert [s.value for s in security_settings(resource, app, "runAsUser")] == [0, 1000]
    inherited = effective_security_setting(resource, side, "runAsNonRoot")
    assert (inherited.value, inherited.path) == (True, "spec.securityContext.runAsNonRoot")


def test_container_only_keys_are_not_inherited_from_the_pod() -> None:
    resource = manifest("Pod", spec=POD)
    app = next(iter_containers(resource))
    setting = effective_security_setting(resource, app, "readOnlyRootFilesystem")
    assert (setting.value, setting.path) == (None, None)


def test_namespace_defaults_to_default() -> None:
    assert namespace_of(manifest("Pod", metadata={"name": "a"})) == "default"
    assert namespace_of(manifest("Pod", metadata={"namespace": "prod"})) == "prod"


def test_same_namespace_filters_by_source_and_namespace() -> None:
    pod = manifest("Pod", metadata={"name": "p", "namespace": "prod"})
    peers = [
        manifest("NetworkPolicy", metadata={"name": "a", "namespace": "prod"}),
        manifest("NetworkPolicy", metadata={"name": "b"}),
        manifest("NetworkPolicy", "cluster", metadata={"name": "c", "namespace": "prod"}),
    ]
    graph = ResourceGraph([pod, *peers])
    assert same_namespace(graph, pod, "NetworkPolicy") == [peers[0]]


def test_same_namespace_lists_kind_by_kind_in_graph_order_for_each_graph() -> None:
    pod = manifest("Pod", metadata={"name": "p", "namespace": "prod"})
    first = manifest("Deployment", metadata={"name": "a", "namespace": "prod"})
    job = manifest("Job", metadata={"name": "j", "namespace": "prod"})
    second = manifest("Deployment", metadata={"name": "b", "namespace": "prod"})
    graph = ResourceGraph([pod, job, first, second])
    assert same_namespace(graph, pod, "Deployment", "Job") == [first, second, job]
    assert same_namespace(ResourceGraph([pod, second]), pod, "Deployment", "Job") == [second]


def test_same_namespace_raises_for_an_unknown_namespace_of_the_source_only() -> None:
    pod = manifest("Pod", metadata={"name": "p"})
    peer = manifest("NetworkPolicy", metadata={"name": "a"})
    templated = manifest("NetworkPolicy", metadata={"name": "t", "namespace": Unknown("{{ ns }}")})
    live = manifest("NetworkPolicy", "cluster", metadata={"name": "c", "namespace": Unknown("?")})
    assert same_namespace(ResourceGraph([pod, peer, live]), pod, "NetworkPolicy") == [peer]
    with pytest.raises(UnknownValueError, match=r"\{\{ ns \}\}"):
        same_namespace(ResourceGraph([pod, peer, templated]), pod, "NetworkPolicy")


def test_pod_labels_of_template_and_pod() -> None:
    deployment = manifest("Deployment", spec=template({}, {"app": "web"}))
    pod = manifest("Pod", metadata={"labels": {"app": "db"}})
    cron = manifest("CronJob", spec={"jobTemplate": {"spec": template({}, {"app": "cron"})}})
    assert pod_labels(deployment) == {"app": "web"}
    assert pod_labels(pod) == {"app": "db"}
    assert pod_labels(cron) == {"app": "cron"}
    assert pod_labels(manifest("Service")) == {}


LABELS = {"app": "web", "tier": "front"}


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ({}, True),
        ({"matchLabels": {"app": "web"}}, True),
        ({"matchLabels": {"app": "web", "tier": "back"}}, False),
        ({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["front", "x"]}]}, True),
        ({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["back"]}]}, False),
        ({"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["front"]}]}, False),
        ({"matchExpressions": [{"key": "env", "operator": "NotIn", "values": ["prod"]}]}, True),
        ({"matchExpressions": [{"key": "app", "operator": "Exists"}]}, True),
        ({"matchExpressions": [{"key": "env", "operator": "Exists"}]}, False),
        ({"matchExpressions": [{"key": "env", "operator": "DoesNotExist"}]}, True),
        ({"matchExpressions": [{"key": "app", "operator": "DoesNotExist"}]}, False),
        ({"matchExpressions": [{"key": "app", "operator": "Bogus"}]}, False),
        ({"matchLabels": {"app": "web"},
          "matchExpressions": [{"key": "tier", "operator": "In", "values": ["back"]}]}, False),
    ],
)
def test_label_selector(selector: dict[str, Any], expected: bool) -> None:
    assert selector_matches(selector, LABELS) is expected


def test_empty_selector() -> None:
    assert is_empty_selector({}) and is_empty_selector(None)
    assert is_empty_selector({"matchLabels": {}})
    assert not is_empty_selector({"matchLabels": {"a": "b"}})


def test_service_selector() -> None:
    assert service_selector_matches({"app": "web"}, LABELS)
    assert not service_selector_matches({"app": "web", "tier": "back"}, LABELS)
    assert not service_selector_matches({}, LABELS)
    assert not service_selector_matches(None, LABELS)


def test_dotted_metadata_keys() -> None:
    role = manifest("ClusterRole", metadata={
        "labels": {"kubernetes.io/bootstrapping": "rbac-defaults"},
        "annotations": {"nginx.ingress.kubernetes.io/limit-rps": "5"},
    })
    assert is_default_rbac(role)
    assert annotations_of(role) == {"nginx.ingress.kubernetes.io/limit-rps": "5"}
    assert not is_default_rbac(manifest("ClusterRole", metadata={"labels": {"a": "b"}}))


def test_require_keys_names_missing_keys_at_deepest_parent() -> None:
    keys = ("resources.limits.memory", "resources.requests.memory")
    container = Container({"name": "app", "resources": {"limits": {"memory": "1Gi"}}},
                          "spec.containers.0")
    result = require_keys(container, keys, "memory")
    assert (result.verdict, result.path) == (Verdict.FAIL, "spec.containers.0.resources")
    assert result.message == 'container "app" has no resources.requests.memory'
    empty = Container({"name": "app", "resources": {"limits": {"memory": ""}}}, "c")
    result = require_keys(empty, keys, "memory")
    assert (result.path, result.message) == (
        "c.resources.limits.memory",
        'container "app" has no resources.limits.memory and no resources.requests.memory')
    ok = require_keys(container, keys[:1], "a memory limit")
    assert (ok.verdict, ok.message) == (Verdict.PASS, 'container "app" sets a memory limit')


def test_check_containers_passes_a_workload_with_nothing_judged() -> None:
    def judge(container: Container) -> Result | None:
        return None if container.init else Result(Verdict.FAIL, container.name)

    pod = manifest("Pod", spec={"initContainers": [{"name": "i"}]})
    assert [r.verdict for r in check_containers(pod, judge, init=True)] == [Verdict.PASS]
    assert [r.message for r in check_containers(manifest("Pod", spec=POD), judge)] == [
        "app", "side"]


@pytest.mark.parametrize(
    ("value", "expected"), [(1000, 1000), ("1000", 1000), ("-1", -1), (None, None)]
)
def test_integer(value: object, expected: int | None) -> None:
    assert integer(value) == expected


@pytest.mark.parametrize("value", [True, "{{ .Values.uid }}", 1.5])
def test_integer_of_non_integers_is_unknown(value: object) -> None:
    assert isinstance(integer(value), Unknown)


def test_rbac_rules_and_strings() -> None:
    role = manifest("Role", rules=[{"verbs": ["get"]}, "junk", {"verbs": "get"}])
    assert [(path, strings(rule.get("verbs"))) for path, rule in rbac_rules(role)] == [
        ("rules.0", ["get"]), ("rules.2", [])]
