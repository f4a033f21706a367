"""Cross-resource helpers read a graph once, however many resources ask (no scan per lookup)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from policycheck.helpers import s3
from policycheck.helpers.images import mapped_containers, workloads_for_dockerfile
from policycheck.helpers.kubernetes import WORKLOAD_KINDS, same_namespace
from policycheck.model import Location, Reference, Resource, ResourceGraph, Unknown

SERVICES = 200


class CountingGraph(ResourceGraph):
    """A graph counting the resources its ``of_kind`` hands out."""

    def __init__(self, resources: list[Resource]) -> None:
        super().__init__(resources)
        self.handed_out = 0

    def of_kind(self, *kinds: str) -> list[Resource]:
        found = super().of_kind(*kinds)
        self.handed_out += len(found)
        return found


def resource(kind: str, address: str, source: str, attributes: dict[str, Any]) -> Resource:
    return Resource(kind, address, source, attributes, Location(address, 1, 2))


def deployment(name: str) -> Resource:
    pod = {"containers": [{"name": "app", "image": f"registry.example.com/{name}:1"}]}
    return resource("Deployment", f"Deployment/{name}", "k8s",
                    {"metadata": {"name": name, "namespace": name},
                     "spec": {"template": {"spec": pod}}})


def images_graph() -> CountingGraph:
    dockerfiles = [resource("dockerfile", f"services/s{i}/Dockerfile", "docker", {})
                   for i in range(SERVICES)]
    return CountingGraph([*dockerfiles, *(deployment(f"s{i}") for i in range(SERVICES))])


def buckets_graph() -> CountingGraph:
    found: list[Resource] = []
    for i in range(SERVICES):
        name = Unknown("var.name has no value") if i % 2 else f"acme-{i}"
        found.append(resource(s3.BUCKET, f"aws_s3_bucket.b{i}", "tf", {"bucket": name}))
        found.append(resource(s3.PUBLIC_ACCESS_BLOCK, f"aws_s3_bucket_public_access_block.b{i}",
                              "tf", {"bucket": Reference(f"aws_s3_bucket.b{i}", "id")}))
        found.append(resource(s3.LIFECYCLE_CONFIGURATION,
                              f"aws_s3_bucket_lifecycle_configuration.b{i}", "tf",
                              {"bucket": f"acme-{i}"}))
    return CountingGraph(found)


def dockerfile_lookups(graph: CountingGraph) -> None:
    for dockerfile in graph.of_kind("dockerfile"):
        assert len(workloads_for_dockerfile(dockerfile, graph, {})) == 1


def workload_lookups(graph: CountingGraph) -> None:
    for workload in graph.of_kind("Deployment"):
        assert len(list(mapped_containers(workload, graph, {}))) == 1
        assert same_namespace(graph, workload, *WORKLOAD_KINDS) == [workload]


def bucket_lookups(graph: CountingGraph) -> None:
    for bucket in graph.of_kind(s3.BUCKET):
        assert len(s3.companions(bucket, graph, s3.PUBLIC_ACCESS_BLOCK)) == 1
        assert s3.companions(bucket, graph, s3.LIFECYCLE_CONFIGURATION)


@pytest.mark.parametrize(("build", "lookups"), [
    (images_graph, dockerfile_lookups),
    (images_graph, workload_lookups),
    (buckets_graph, bucket_lookups),
])
def test_lookups_for_every_resource_read_the_graph_a_few_times(
    build: Callable[[], CountingGraph], lookups: Callable[[CountingGraph], None]
) -> None:
    graph = build()
    lookups(graph)
    assert graph.handed_out <= 4 * len(graph)
