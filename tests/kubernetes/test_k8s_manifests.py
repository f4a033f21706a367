"""Kubernetes manifest files -> resources (policycheck.loaders.k8s.loader.load)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from textwrap import dedent

import pytest

from policycheck.loaders.base import LoadOptions, LoadResult, SourceFile
from policycheck.loaders.k8s.loader import load
from policycheck.model import Location, Resource, ScanError

Loader = Callable[[dict[str, str | bytes]], LoadResult]


@pytest.fixture
def load_files(tmp_path: Path) -> Loader:
    """Writes ``{relative path: content}`` (str content is dedented) and loads every file."""

    def run(files: dict[str, str | bytes]) -> LoadResult:
        sources = []
        for name, content in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(dedent(content))
            sources.append(SourceFile(path, path.relative_to(tmp_path).as_posix()))
        return load(sources, LoadOptions())

    return run


def by_address(result: LoadResult) -> dict[str, Resource]:
    return {r.address: r for r in result.resources}


MULTI = """\
    # a deployment and its service
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
    spec:
      template:
        spec:
          containers:
            - name: app
              image: nginx:1.25
              ports:
                - containerPort: 8080
            - name: sidecar
              image: envoy:1
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: web}
    spec:
      ports: [{port: 80, targetPort: 8080}]
    """


def test_multi_document_file(load_files: Loader) -> None:
    result = load_files({"app.yaml": MULTI})
    assert (result.files, result.errors, result.warnings) == (1, [], [])
    deployment, service = result.resources
    assert (deployment.kind, deployment.address, deployment.source) == (
        "Deployment", "Deployment/shop/web", "k8s"
    )
    assert deployment.location == Location("app.yaml", 2, 16)
    lines = deployment.attribute_lines
    assert lines["spec.template.spec.containers"] == 10
    assert lines["spec.template.spec.containers.0"] == 11
    assert lines["spec.template.spec.containers.0.image"] == 12
    assert lines["spec.template.spec.containers.0.ports.0"] == 14
    assert lines["spec.template.spec.containers.0.ports.0.containerPort"] == 14
    assert lines["spec.template.spec.containers.1"] == 15
    assert deployment.get("spec.template.spec.containers.1.image") == "envoy:1"
    assert service.address == "Service/default/web"
    assert service.location == Location("app.yaml", 18, 22)
    assert service.attribute_lines["spec.ports.0.targetPort"] == 22


def test_cluster_scoped_kinds_have_no_namespace(load_files: Loader) -> None:
    result = load_files({"rbac.yaml": """\
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: admins, namespace: ignored}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: admins, namespace: shop}
        """})
    assert list(by_address(result)) == [
        "ClusterRoleBinding/admins", "Namespace/shop", "RoleBinding/shop/admins"
    ]


def test_list_kinds_expand_items_with_their_own_paths(load_files: Loader) -> None:
    result = load_files({"list.yaml": """\
        apiVersion: v1
        kind: List
        items:
          # policycheck:ignore=PC-K8S-001 first item
          - apiVersion: v1
            kind: ConfigMap
            metadata: {name: one}
            data:
              key: value
          - apiVersion: v1
            kind: Secret
            metadata: {name: two}
        ---
        apiVersion: v1
        kind: PodList
        items:
          - metadata: {name: typed, namespace: ns}
            spec: {containers: [{name: c, image: busybox}]}
        """})
    assert result.errors == []
    one, two, typed = result.resources
    assert (one.address, one.location, one.attribute_lines["data.key"]) == (
        "ConfigMap/default/one", Location("list.yaml", 5, 9), 9
    )
    assert [s.policy_id for s in one.suppressions] == ["PC-K8S-001"]
    assert (two.address, two.location, two.suppressions) == (
        "Secret/default/two", Location("list.yaml", 10, 12), ()
    )
    assert (typed.kind, typed.address, typed.get("apiVersion")) == ("Pod", "Pod/ns/typed", "v1")
    assert typed.attribute_lines["spec.containers.0.image"] == 18


def test_json_manifest(load_files: Loader) -> None:
    manifest = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "api", "namespace": "prod"},
        "spec": {"replicas": 1},
    }
    result = load_files({"api.json": json.dumps(manifest, indent=2)})
    (resource,) = result.resources
    assert (result.files, resource.address, resource.attributes) == (
        1, "Deployment/prod/api", manifest
    )
    assert resource.attribute_lines["spec.replicas"] == 9


def test_non_kubernetes_yaml_and_json_are_skipped_and_not_counted(load_files: Loader) -> None:
    result = load_files(
        {
            ".github/workflows/ci.yml": """\
                name: ci
                on: [push]
                jobs:
                  test: {runs-on: ubuntu-latest, steps: [{run: make test}]}
                """,
            "chart/values.yaml": """\
                replicaCount: 1
                image: {repository: nginx, tag: ""}
                ingress:
                  apiVersion: networking.k8s.io/v1  # the chart's choice
                  kind: Ingress-ish
                """,
            "docker-compose.yml": "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n",
            "package.json": '{"name": "app", "version": "1.0.0"}',
            "plan.json": '{"format_version": "1.2", "terraform_version": "1.9.0"}',
            "kustomization.yaml": (
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                "resources: [deploy.yaml]\n"
            ),
            "broken.yaml": "# mentions apiVersion and kind\nsteps:\n  - run: [unclosed\n",
        }
    )
    assert (result.files, result.resources, result.errors, result.warnings) == (0, [], [], [])


def test_invalid_yaml_reports_line_and_keeps_earlier_documents(load_files: Loader) -> None:
    result = load_files({
        "bad.yaml": """\
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: ok}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: broken
             data: x
            """,
        "good.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: fine}\n",
    })
    assert sorted(by_address(result)) == ["ConfigMap/default/ok", "Namespace/fine"]
    (error,) = result.errors
    assert (error.file, error.line) == ("bad.yaml", 9)
    assert error.message.startswith("invalid YAML: ")
    assert result.files == 2


def test_kubernetes_looking_file_that_does_not_parse_is_an_error(load_files: Loader) -> None:
    result = load_files({"pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: [x}\n"})
    assert [(e.file, e.line) for e in result.errors] == [("pod.yaml", 3)]
    assert result.files == 1


def test_document_without_apiversion_in_kubernetes_file(load_files: Loader) -> None:
    result = load_files({"mixed.yaml": """\
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a}
        ---
        # no type
        metadata: {name: b}
        ---
        - a list
        """})
    assert [r.address for r in result.resources] == ["ConfigMap/default/a"]
    message = "document is not a Kubernetes object (it needs string apiVersion and kind)"
    assert result.errors == [ScanError("mixed.yaml", 6, message), ScanError("mixed.yaml", 8, message)]


def test_unnamed_object_and_duplicate_key_warn(load_files: Loader) -> None:
    result = load_files({"job.yaml": """\
        apiVersion: batch/v1
        kind: Job
        metadata:
          generateName: migrate-
          labels: {a: 1}
          labels: {b: 2}
        """})
    (job,) = result.resources
    assert job.address == "Job/default/<unnamed>"
    assert job.get("metadata.labels") == {"b": 2}
    assert result.warnings == [
        "job.yaml:6: duplicate key 'labels'; the last value is used",
        "job.yaml:1: Job has no metadata.name; it is reported as <unnamed>",
    ]


def test_alias_bomb_terminates_fast_with_an_error(load_files: Loader) -> None:
    rows = ['  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 12):
        previous, name = chr(ord("a") + index - 1), chr(ord("a") + index)
        rows.append(f"  {name}: &{name} [{','.join([f'*{previous}'] * 10)}]")
    bomb = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n" + "\n".join(rows)
    started = time.perf_counter()
    result = load_files({"bomb.yaml": bomb})
    assert time.perf_counter() - started < 2
    (error,) = result.errors
    assert error.file == "bomb.yaml"
    assert 5 <= error.line <= 16
    assert "aliases expand to more than" in error.message
    assert result.resources == []


def test_binary_and_non_utf8_files_are_errors(load_files: Loader) -> None:
    result = load_files({
        "blob.yaml": b"apiVersion: v1\x00\x01\x02",
        "latin.yaml": b"apiVersion: v1\nkind: ConfigMap\ndata: {k: caf\xe9}\n",
    })
    assert [(e.file, e.line) for e in result.errors] == [("blob.yaml", 1), ("latin.yaml", 3)]
    assert "binary" in result.errors[0].message
    assert "UTF-8" in result.errors[1].message
    assert (result.files, result.resources) == (0, [])


def test_suppressions_from_annotation_and_comments(load_files: Loader) -> None:
    result = load_files({"supp.yaml": """\
        # policycheck:ignore=PC-K8S-003 header comment, first document
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          annotations:
            policycheck.io/ignore: "PC-K8S-050=one replica in dev, PC-K8S-001"
        spec:
          template:
            spec:
              containers:
                # policycheck:ignore=PC-K8S-005 pinned by digest upstream until=2099-01-01
                - name: app
                  image: "nginx # policycheck:ignore=PC-K8S-010 not a comment"
        ---
        # policycheck:ignore=PC-K8S-021 internal load balancer
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        """})
    deployment, service = result.resources
    assert [(s.policy_id, s.reason, s.location.line) for s in deployment.suppressions] == [
        ("PC-K8S-050", "one replica in dev", 8),
        ("PC-K8S-003", "header comment, first document", 1),
        ("PC-K8S-005", "pinned by digest upstream", 13),
    ]
    assert deployment.suppressions[2].until is not None
    assert [(s.policy_id, s.location) for s in service.suppressions] == [
        ("PC-K8S-021", Location("supp.yaml", 17, 17))
    ]
    assert result.warnings == [
        "supp.yaml:8: suppression of PC-K8S-001 has no reason; it is ignored"
    ]
