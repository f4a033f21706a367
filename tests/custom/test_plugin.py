"""The example plugin package (examples/plugin): registered through its entry point, its policy
runs in scans, its fixtures pass, and its own test suite passes against the installed plugin."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from policycheck.cli import main
from policycheck.engine.registry import load_registry
from policycheck.testing.command import run_tests

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "examples" / "plugin"
GUIDE = ROOT / "docs" / "writing-policies.md"


def dist_info(site: Path, name: str, entry_points: str) -> None:
    """What ``pip install`` leaves for importlib.metadata: a .dist-info with entry points."""
    info = site / f"{name.replace('-', '_')}-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text(f"[policycheck.policies]\n{entry_points}\n")


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """examples/plugin made importable and its entry point visible, as an install would."""
    site = tmp_path / "site"
    dist_info(site, "policycheck-acme", "acme = policycheck_acme:POLICIES")
    monkeypatch.syspath_prepend(str(PLUGIN / "src"))
    monkeypatch.syspath_prepend(str(site))
    yield site
    for name in [m for m in sys.modules if m.startswith("policycheck_acme")]:
        del sys.modules[name]


def test_entry_point_policy_is_registered_and_judges_scans(
        installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    registry = load_registry()
    assert registry.errors == []
    policy = registry.get("PC-ACME-100")
    assert policy is not None
    assert Path(policy.file) == PLUGIN / "src" / "policycheck_acme" / "instance_class.py"
    infra = tmp_path / "infra"
    infra.mkdir()
    (infra / "main.tf").write_text(
        'resource "aws_db_instance" "big" {\n  instance_class = "db.x2g.16xlarge"\n}\n')
    monkeypatch.chdir(tmp_path)
    code = main(["infra", "--select", "PC-ACME", "--fail-on", "medium"])
    out = capsys.readouterr().out
    assert code == 1
    assert "infra/main.tf:2  PC-ACME-100  Database instance class not approved" in out


def test_plugin_fixtures_pass_through_policycheck_test(installed: Path) -> None:
    run = run_tests([PLUGIN / "tests" / "fixtures"])
    assert run.exit_code == 0, run.report()
    assert len(run.outcomes) == 2


def test_plugin_fixtures_need_the_plugin(tmp_path: Path) -> None:
    run = run_tests([PLUGIN / "tests" / "fixtures"])
    assert run.exit_code == 1
    assert all(outcome.unknown_ids for outcome in run.outcomes)


def test_the_plugins_own_test_suite_passes(installed: Path) -> None:
    path = os.pathsep.join([str(installed), str(PLUGIN / "src"), str(ROOT / "src")])
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(PLUGIN / "tests")],
        cwd=installed, env={**os.environ, "PYTHONPATH": path, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True, text=True,
        timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


def test_a_path_entry_point_loads_a_policy_directory(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "site" / "acme_yaml"
    (package / "policies").mkdir(parents=True)
    (package / "__init__.py").write_text(
        "from pathlib import Path\nPOLICY_DIR = Path(__file__).parent / 'policies'\n")
    (package / "policies" / "owner.yaml").write_text(
        "id: PC-ACMEY-001\ntitle: Owner tag\nseverity: low\nsources: [tf]\n"
        "kinds: [aws_s3_bucket]\nrequire: {attribute: tags.owner, operator: exists}\n")
    dist_info(tmp_path / "site", "acme-yaml", "acme = acme_yaml:POLICY_DIR")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.delitem(sys.modules, "acme_yaml", raising=False)
    registry = load_registry()
    assert registry.errors == []
    loaded = registry.get("PC-ACMEY-001")
    assert loaded is not None and loaded.file.endswith("owner.yaml")


def test_the_guide_shows_the_plugins_real_entry_point() -> None:
    guide = GUIDE.read_text("utf-8")
    start = guide.index("```toml\n") + len("```toml\n")
    snippet = guide[start : guide.index("```", start)]
    assert snippet.strip() in (PLUGIN / "pyproject.toml").read_text("utf-8")


@pytest.mark.skipif(importlib.util.find_spec("hatchling") is None,
                    reason="pip install --no-build-isolation needs hatchling in this environment")
def test_pip_install_of_the_plugin_registers_it(tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--no-index", "--target", str(target), str(PLUGIN)],
                   check=True, capture_output=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), str(ROOT / "src")])}
    done = subprocess.run([sys.executable, "-m", "policycheck", "rules", "PC-ACME-100"],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("PC-ACME-100: Database instance class not approved")
