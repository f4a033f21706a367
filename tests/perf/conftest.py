"""Shared fixtures of the performance tests: the benchmark corpus generator and scan helpers."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from policycheck.cli import main
from policycheck.engine import parallel

ROOT = Path(__file__).resolve().parents[2]
Scan = Callable[..., bytes]


@pytest.fixture(scope="session")
def corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def small_corpus(corpus_module: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve services (120 files) of the benchmark corpus."""
    root = tmp_path_factory.mktemp("corpus")
    corpus_module.generate(root, 120)
    return root


@pytest.fixture
def started_pools(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Yields the process count of each pool started."""
    started: list[int] = []
    context = parallel._context()

    class Counting:
        def Pool(self, processes: int, *args: Any) -> Any:
            started.append(processes)
            return context.Pool(processes, *args)

        def get_start_method(self) -> str:
            return context.get_start_method()

    monkeypatch.setattr(parallel, "_context", Counting)
    yield started


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch, started_pools: list[int]) -> list[int]:
    """Pools start at any size of work; the process count of each pool started."""
    monkeypatch.setattr(parallel, "MIN_UNITS_PER_JOB", 1)
    monkeypatch.setattr(parallel, "MIN_RESOURCES_PER_JOB", 1)
    monkeypatch.setattr(parallel, "MIN_BYTES_PER_JOB", 1)
    return started_pools


@pytest.fixture
def scan_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Scan:
    """Run ``policycheck scan PATH --format FORMAT ARGS...``; the bytes of the report."""
    counter = iter(range(1000))

    def run(path: Path, fmt: str, *args: str) -> bytes:
        output = tmp_path / f"report-{next(counter)}.{fmt}"
        assert main(["scan", str(path), "--format", fmt, "--output", str(output), *args]) in (0, 1)
        capsys.readouterr()
        return output.read_bytes()

    return run

