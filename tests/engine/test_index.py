"""The index of the built-in policies' metadata: reused while the files are unchanged, rebuilt
when a policy file changes, and its deferred checks judge as the policies themselves do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policycheck.engine import index, registry
from policycheck.engine.registry import load_registry

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def builtin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built-in policies as the built-in directory, with its own index directory."""
    copy = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(registry, "builtin_policy_dir", lambda: copy)
    monkeypatch.setenv(index.INDEX_DIR_ENV, str(tmp_path / "index"))
    return copy


def _metadata(loaded: registry.Registry) -> list[tuple[object, ...]]:
    return [(p.id, p.title, p.severity, p.sources, p.kinds, p.scope, p.file, p.line, p.doc,
             p.params, p.checklist, p.reads) for p in loaded]


def test_second_start_up_reads_the_index(builtin: Path, tmp_path: Path) -> None:
    first = load_registry(entry_points=False)
    assert not any(isinstance(p.check, index.DeferredCheck) for p in first)
    assert list((tmp_path / "index").iterdir())
    second = load_registry(entry_points=False)
    assert all(isinstance(p.check, index.DeferredCheck) for p in second)
    assert _metadata(second) == _metadata(first)
    assert len(second) == len(first) > 80


def test_an_edited_policy_file_is_read_again(builtin: Path) -> None:
    load_registry(entry_points=False)
    file = builtin / "aws" / "pc_aws_001_security_group_open_to_internet.py"
    text = file.read_text()
    file.write_text(text.replace('title="', 'title="Edited: ', 1))
    edited = load_registry(entry_points=False).get("PC-AWS-001")
    assert edited is not None and edited.title.startswith("Edited: ")
    assert not isinstance(edited.check, index.DeferredCheck)
    again = load_registry(entry_points=False).get("PC-AWS-001")
    assert again is not None and again.title.startswith("Edited: ")
    assert isinstance(again.check, index.DeferredCheck)


def test_no_index_when_a_built_in_policy_fails_to_load(builtin: Path, tmp_path: Path) -> None:
    (builtin / "aws" / "pc_aws_999_broken.py").write_text("raise RuntimeError('broken')\n")
    loaded = load_registry(entry_points=False)
    assert any("broken" in e.message for e in loaded.errors)
    assert not (tmp_path / "index").exists()


def test_index_off(builtin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(index.INDEX_DIR_ENV, "off")
    load_registry(entry_points=False)
    assert not any(isinstance(p.check, index.DeferredCheck) for p in load_registry(entry_points=False))


def test_deferred_checks_report_what_the_policies_do(
        builtin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from policycheck.cli import main

    def report(name: str) -> str:
        output = tmp_path / name
        assert main(["scan", str(ROOT / "examples"), "--format", "json", "--output", str(output),
                     "--jobs", "1", "--show-passed"]) == 1
        return output.read_text()

    monkeypatch.setenv(index.INDEX_DIR_ENV, "off")
    direct = report("direct.json")
    monkeypatch.setenv(index.INDEX_DIR_ENV, str(tmp_path / "index"))
    report("indexing.json")
    assert report("indexed.json") == direct
    capsys.readouterr()


def test_an_indexed_yaml_policy_runs_without_pyyaml(tmp_path: Path) -> None:
    """The index keeps the documents of the YAML policy files: a Terraform scan that judges a
    KMS key with PC-AWS-063 (declarative) never imports PyYAML once the index is written."""
    import os
    import subprocess
    import sys

    (tmp_path / "tf").mkdir()
    (tmp_path / "tf" / "main.tf").write_text('resource "aws_kms_key" "k" {\n}\n')
    probe = ("import sys\nfrom policycheck.cli import main\n"
             f"code = main(['scan', {str(tmp_path / 'tf')!r}, '--select', 'PC-AWS-063', "
             "'--format', 'json', '--fail-on', 'low'])\n"
             "print('yaml' in sys.modules, code)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"),
           index.INDEX_DIR_ENV: str(tmp_path / "index")}

    def run() -> list[str]:
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                              env=env, timeout=60, check=True)
        return done.stdout.splitlines()

    first = run()  # writes the index (loading every policy file, YAML included)
    again = run()
    assert first[-1] == "True 1"
    assert again[-1] == "False 1"
    assert "PC-AWS-063" in "\n".join(again)
