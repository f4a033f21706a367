"""Dogfooding: the project's own Dockerfile and deploy/ pass policycheck with no finding, and the
deploy/ objects fit together (shards and merge inputs agree, pods are locked down, the IRSA role
trusts the ServiceAccount the pods run as and may only read)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from policycheck.cli import main
from policycheck.loaders.base import LoadOptions, SourceFile
from policycheck.loaders.terraform import load
from policycheck.model import Reference

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
NAMESPACE = "policycheck"
AUDIT_ACCOUNT = "policycheck-audit"
WORKLOADS = {"Job", "CronJob"}
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding"}
POLICY = "module.read_only_policy.aws_iam_policy.this"
ATTACHMENT = "module.read_only_policy.aws_iam_role_policy_attachment.this"
READ_ONLY_ACTION = re.compile(r"^[a-z0-9-]+:(Describe|List|Get)[A-Za-z]*$|^apigateway:GET$")


def scan(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, dict[str, Any]]:
    """``policycheck scan Dockerfile deploy/`` run from ``root``, with its JSON report."""
    monkeypatch.chdir(root)
    report = tmp_path / "report.json"
    code = main(["scan", "Dockerfile", "deploy/", "--show-passed", "--jobs", "1",
                 "--format", "json", "--output", str(report)])
    return code, json.loads(report.read_text("utf-8"))


def documents() -> Iterator[tuple[str, dict[str, Any]]]:
    for path in sorted(DEPLOY.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text("utf-8")):
            if document is not None:
                yield path.name, document


def objects(kind: str) -> list[dict[str, Any]]:
    return [doc for _, doc in documents() if doc["kind"] == kind]


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    spec = workload["spec"]
    if workload["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    result: dict[str, Any] = spec["template"]["spec"]
    return result


def workloads() -> list[dict[str, Any]]:
    return [doc for _, doc in documents() if doc["kind"] in WORKLOADS]


def command_line(container: dict[str, Any]) -> str:
    return " ".join([*container.get("command", []), *container.get("args", [])])


def test_own_dockerfile_and_deploy_pass_policycheck(tmp_path, monkeypatch):
    code, report = scan(REPO, tmp_path, monkeypatch)
    summary = report["summary"]
    assert code == 0
    assert (summary["failed"], summary["unknown"], summary["errors"]) == (0, 0, 0)
    assert report["errors"] == []
    assert {f["verdict"] for f in report["findings"]} == {"pass"}
    judged = {f["policy_id"] for f in report["findings"]}
    # Every source was judged: the image, the Kubernetes objects and the Terraform IAM policy.
    assert {"PC-DOCKER-001", "PC-DOCKER-002", "PC-DOCKER-003", "PC-K8S-010", "PC-K8S-011",
            "PC-K8S-015", "PC-K8S-020", "PC-AWS-060", "PC-AWS-061"} <= judged
    files = {f["file"] for f in report["findings"]}
    assert "Dockerfile" in files
    assert {p.relative_to(REPO).as_posix() for p in DEPLOY.glob("job-*.yaml")} <= files


MUTATIONS = [
    ("Dockerfile", "USER 10001:10001", "USER root", "PC-DOCKER-001"),
    ("Dockerfile", re.compile(r"python:3\.11-slim@sha256:[0-9a-f]{64}"), "python", "PC-DOCKER-003"),
    ("deploy/job-merge.yaml", re.compile(r"@sha256:[0-9a-f]{64}"), ":latest", "PC-K8S-005"),
    ("deploy/job-audit-aws-shards.yaml", "runAsUser: 10001", "runAsUser: 0", "PC-K8S-010"),
    ("deploy/cronjob-nightly.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false",
     "PC-K8S-011"),
    ("deploy/terraform/modules/read-only-policy/audit-policy.json", '"s3:ListAllMyBuckets"',
     '"s3:*"', "PC-AWS-061"),
]


@pytest.mark.parametrize(("name", "old", "new", "policy_id"), MUTATIONS,
                         ids=[m[3] for m in MUTATIONS])
def test_a_weakened_copy_fails(name, old, new, policy_id, tmp_path, monkeypatch):
    """The dogfood test has teeth: the same scan of a copy with one control weakened fails."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(REPO / "Dockerfile", root / "Dockerfile")
    shutil.copytree(DEPLOY, root / "deploy")
    target = root / name
    text = target.read_text("utf-8")
    changed = old.sub(new, text) if isinstance(old, re.Pattern) else text.replace(old, new)
    assert changed != text
    target.write_text(changed, "utf-8")
    code, report = scan(root, tmp_path, monkeypatch)
    assert code != 0 or report["summary"]["failed"] > 0
    assert policy_id in {f["policy_id"] for f in report["findings"] if f["verdict"] == "fail"}


def test_every_object_is_namespaced_and_complete():
    names = set()
    for file, doc in documents():
        assert {"apiVersion", "kind", "metadata"} <= doc.keys(), file
        assert doc["metadata"]["name"], file
        if doc["kind"] not in CLUSTER_SCOPED:
            assert doc["metadata"].get("namespace") == NAMESPACE, (file, doc["metadata"]["name"])
        names.add((doc["kind"], doc["metadata"]["name"]))
    assert ("Namespace", NAMESPACE) in names
    assert {"CronJob", "Job", "NetworkPolicy", "PersistentVolumeClaim", "ConfigMap"} <= {
        kind for kind, _ in names}


