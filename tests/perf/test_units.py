"""Splitting a scan into units: Terraform components, one unit per other file."""

from __future__ import annotations

from pathlib import Path

import pytest

from policycheck.loaders import schedule
from policycheck.loaders.base import SourceFile
from policycheck.loaders.discovery import discover
from policycheck.loaders.terraform.units import terraform_units


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def sources(root: Path) -> list[SourceFile]:
    return discover([str(root)]).terraform


def test_roots_sharing_a_module_form_one_unit_and_others_their_own(tmp_path: Path) -> None:
    write(tmp_path / "a" / "main.tf", 'module "m" {\n  source = "../shared"\n}\n')
    write(tmp_path / "b" / "main.tf", 'module "m" {\n  source = "../shared/"\n}\n')
    write(tmp_path / "c" / "main.tf", 'resource "aws_vpc" "x" {}\n')
    write(tmp_path / "shared" / "main.tf", 'variable "v" {}\n')
    units = terraform_units(sources(tmp_path))
    assert [[f.path.relative_to(tmp_path).as_posix() for f in u.files] for u in units] == [
        ["a/main.tf", "b/main.tf", "shared/main.tf"], ["c/main.tf"]]


def test_json_module_sources_link_too(tmp_path: Path) -> None:
    write(tmp_path / "root" / "main.tf.json", '{"module": {"m": {"source": "./mod"}}}')
    write(tmp_path / "root" / "mod" / "main.tf", 'variable "v" {}\n')
    assert len(terraform_units(sources(tmp_path))) == 1


def test_inputs_cover_modules_outside_the_scan_variable_files_and_missing_modules(
        tmp_path: Path) -> None:
    root = write(tmp_path / "live" / "main.tf",
                 'module "a" {\n  source = "../modules/a"\n}\n'
                 'module "gone" {\n  source = "./gone"\n}\n').parent
    module = write(tmp_path / "modules" / "a" / "main.tf", 'module "b" {\n  source = "../b"\n}\n')
    nested = write(tmp_path / "modules" / "b" / "main.tf")
    tfvars = write(root / "terraform.tfvars", "x = 1\n")
    [unit] = terraform_units(sources(root))
    assert [f.path for f in unit.files] == [root / "main.tf"]
    assert unit.inputs is not None
    assert {module, nested, tfvars, root.resolve() / "gone"} <= set(unit.inputs)


def test_schedule_orders_terraform_manifests_dockerfiles_requirements(tmp_path: Path) -> None:
    write(tmp_path / "z.tf", "")
    write(tmp_path / "app.yaml", "kind: x\n")
    write(tmp_path / "Dockerfile", "FROM scratch\n")
    write(tmp_path / "requirements.txt", "flask==3.0.0\n")
    write(tmp_path / "requirements-dev.txt", "-r requirements.txt\npytest\n")
    found = discover([str(tmp_path)])
    units = schedule(found)
    assert [u.loader for u in units] == ["terraform", "kubernetes", "dockerfile",
                                         "requirements", "requirements"]
    # a requirement file that includes others is never cached (its inputs are not followed)
    assert [u.inputs is None for u in units[3:]] == [True, False]


def test_loaders_claim_their_files_before_any_lists_units(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from policycheck.loaders import LOADERS
    from policycheck.loaders.k8s import loader as k8s_loader

    plan = '{"format_version": "1.2", "terraform_version": "1.9.8", "planned_values": {}}'
    write(tmp_path / "plan.json", plan)
    write(tmp_path / "app.yaml", "kind: x\n")
    write(tmp_path / "overlay" / "kustomization.yaml", "resources: [raw.yaml]\n")
    write(tmp_path / "overlay" / "raw.yaml", "kind: x\n")
    write(tmp_path / "chart" / "Chart.yaml", "name: chart\n")
    found = discover([str(tmp_path)])
    # kubectl present: the rendered overlay replaces its raw manifests
    monkeypatch.setattr(k8s_loader.shutil, "which", lambda name: f"/bin/{name}")
    units = schedule(found)
    assert [(u.loader, Path(u.files[0].display).name) for u in units] == [
        ("kustomize", "overlay"), ("helm", "chart"), ("kubernetes", "app.yaml"), ("plan", "plan.json")]
    overlay = tmp_path / "overlay"
    assert [u.inputs for u in units if u.loader in ("kustomize", "helm", "plan")] == [
        (overlay / "kustomization.yaml", overlay / "raw.yaml"), None, None]
    assert {u.loader for u in units} <= set(LOADERS)
    # kubectl missing: the raw manifests stay (the kustomize unit warns); discovery is untouched
    monkeypatch.setattr(k8s_loader.shutil, "which", lambda name: None)
    assert [u.loader for u in schedule(found)].count("kubernetes") == 3  # with kustomization.yaml
    assert len(found.manifests) == 4 and found.plans == []


def test_only_a_whole_word_source_links_directories(tmp_path: Path) -> None:
    write(tmp_path / "a" / "main.tf", 'resource "x" "y" {\n  data_source = "../b"\n}\n')
    write(tmp_path / "b" / "main.tf", 'resource "x" "z" {\n  resource_source="../a"\n}\n')
    write(tmp_path / "c" / "main.tf", 'module "m" {\nsource="../b"\n}\n')
    units = terraform_units(sources(tmp_path))
    assert [[f.path.parent.name for f in u.files] for u in units] == [["a"], ["b", "c"]]


def test_without_inputs_units_are_the_same_but_list_none(tmp_path: Path) -> None:
    write(tmp_path / "live" / "main.tf", 'module "a" {\n  source = "../mod"\n}\n')
    write(tmp_path / "live" / "terraform.tfvars", "x = 1\n")
    write(tmp_path / "mod" / "main.tf", 'variable "v" {}\n')
    write(tmp_path / "requirements.txt", "flask==3.0.0\n")
    found = discover([str(tmp_path)])
    full, bare = schedule(found), schedule(found, inputs=False)
    assert [(u.loader, u.files) for u in bare] == [(u.loader, u.files) for u in full]
    assert all(u.inputs is not None for u in full)
    assert all(u.inputs is None for u in bare)
