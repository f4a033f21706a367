"""The benchmark corpus generator and a small smoke run of the benchmark script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def contents(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_corpus_is_deterministic_and_grows_by_whole_services(
        corpus_module: ModuleType, tmp_path: Path) -> None:
    assert corpus_module.generate(tmp_path / "a", 40) == 40
    assert corpus_module.generate(tmp_path / "b", 40) == 40
    assert corpus_module.generate(tmp_path / "c", 80) == 80
    small, again, large = (contents(tmp_path / n) for n in "abc")
    assert small == again
    assert len(small) == 40 and len(large) == 80
    assert small.items() <= large.items()  # a larger corpus extends a smaller one


@pytest.mark.slow
def test_benchmark_script_smoke_run(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "20,40", "--no-checkov",
         "--startup-runs", "1", "--work", str(tmp_path / "work"), "--json", str(out)],
        capture_output=True, text=True, check=True, timeout=120)
    report = json.loads(out.read_text())
    assert [s["files"] for s in report["sizes"]] == [20, 40]
    for size in report["sizes"]:
        run = size["policycheck"]
        assert run["wall"] > 0 and run["cpu"] > 0 and run["max_rss_mb"] > 10
        assert run["exit_code"] == 1 and size["summary"]["failed"] > 0
        assert size["checkov"] is None
    assert set(report["cache"]) == {"cold", "warm", "one_file_changed"}
    assert 0 < report["startup"]["version_s"] < 5
    for heading in ("## Start-up", "## Scans", "## Growth", "## Cache (40 files)", "## Targets"):
        assert heading in done.stdout
    assert "| 40 | policycheck |" in done.stdout
