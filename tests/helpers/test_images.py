from __future__ import annotations

from typing import Any

import pytest

from policycheck.helpers.images import (
    Port,
    PortRange,
    declared_ports,
    dockerfiles_for_image,
    effective_healthcheck,
    exposed_ports,
    mapped_containers,
    repository_name,
    workloads_for_dockerfile,
)
from policycheck.helpers.kubernetes import iter_containers
from policycheck.model import Location, Resource, ResourceGraph, Unknown


def instruction(keyword: str, value: str) -> dict[str, Any]:
    return {"instruction": keyword, "value": value, "args": value.split(), "json": False,
            "flags": {}, "heredocs": [], "line": 1, "end_line": 1}


def dockerfile(address: str, *stages: list[dict[str, Any]],
               global_args: dict[str, str | None] | None = None) -> Resource:
    built = [{"image": "python:3.12", "name": f"s{i}" if i < len(stages) - 1 else None,
              "instructions": [instruction("FROM", "python:3.12"), *body]}
             for i, body in enumerate(stages)]
    return Resource("dockerfile", address, "docker",
                    {"stages": built, "global_args": global_args or {}},
                    Location(address, 1, 10))


def deployment(name: str, *containers: dict[str, Any], source: str = "k8s",
               init: list[dict[str, Any]] | None = None) -> Resource:
    pod: dict[str, Any] = {"containers": list(containers)}
    if init:
        pod["initContainers"] = init
    return Resource("Deployment", f"Deployment/default/{name}", source,
                    {"kind": "Deployment", "metadata": {"name": name},
                     "spec": {"template": {"spec": pod}}},
                    Location("w.yaml", 1, 20))


API = dockerfile("infra/services/api/Dockerfile", [])
API_DEV = dockerfile("infra/services/api/Dockerfile.dev", [])
WEB = dockerfile("infra/web/Dockerfile", [])
ROOT = dockerfile("Dockerfile", [])
GRAPH = ResourceGraph([API, API_DEV, WEB, ROOT])


@pytest.mark.parametrize(("image", "name"), [
    ("api", "api"),
    ("api:1.2", "api"),
    ("registry.example.com/shop/api:1.2", "api"),
    ("registry:5000/shop/api", "api"),
    ("shop/api@sha256:0f3e", "api"),
])
def test_repository_name(image: str, name: str) -> None:
    assert repository_name(image) == name


def test_image_maps_by_directory_name() -> None:
    assert dockerfiles_for_image("registry.example.com/shop/api:1.8.2", GRAPH, {}) == [API, API_DEV]
    assert dockerfiles_for_image("web", GRAPH, {}) == [WEB]
    assert dockerfiles_for_image("worker:1.0", GRAPH, {}) == []


@pytest.mark.parametrize("key", ["registry.example.com/shop/storefront",
                                 "registry.example.com/shop/storefront:1.8.2"])
def test_config_mapping_by_name_or_full_reference(key: str) -> None:
    images = {key: "services/api/Dockerfile"}
    assert dockerfiles_for_image("registry.example.com/shop/storefront:1.8.2", GRAPH, images) == [API]


def test_config_mapping_with_another_tag_does_not_match() -> None:
    images = {"registry.example.com/shop/storefront:2.0": "services/api/Dockerfile"}
    assert dockerfiles_for_image("registry.example.com/shop/storefront:1.8.2", GRAPH, images) == []


def test_config_mapping_overrides_the_directory_rule() -> None:
    images = {"api": "./web/Dockerfile"}
    assert dockerfiles_for_image("api:1.0", GRAPH, images) == [WEB]
    assert dockerfiles_for_image("api:1.0", GRAPH, {"api": "missing/Dockerfile"}) == []


def test_config_mapping_needs_whole_path_segments() -> None:
    assert dockerfiles_for_image("x", GRAPH, {"x": "i/services/api/Dockerfile"}) == []
    assert dockerfiles_for_image("x", GRAPH, {"x": "Dockerfile"}) == [ROOT]


