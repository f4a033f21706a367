"""Which file is what, what is skipped, and walking that terminates."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policycheck.loaders.discovery import classify, discover


@pytest.mark.parametrize(("name", "kind"), [
    ("main.tf", "terraform"), ("main.tf.json", "terraform"), ("Dockerfile", "dockerfile"),
    ("Dockerfile.prod", "dockerfile"), ("api.dockerfile", "dockerfile"),
    ("Containerfile", "dockerfile"), ("requirements.txt", "requirements"),
    ("requirements-dev.txt", "requirements"), ("pyproject.toml", "requirements"),
    ("deploy.yaml", "manifest"), ("deploy.yml", "manifest"), ("plan.json", "manifest"),
    ("README.md", None), ("terraform.tfvars", None), ("main.py", None),
])
def test_classify(name: str, kind: str | None) -> None:
    assert classify(Path(name)) == kind


def test_requirements_directory_files_are_requirements() -> None:
    assert classify(Path("requirements/prod.txt")) == "requirements"
    assert classify(Path("docs/notes.txt")) is None


def _tree(root: Path, files: list[str]) -> None:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")


def test_skips_tool_directories_and_honours_excludes(tmp_path: Path) -> None:
    _tree(tmp_path, ["infra/main.tf", ".terraform/modules/x/main.tf", ".git/x.yaml",
                     "node_modules/pkg/deploy.yaml", "legacy/old.tf", "k8s/app.yaml",
                     "k8s/app.generated.yaml"])
    found = discover([str(tmp_path)], ["legacy/", "*.generated.yaml"], tmp_path)
    assert [Path(f.display).relative_to(tmp_path).as_posix() for f in found.terraform] == [
        "infra/main.tf"]
    assert [Path(f.display).name for f in found.manifests] == ["app.yaml"]


def test_display_paths_keep_the_argument_as_given(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path, ["svc/Dockerfile"])
    monkeypatch.chdir(tmp_path)
    assert [f.display for f in discover(["svc"]).dockerfiles] == ["svc/Dockerfile"]
    assert [f.display for f in discover(["."]).dockerfiles] == ["svc/Dockerfile"]
    assert [f.display for f in discover(["svc/Dockerfile"]).dockerfiles] == ["svc/Dockerfile"]


def test_symlink_loops_terminate_and_each_directory_is_read_once(tmp_path: Path) -> None:
    _tree(tmp_path, ["a/main.tf"])
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    os.symlink(tmp_path / "a", tmp_path / "again")
    found = discover([str(tmp_path)])
    assert len(found.terraform) == 1


def test_missing_path_and_unknown_explicit_file_are_errors(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("x")
    found = discover([str(tmp_path / "nope"), str(tmp_path / "notes.md")])
    assert [e.message for e in found.errors] == [
        "path does not exist", "not a file policycheck knows how to judge"]


def test_helm_chart_files_are_not_read_as_manifests(tmp_path: Path) -> None:
    _tree(tmp_path, ["chart/Chart.yaml", "chart/values.yaml", "chart/templates/deploy.yaml",
                     "plain/deploy.yaml"])
    found = discover([str(tmp_path)])
    assert [Path(c.display).name for c in found.helm_charts] == ["chart"]
    assert [Path(m.display).parent.name for m in found.manifests] == ["plain"]
