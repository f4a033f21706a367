"""A scanned repository is untrusted: its own configuration cannot make policycheck run its
code, read outside the scan root or fetch anything from the network."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from policycheck.cli import main
from policycheck.loaders.k8s.render import offline_environment

YAML_POLICY = """\
id: PC-ACME-001
title: Buckets carry a cost-center tag
severity: high
sources: [tf]
kinds: [aws_s3_bucket]
checklist: network-security/vpc-subnet-configuration-reviewed
require:
  attribute: tags.cost-center
  operator: exists
  message: "the bucket has no cost-center tag"
doc: |
  ## What
  Buckets carry a cost-center tag.
"""
BUCKET = 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A cloned repository whose configuration names a Python policy that writes a file."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "policy-rules").mkdir()
    marker = tmp_path / "pwned"
    (root / "policy-rules" / "evil.py").write_text(
        f"from pathlib import Path\nPath({str(marker)!r}).write_text('ran')\n")
    (root / "policy-rules" / "acme.yaml").write_text(YAML_POLICY)
    (root / ".policycheck.yaml").write_text("policies: [./policy-rules]\n")
    (root / "main.tf").write_text(BUCKET)
    return root


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    """The exit code and the JSON report (its ``warnings``: what went to standard error)."""
    code = main([*args, "--format", "json", "-j", "1"])
    captured = capsys.readouterr()
    return code, {**json.loads(captured.out), "warnings": captured.err.splitlines()}


def _errors(report: dict[str, object]) -> list[str]:
    return [f"{e['file']}:{e['line']}: {e['message']}" for e in report["errors"]]  # type: ignore[union-attr]


def test_python_policies_of_the_repository_need_trust(repo: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    marker = repo.parent / "pwned"
    code = main([str(repo), "--select", "PC-ACME", "-j", "1", "--no-color"])
    out = capsys.readouterr().out
    assert not marker.exists()  # nothing of the repository ran
    assert (f"{repo}/policy-rules/evil.py: Python policy from the repository's configuration not "
            "loaded") in out.replace("\n", " ")
    assert "--trust-repo-policies" in out
    assert "PC-ACME-001" in out and code == 1  # the declarative policy still loads and judges

    code = main([str(repo), "--select", "PC-ACME", "-j", "1", "--trust-repo-policies"])
    capsys.readouterr()
    assert marker.read_text() == "ran"


@pytest.mark.parametrize("command", [["plan", "plan.json"], ["checklist", "."], ["rules"]])
def test_no_command_imports_them_without_trust(command: list[str], repo: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(repo)
    (repo / "plan.json").write_text('{"format_version": "1.2", "planned_values": {}}')
    main(command)
    captured = capsys.readouterr()
    assert not (repo.parent / "pwned").exists()
    assert "evil.py: Python policy from the repository's configuration not loaded" in \
        (captured.out + captured.err).replace("\n", " ")


def test_policies_given_on_the_command_line_load_as_before(repo: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    main([str(repo / "main.tf"), "--policies", str(repo / "policy-rules"), "-j", "1"])
    capsys.readouterr()
    assert (repo.parent / "pwned").read_text() == "ran"


def test_configuration_paths_outside_the_repository_are_refused(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = repo.parent / "outside"
    outside.mkdir()
    (outside / "evil.py").write_text(f"open({str(repo.parent / 'pwned')!r}, 'w').write('ran')\n")
    (outside / "prod.tfvars").write_text('name = "from-outside"\n')
    (repo / "linked.tfvars").symlink_to(outside / "prod.tfvars")
    (repo / ".policycheck.yaml").write_text(
        "policies: [../outside]\nvar-files: [../outside/prod.tfvars, linked.tfvars]\n"
        'exclude: ["../**"]\n')
    (repo / "main.tf").write_text('variable "name" {\n  default = "inside"\n}\n'
                                  'resource "aws_s3_bucket" "b" {\n  bucket = var.name\n}\n')
    code, report = _json(capsys, str(repo), "--trust-repo-policies", "--show-passed")
    assert code == 2
    assert not (repo.parent / "pwned").exists()
    config = repo / ".policycheck.yaml"
    assert _errors(report) == [
        f"{config}:1: policies: entry {repo}/../outside is outside the scan root ({repo}); not read (a "
        "scanned repository may only refer to its own files)",
        f"{config}:1: var-files: entry {repo}/../outside/prod.tfvars is outside the scan root "
        f"({repo}); not read (a scanned repository may only refer to its own files)",
        f"{config}:1: var-files: entry {repo}/linked.tfvars is outside the scan root ({repo}); "
        "not read (a scanned repository may only refer to its own files)",
    ]
    assert any("exclude pattern '../**' climbs out" in w for w in report["warnings"])  # type: ignore[union-attr]
    assert "from-outside" not in json.dumps(report)


def test_a_var_file_given_on_the_command_line_is_read(repo: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mine.tfvars").write_text('encrypted = false\n')
    (repo / "main.tf").write_text('variable "encrypted" {}\nresource "aws_ebs_volume" "v" {\n'
                                  '  availability_zone = "eu-west-1a"\n  size = 1\n'
                                  "  encrypted = var.encrypted\n}\n")
    code, report = _json(capsys, str(repo), "--var-file", str(tmp_path / "mine.tfvars"),
                         "--select", "PC-AWS-072")
    assert code == 1 and not _errors(report)
    assert [f["verdict"] for f in report["findings"]] == ["fail"]  # type: ignore[union-attr]


def test_module_sources_outside_the_repository_are_not_read(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = repo.parent / "modules" / "db"
    outside.mkdir(parents=True)
    (outside / "main.tf").write_text('resource "aws_s3_bucket" "stolen" {}\n')
    (repo / "main.tf").write_text('module "db" {\n  source = "../modules/db"\n}\n')
    (repo / ".terraform" / "modules").mkdir(parents=True)
    (repo / ".terraform" / "modules" / "modules.json").write_text(json.dumps(
        {"Modules": [{"Key": "vpc", "Source": "registry.terraform.io/x/vpc/aws", "Dir": str(outside)}]}))
    (repo / "vpc.tf").write_text('module "vpc" {\n  source = "x/vpc/aws"\n}\n'
                                 'module "net" {\n  source = "y/net/aws"\n}\n')
    code, report = _json(capsys, str(repo), "--show-passed")
    assert code == 2
    errors = _errors(report)
    refused = f"is outside the scan root ({repo}); not read (a scanned repository may only refer " \
        "to its own files)"
    assert errors == [
        f'{repo}/main.tf:1: module "db" (source ../modules/db) not evaluated: its directory '
        f"{repo.parent}/modules/db {refused}",
        f'{repo}/vpc.tf:1: module "vpc" (source x/vpc/aws) not evaluated: its directory '
        f"{outside} {refused}",
    ]
    assert not any("stolen" in str(f["resource"]) for f in report["findings"])  # type: ignore[union-attr]
    assert any('module "net" (source y/net/aws) not evaluated: run terraform init' in w
               for w in report["warnings"])  # type: ignore[union-attr]  # never fetched


def _fake(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch, output: str = "") -> Path:
    """``name`` on PATH: it records that it ran (and its proxy setting) and prints ``output``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    tool = bin_dir / name
    ran = tmp_path / f"{name}.ran"
    tool.write_text(f'#!/bin/sh\necho "$HTTPS_PROXY $GIT_ALLOW_PROTOCOL" > "{ran}"\n'
                    f"printf '%s' '{output}'\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return ran


@pytest.mark.parametrize("entry", [
    "github.com/acme/platform//base?ref=v1.2.0",
    "https://raw.githubusercontent.com/acme/platform/main/deploy.yaml",
    "git@github.com:acme/platform.git//base",
    "../../../../outside-the-repo",
])
def test_remote_kustomize_bases_are_refused_before_rendering(
        entry: str, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    ran = _fake(tmp_path, "kubectl", monkeypatch)
    overlay = repo / "overlays" / "prod"
    (overlay / "local").mkdir(parents=True)
    (overlay / "kustomization.yaml").write_text("resources:\n  - ./local\n")
    (overlay / "local" / "kustomization.yaml").write_text(f"resources:\n  - deploy.yaml\n  - {entry}\n")
    code, report = _json(capsys, str(repo / "overlays"))
    assert code == 2
    assert not ran.exists()  # kubectl never ran: nothing was fetched
    (error,) = _errors(report)
    assert error.startswith(f"{repo}/overlays/prod/local/kustomization.yaml:3: ")
    assert repr(entry) in error
    assert ("refused: policycheck never fetches remote resources" in error
            or "is outside the scan root" in error)


def test_helm_dependencies_that_need_fetching_are_refused(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    ran = _fake(tmp_path, "helm", monkeypatch)
    chart = repo / "chart"
    chart.mkdir()
    (chart / "Chart.yaml").write_text(
        "apiVersion: v2\nname: web\nversion: 1.0.0\ndependencies:\n"
        "  - name: redis\n    version: 17.0.0\n    repository: https://charts.bitnami.com/bitnami\n")
    code, report = _json(capsys, str(chart))
    assert code == 2 and not ran.exists()
    assert _errors(report) == [
        f"{chart}/Chart.yaml:5: dependency 'redis' from https://charts.bitnami.com/bitnami is not "
        "vendored under charts/: refused (policycheck never runs helm dependency update or "
        "fetches charts); run `helm dependency build` and commit charts/"]

    (chart / "charts").mkdir()
    (chart / "charts" / "redis-17.0.0.tgz").write_bytes(b"vendored")
    code, report = _json(capsys, str(chart))
    assert not _errors(report)
    assert ran.read_text().split() == ["http://127.0.0.1:9", "file"]  # rendered offline


def test_renderers_run_offline() -> None:
    env = offline_environment()
    assert env["HTTPS_PROXY"] == env["https_proxy"] == env["HTTP_PROXY"] == "http://127.0.0.1:9"
    assert env["NO_PROXY"] == "" and env["GIT_ALLOW_PROTOCOL"] == "file"
    assert env["HELM_NO_PLUGINS"] == "1"


def test_symbolic_links_out_of_the_repository_are_not_followed(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = repo.parent / "outside.tf"
    secret.write_text('resource "aws_s3_bucket" "stolen" {}\n')
    (repo / "linked.tf").symlink_to(secret)
    (repo / "everything").symlink_to("/")
    (repo / "README.md").symlink_to(secret)  # not a source: not reported
    (repo / "terraform.tfvars").symlink_to(secret)
    code, report = _json(capsys, str(repo))
    assert code == 2
    refused = "is outside the scan root ({}); not read (a scanned repository may only refer to its own files)"
    assert _errors(report) == [
        f"{repo}/everything:0: the target of this symbolic link / {refused.format(repo)}",
        f"{repo}/linked.tf:0: the target of this symbolic link {secret} {refused.format(repo)}",
        f"{repo}/terraform.tfvars:1: the target of this variable file {secret} "
        f"{refused.format(repo)}",
    ]
    assert not any("stolen" in str(f["resource"]) for f in report["findings"])  # type: ignore[union-attr]
