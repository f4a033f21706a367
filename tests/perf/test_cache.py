"""``--cache-dir``: reruns reuse loader results and the outcome, never stale ones."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import policycheck
from policycheck.engine import parallel
from policycheck.loaders.base import LoadOptions, LoadResult, Unit

Scan = Callable[..., bytes]


@pytest.fixture
def tree(small_corpus: Path, tmp_path: Path) -> Path:
    """Two services of the corpus (a copy the test may change)."""
    copy = tmp_path / "tree"
    for service in sorted((small_corpus / "services").iterdir())[:2]:
        shutil.copytree(service, copy / "services" / service.name)
    return copy


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Unit]]:
    """The units loaded (not taken from the cache) by each scan of the test."""
    loaded: list[Unit] = []
    real = parallel._load

    def counting(unit: Unit, options: LoadOptions) -> LoadResult:
        loaded.append(unit)
        return real(unit, options)

    monkeypatch.setattr(parallel, "_load", counting)
    yield loaded


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """One entry per scan that ran the policies (rather than taking the cached outcome)."""
    runs: list[int] = []
    real = parallel._judge

    def counting(schedule: parallel.Schedule, jobs: int) -> parallel.RunOutcome:
        runs.append(jobs)
        return real(schedule, jobs)

    monkeypatch.setattr(parallel, "_judge", counting)
    yield runs


def cached(scan_output: Scan, path: Path, cache: Path) -> bytes:
    return scan_output(path, "json", "--jobs", "1", "--show-passed", "--cache-dir", str(cache))


def test_warm_rerun_reuses_everything_and_reports_the_same(
        tree: Path, tmp_path: Path, scan_output: Scan, loads: list[Unit], judged: list[int]) -> None:
    plain = scan_output(tree, "json", "--jobs", "1", "--show-passed")
    loads.clear()
    judged.clear()
    cold = cached(scan_output, tree, tmp_path / "cache")
    assert len(loads) == 2 * 5  # per service: Terraform, two manifests, Dockerfile, requirements
    assert judged == [1]
    warm = cached(scan_output, tree, tmp_path / "cache")
    assert len(loads) == 10 and judged == [1]  # nothing loaded or judged again
    assert cold == warm == plain


def test_changed_file_is_loaded_again_and_judged_anew(
        tree: Path, tmp_path: Path, scan_output: Scan, loads: list[Unit], judged: list[int]) -> None:
    cached(scan_output, tree, tmp_path / "cache")
    dockerfile = next(tree.rglob("Dockerfile"))
    dockerfile.write_text(dockerfile.read_text().replace("USER 10001\n", "") + "USER root\n")
    loads.clear()
    judged.clear()
    changed = cached(scan_output, tree, tmp_path / "cache")
    assert [unit.files[0].path for unit in loads] == [dockerfile]
    assert judged == [1]
    assert changed == scan_output(tree, "json", "--jobs", "1", "--show-passed")
    failed = {(f["policy_id"], f["file"]) for f in json.loads(changed)["findings"]
              if f["verdict"] == "fail"}
    assert ("PC-DOCKER-001", str(dockerfile)) in failed


def test_version_change_invalidates_every_entry(
        tree: Path, tmp_path: Path, scan_output: Scan, loads: list[Unit], judged: list[int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    cached(scan_output, tree, tmp_path / "cache")
    monkeypatch.setattr(policycheck, "__version__", "999.0")
    loads.clear()
    judged.clear()
    cached(scan_output, tree, tmp_path / "cache")
    assert len(loads) == 10
    assert judged == [1]


def test_terraform_unit_follows_modules_outside_the_scan_and_tfvars(
        tmp_path: Path, scan_output: Scan, loads: list[Unit]) -> None:
    root, module = tmp_path / "live" / "prod", tmp_path / "modules" / "db"
    root.mkdir(parents=True)
    module.mkdir(parents=True)
    (tmp_path / ".git").mkdir()  # modules are followed inside the scanned repository
    (root / "main.tf").write_text('module "db" {\n  source    = "../../modules/db"\n'
                                  "  encrypted = var.encrypted\n}\n"
                                  'variable "encrypted" {\n  type = bool\n}\n')
    (root / "terraform.tfvars").write_text("encrypted = true\n")
    (module / "main.tf").write_text('variable "encrypted" {}\nresource "aws_ebs_volume" "data" {\n'
                                    "  availability_zone = \"eu-west-1a\"\n  size = 10\n"
                                    "  encrypted = var.encrypted\n}\n")
    cache = tmp_path / "cache"

    def fails() -> set[str]:
        report = json.loads(cached(scan_output, root, cache))
        return {f["policy_id"] for f in report["findings"] if f["verdict"] == "fail"}

    assert "PC-AWS-072" not in fails()
    (root / "terraform.tfvars").write_text("encrypted = false\n")
    assert "PC-AWS-072" in fails()
    (root / "terraform.tfvars").write_text("encrypted = true\n")
    loads.clear()
    assert "PC-AWS-072" not in fails()
    assert loads == []  # the first entry is back in use
    (module / "main.tf").write_text((module / "main.tf").read_text().replace(
        "encrypted = var.encrypted", "encrypted = false"))
    assert "PC-AWS-072" in fails()
    assert len(loads) == 1


def test_corrupt_entry_is_a_miss(tree: Path, tmp_path: Path, scan_output: Scan,
                                 loads: list[Unit]) -> None:
    first = cached(scan_output, tree, tmp_path / "cache")
    for entry in (tmp_path / "cache").rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    loads.clear()
    assert cached(scan_output, tree, tmp_path / "cache") == first
    assert len(loads) == 10


def test_unwritable_cache_warns_and_still_reports(tree: Path, tmp_path: Path, scan_output: Scan,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    from policycheck.cli import main

    code = main(["scan", str(tree), "--format", "json", "--jobs", "1",
                 "--cache-dir", str(blocker / "cache")])
    captured = capsys.readouterr()
    uncached_code = main(["scan", str(tree), "--format", "json", "--jobs", "1"])
    assert (code, captured.out) == (uncached_code, capsys.readouterr().out)
    assert json.loads(captured.out)["summary"]["resources"] > 0
    assert captured.err.count("results are not cached") == 1


def test_only_the_most_recently_used_outcomes_are_kept(tmp_path: Path) -> None:
    from policycheck.engine.cache import OUTCOMES_KEPT, Cache
    from policycheck.engine.runner import RunOutcome
    from policycheck.model import ScanError

    cache = Cache(tmp_path, LoadOptions())
    keys = [f"{n:064x}" for n in range(OUTCOMES_KEPT + 2)]
    for number, key in enumerate(keys):
        time.sleep(0.01)  # distinct modification times, whatever the file system's granularity
        cache.put_outcome(key, RunOutcome(errors=[ScanError("f", number, "m")]))
        if number == 0:
            first = key
        elif number < OUTCOMES_KEPT:  # using the first outcome keeps it among the recent ones
            assert cache.get_outcome(first) is not None
    kept = [key for key in keys if cache.get_outcome(key) is not None]
    assert kept == [first, *keys[-(OUTCOMES_KEPT - 1):]]
    assert cache.get_outcome(keys[-1]) == RunOutcome(errors=[ScanError("f", len(keys) - 1, "m")])
