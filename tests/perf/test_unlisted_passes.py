"""Passes are counted, not built, when the report does not list them: the same report either way."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
Scan = Callable[..., bytes]


def _without_passes(report: bytes) -> dict[str, object]:
    data = json.loads(report)
    data["findings"] = [f for f in data["findings"] if f["verdict"] != "pass"]
    return data


def _suite_counts(report: bytes) -> dict[str, tuple[str, ...]]:
    root = ET.fromstring(report)
    return {suite.get("name", ""): (suite.get("tests", ""), suite.get("failures", ""),
                                    suite.get("skipped", ""))
            for suite in root.iter("testsuite")}


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("target", ["examples", "corpus", "terraform_fixtures"])
def test_counted_passes_give_the_listed_summary(target: str, jobs: str, small_corpus: Path,
                                                scan_output: Scan, pools: list[int]) -> None:
    path = {"examples": ROOT / "examples", "corpus": small_corpus}.get(target, ROOT / target)
    listed = scan_output(path, "json", "--jobs", jobs, "--show-passed")
    counted = scan_output(path, "json", "--jobs", jobs)
    assert json.loads(listed)["summary"]["passed"] > 0
    assert '"verdict": "pass"' not in counted.decode()
    assert json.loads(counted) == _without_passes(listed)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_junit_counts_the_passes_it_does_not_list(jobs: str, small_corpus: Path,
                                                  scan_output: Scan, pools: list[int]) -> None:
    listed = scan_output(small_corpus, "junit", "--jobs", jobs, "--show-passed")
    counted = scan_output(small_corpus, "junit", "--jobs", jobs)
    assert b"<testcase" in counted
    assert _suite_counts(counted) == _suite_counts(listed)
    assert sum(int(tests) for tests, _, _ in _suite_counts(counted).values()) > counted.count(
        b"<testcase")


def test_a_cached_outcome_without_passes_is_not_reused_to_list_them(
        small_corpus: Path, scan_output: Scan, tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    counted = scan_output(small_corpus, "json", "--cache-dir", cache)
    listed = scan_output(small_corpus, "json", "--cache-dir", cache, "--show-passed")
    assert '"verdict": "pass"' in listed.decode()
    assert json.loads(counted) == _without_passes(listed)
    assert scan_output(small_corpus, "json", "--cache-dir", cache) == counted


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_engine_builds_no_pass_findings_unless_asked(jobs: int, small_corpus: Path,
                                                         pools: list[int]) -> None:
    from policycheck.engine.registry import load_registry
    from policycheck.engine.scan import ScanOptions, scan
    from policycheck.model import Verdict

    registry = load_registry([])
    listed = scan(ScanOptions(paths=[str(small_corpus)], jobs=jobs), registry)
    counted = scan(ScanOptions(paths=[str(small_corpus)], jobs=jobs, list_passes=False), registry)
    passes = [f for f in listed.findings if f.verdict is Verdict.PASS]
    assert listed.unlisted_passes == {}
    assert not any(f.verdict is Verdict.PASS for f in counted.findings)
    by_policy: dict[str, int] = {}
    for finding in passes:
        by_policy[finding.policy_id] = by_policy.get(finding.policy_id, 0) + 1
    assert counted.unlisted_passes == by_policy
    assert counted.summary == listed.summary
    assert counted.findings == [f for f in listed.findings if f.verdict is not Verdict.PASS]