def test_indexed_job_shards_and_merge_inputs_agree():
    shards = [job for job in objects("Job") if job["spec"].get("completionMode") == "Indexed"]
    assert len(shards) == 1
    spec = shards[0]["spec"]
    count = spec["completions"]
    assert count == spec["parallelism"] >= 2
    (container,) = pod_spec(shards[0])["containers"]
    shard_command = command_line(container)
    assert f"--shard job/{count} " in shard_command
    assert "/results/shard-$JOB_COMPLETION_INDEX.json" in shard_command
    merges = [job for job in objects("Job") if "merge" in pod_spec(job)["containers"][0]["args"]]
    assert len(merges) == 1
    inputs = [a for a in pod_spec(merges[0])["containers"][0]["args"] if a.startswith("/results/shard-")]
    assert inputs == [f"/results/shard-{i}.json" for i in range(count)]


def test_every_pod_is_locked_down():
    for workload in workloads():
        spec = pod_spec(workload)
        name = workload["metadata"]["name"]
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["securityContext"]["runAsUser"] > 0, name
        assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        tmp_volumes = {v["name"] for v in spec["volumes"] if "emptyDir" in v}
        for container in spec["containers"]:
            context = container["securityContext"]
            assert context["allowPrivilegeEscalation"] is False, name
            assert context["readOnlyRootFilesystem"] is True, name
            assert context["capabilities"]["drop"] == ["ALL"], name
            for bound in ("requests", "limits"):
                assert {"cpu", "memory"} <= container["resources"][bound].keys(), name
            assert re.search(r"@sha256:[0-9a-f]{64}$", container["image"]), name
            assert any(m["mountPath"] == "/tmp" and m["name"] in tmp_volumes
                       for m in container["volumeMounts"]), name


def test_only_the_kubernetes_audit_mounts_an_api_token():
    mounted = []
    for workload in workloads():
        spec = pod_spec(workload)
        if spec.get("automountServiceAccountToken") is not False:  # unset: mounted
            mounted.append(workload["metadata"]["name"])
            assert spec["serviceAccountName"] == AUDIT_ACCOUNT
            assert command_line(spec["containers"][0]).startswith("audit k8s")
    assert mounted == ["policycheck-nightly-k8s"]


def test_role_bindings_name_the_audit_service_account_of_the_namespace():
    """deploy/rbac.yaml (the read-only ClusterRole) binds the account the pods run as."""
    for binding in objects("ClusterRoleBinding") + objects("RoleBinding"):
        for subject in binding["subjects"]:
            assert (subject["kind"], subject.get("namespace"), subject["name"]) == (
                "ServiceAccount", NAMESPACE, AUDIT_ACCOUNT), binding["metadata"]["name"]
    for account in objects("ServiceAccount"):
        assert account["metadata"]["name"] == AUDIT_ACCOUNT


def terraform(directory: str = "terraform") -> dict[str, Any]:
    """The resources of a root module of deploy/, by address, with the loader's values."""
    paths = sorted((DEPLOY / directory).glob("*.tf"))
    assert paths, directory
    result = load([SourceFile(p, p.relative_to(REPO).as_posix()) for p in paths],
                  LoadOptions(roots=(DEPLOY,)))
    assert result.errors == []
    return {r.address: r.attributes for r in result.resources}


def audit_policy_document(resources: dict[str, Any] | None = None) -> dict[str, Any]:
    """The IAM policy document of deploy/terraform's read-only policy, as Terraform renders it
    (to compare with ``policycheck audit aws --print-iam-policy``)."""
    policy = (resources or terraform())[POLICY]["policy"]
    document: dict[str, Any] = json.loads(policy)
    return document


def test_irsa_role_trusts_the_audit_service_account_and_may_only_read():
    resources = terraform()
    (statement,) = resources["data.aws_iam_policy_document.trust"]["statement"]
    assert statement["actions"] == ["sts:AssumeRoleWithWebIdentity"]
    subjects = [c["values"] for c in statement["condition"] if c["values"] != ["sts.amazonaws.com"]]
    assert subjects == [[f"system:serviceaccount:{NAMESPACE}:{AUDIT_ACCOUNT}"]]
    audit_pods = {pod_spec(w).get("serviceAccountName") for w in workloads()} - {None}
    assert audit_pods == {AUDIT_ACCOUNT}
    document = audit_policy_document(resources)
    actions = [a for s in document["Statement"] for a in s["Action"]]
    assert actions and all(READ_ONLY_ACTION.match(a) for a in actions), actions
    assert {s["Effect"] for s in document["Statement"]} == {"Allow"}
    assert resources[ATTACHMENT] == {"role": Reference("aws_iam_role.audit", "name"),
                                     "policy_arn": Reference(POLICY, "arn")}


def test_member_account_roles_trust_only_the_irsa_role_and_read_the_same():
    member = terraform("terraform/member-account")
    (statement,) = member["data.aws_iam_policy_document.trust"]["statement"]
    assert statement["actions"] == ["sts:AssumeRole"]
    (principal,) = statement["principals"]
    assert principal["type"] == "AWS" and len(principal["identifiers"]) == 1
    assert audit_policy_document(member) == audit_policy_document()
    assert member[ATTACHMENT]["role"] == Reference("aws_iam_role.audit", "name")


def test_the_shipped_read_only_policy_is_what_audit_aws_prints(capsys: pytest.CaptureFixture[str]) -> None:
    """deploy/terraform's policy is exactly the minimal policy the collectors declare."""
    assert main(["audit", "aws", "--print-iam-policy"]) == 0
    assert json.loads(capsys.readouterr().out) == audit_policy_document()
