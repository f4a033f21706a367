"""``--jobs``: the same report from one process and from several."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
Scan = Callable[..., bytes]


@pytest.mark.parametrize("fmt", ["json", "sarif"])
@pytest.mark.parametrize("target", ["examples", "corpus"])
def test_two_jobs_write_the_report_of_one(fmt: str, target: str, small_corpus: Path,
                                          scan_output: Scan, pools: list[int]) -> None:
    path = EXAMPLES if target == "examples" else small_corpus
    _same_report(path, fmt, scan_output, pools, [2])


@pytest.mark.parametrize(("fixtures", "expected"), [
    ("terraform_fixtures", [2, 2]), ("k8s_fixtures", [2, 2]), ("docker_fixtures", [2, 2])])
def test_two_jobs_on_the_policy_fixtures(fixtures: str, expected: list[int], scan_output: Scan,
                                         pools: list[int]) -> None:
    """Modules, unknowns, plans, suppressions, multi-document manifests, heredocs."""
    _same_report(ROOT / fixtures, "json", scan_output, pools, expected)


def _same_report(path: Path, fmt: str, scan_output: Scan, pools: list[int],
                 expected: list[int]) -> None:
    """``expected``: the pools of the two-process scan. One pool loads and judges where most
    files are Terraform (whose roots the workers judge); with plans (whose gates compare whole
    graphs) or mostly files of the shared root, one pool loads and a second one judges."""
    alone = scan_output(path, fmt, "--jobs", "1", "--show-passed")
    assert pools == []
    together = scan_output(path, fmt, "--jobs", "2", "--show-passed")
    assert pools == expected
    assert together == alone


def test_corpus_report_is_not_trivial(small_corpus: Path, scan_output: Scan,
                                      pools: list[int]) -> None:
    """The comparison above compares real work: every source kind, findings, no errors."""
    data = json.loads(scan_output(small_corpus, "json", "--jobs", "2"))
    assert data["summary"]["files"] == 120
    assert data["summary"]["errors"] == 0
    assert {f["source"] for f in data["findings"]} == {"tf", "k8s", "docker", "deps"}


def test_small_trees_start_no_pool(small_corpus: Path, scan_output: Scan,
                                   started_pools: list[int]) -> None:
    """Under MIN_BYTES_PER_JOB of sources per process a pool costs more than it saves."""
    scan_output(EXAMPLES, "json", "--jobs", "2")
    assert started_pools == []
    scan_output(small_corpus / "services", "json", "--jobs", "2")
    assert started_pools == [2]


def test_jobs_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    from policycheck.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["scan", str(EXAMPLES), "--jobs", "0"])
    assert exited.value.code == 2
    assert "--jobs: must be a whole number of at least 1" in capsys.readouterr().err