def test_workloads_for_dockerfile_finds_long_running_manifest_containers() -> None:
    api = deployment("api", {"name": "app", "image": "shop/api:1", "livenessProbe": {"exec": {}}},
                     {"name": "other", "image": "web:2"},
                     init=[{"name": "migrate", "image": "shop/api:1"},
                           {"name": "proxy", "image": "shop/api:1", "restartPolicy": "Always"}])
    live = deployment("live", {"name": "app", "image": "shop/api:1"}, source="cluster")
    graph = ResourceGraph([API, WEB, api, live])
    found = workloads_for_dockerfile(API, graph, {})
    assert [(r.workload.address, r.container.name, r.has_liveness_probe) for r in found] == [
        ("Deployment/default/api", "app", True),
        ("Deployment/default/api", "proxy", False),
    ]
    assert found[0].label == 'container "app" of Deployment/default/api'


def test_workloads_for_dockerfile_per_graph_and_images_mapping() -> None:
    api = deployment("api", {"name": "app", "image": "shop/api:1"})
    graph = ResourceGraph([API, WEB, api])
    to_web = {"shop/api": "infra/web/Dockerfile"}
    malformed: dict[str, Any] = {"other": ["not", "a", "path"]}
    assert [r.workload for r in workloads_for_dockerfile(API, graph, {})] == [api]
    assert workloads_for_dockerfile(API, graph, to_web) == []
    assert [r.workload for r in workloads_for_dockerfile(WEB, graph, to_web)] == [api]
    assert [r.workload for r in workloads_for_dockerfile(API, graph, malformed)] == [api]
    assert workloads_for_dockerfile(API, ResourceGraph([API, WEB]), {}) == []
    assert dockerfiles_for_image("api", ResourceGraph([WEB, api]), {}) == []


def test_mapped_containers_pairs_each_dockerfile() -> None:
    api = deployment("api", {"name": "app", "image": "api:1"}, {"name": "x", "image": 7})
    pairs = list(mapped_containers(api, ResourceGraph([API, API_DEV, api]), {}))
    assert [(r.container.name, d) for r, d in pairs] == [("app", API), ("app", API_DEV)]


def test_effective_healthcheck_follows_the_final_stage_chain() -> None:
    inherited = dockerfile("a/Dockerfile", [instruction("HEALTHCHECK", "CMD true")], [])
    inherited.attributes["stages"][1]["image"] = "s0"
    assert effective_healthcheck(inherited) == ("stages.0.instructions.1",
                                                inherited.attributes["stages"][0]["instructions"][1])
    disabled = dockerfile("b/Dockerfile", [instruction("HEALTHCHECK", "CMD true"),
                                           instruction("HEALTHCHECK", "NONE")])
    assert effective_healthcheck(disabled) is None
    unrelated = dockerfile("c/Dockerfile", [instruction("HEALTHCHECK", "CMD true")], [])
    assert effective_healthcheck(unrelated) is None


def test_exposed_ports_substitute_arguments_and_parse_ranges() -> None:
    resource = dockerfile("a/Dockerfile", [
        instruction("ARG", "PORT=8080"),
        instruction("EXPOSE", "$PORT 53/UDP 7000-7010/tcp"),
        instruction("ARG", "OTHER"),
        instruction("EXPOSE", "${OTHER} http"),
    ])
    found = list(exposed_ports(resource))
    assert [e.ports for e in found[:3]] == [PortRange(8080, 8080, "tcp"), PortRange(53, 53, "udp"),
                                            PortRange(7000, 7010, "tcp")]
    assert found[0].path == "stages.0.instructions.2"
    assert all(isinstance(e.ports, Unknown) for e in found[3:])
    assert Port(7005, "tcp") in found[2].ports
    assert Port(7005, "udp") not in found[2].ports
    assert str(found[2].ports) == "7000-7010/tcp"


def test_declared_ports() -> None:
    workload = deployment("x", {"name": "app", "ports": [
        {"containerPort": 8080}, {"containerPort": "53", "protocol": "UDP"}, {"name": "no-port"},
        {"containerPort": "{{ .Values.port }}"}]})
    container = next(iter_containers(workload))
    found = list(declared_ports(container))
    assert [d.port for d in found[:2]] == [Port(8080, "tcp"), Port(53, "udp")]
    assert found[0].path == "spec.template.spec.containers.0.ports.0.containerPort"
    assert len(found) == 3 and isinstance(found[2].port, Unknown)


def test_config_mapping_prefers_the_scan_root() -> None:
    scanned = dockerfile("infra/Dockerfile", [])
    graph = ResourceGraph([API, scanned, dockerfile("other/Dockerfile", [])])
    assert dockerfiles_for_image("x", graph, {"x": "Dockerfile"}) == [scanned, graph.resources[2]]
