"""``policycheck merge``: shards of one run join into the report an unsharded run writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policycheck.cli import main
from policycheck.engine.live import LiveCollection, LiveOptions, judge_live
from policycheck.engine.registry import load_registry
from policycheck.engine.report import DriftSummary
from policycheck.engine.shard import Shard, owner, run_id
from policycheck.errors import PolicycheckError
from policycheck.model import NotAssessed, Resource
from policycheck.reporters import render

from .test_judge_live import CLUSTER, _deployment

NAMESPACES = [f"team-{n}" for n in range(9)]
GAP = NotAssessed("cluster", CLUSTER, "team-3", "networkpolicies", "list networkpolicies",
                  "list networkpolicies", "403 Forbidden", ("NetworkPolicy",))


def _report(namespaces: list[str], shard: Shard | None = None) -> str:
    resources: list[Resource] = [_deployment(ns) for ns in namespaces]
    gaps = [GAP] if GAP.where in namespaces else []
    collection = LiveCollection("cluster", resources, gaps, scopes=len(namespaces))
    unmanaged = namespaces.count("team-5")
    drift = DriftSummary(managed=len(namespaces), missing=0, unmanaged=unmanaged, drifted=0,
                         live=len(namespaces) + unmanaged)
    report = judge_live(collection, LiveOptions(), load_registry(), drift=drift)
    report.shard = shard
    return render("json", report)


def _shards(tmp_path: Path, count: int, run: str = "r1") -> list[Path]:
    paths = []
    for index in range(1, count + 1):
        shard = Shard(index, count, run)
        owned = shard.select(f"{CLUSTER}/{ns}" for ns in NAMESPACES)
        path = tmp_path / f"shard-{index}.json"
        path.write_text(_report([key.split("/", 1)[1] for key in owned], shard))
        paths.append(path)
    return paths


def test_every_key_has_one_owner_whatever_the_order() -> None:
    keys = [f"123456789012/{r}" for r in ("us-east-1", "eu-west-1", "ap-south-1", "sa-east-1")]
    owners = {k: owner(k, 3) for k in keys}
    assert all(1 <= o <= 3 for o in owners.values())
    shards = [Shard(i, 3) for i in (1, 2, 3)]
    assert sorted(k for s in shards for k in s.select(reversed(keys))) == sorted(keys)
    assert run_id(["b", "a"], "x") == run_id("x", ["a", "b"])


def test_merged_shards_equal_the_unsharded_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _shards(tmp_path, 3)
    assert main(["merge", *map(str, paths), "--format", "json"]) == 2  # team-3 is NOT ASSESSED
    merged = capsys.readouterr().out
    assert merged == _report(NAMESPACES)
    data = json.loads(merged)
    assert data["drift"]["managed"] == len(NAMESPACES) and data["drift"]["unmanaged"] == 1
    assert data["summary"]["files"] == len(NAMESPACES)


def test_a_missing_shard_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _shards(tmp_path, 3)
    assert main(["merge", str(paths[0]), str(paths[2])]) == 2
    assert "shard(s) 2 of 3 missing" in capsys.readouterr().err


def test_shards_of_different_runs_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = _shards(tmp_path / "a", 2, "run-a")
    second = _shards(tmp_path / "b", 2, "run-b")
    assert main(["merge", str(first[0]), str(second[1])]) == 2
    err = capsys.readouterr().err
    assert "run 'run-b'" in err and "run 'run-a'" in err


def test_a_repeated_shard_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _shards(tmp_path, 2)
    assert main(["merge", str(paths[0]), str(paths[0]), str(paths[1])]) == 2
    assert "are both shard 1/2" in capsys.readouterr().err


def test_merge_writes_every_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _shards(tmp_path, 2)
    for fmt in ("text", "sarif", "junit", "github", "markdown"):
        assert main(["merge", *map(str, paths), "--format", fmt, "--no-fail-on-error"]) == 1
        out = capsys.readouterr().out
        assert "list networkpolicies" in out, fmt


def test_an_unreadable_report_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert main(["merge", str(bad)]) == 2
    assert "invalid JSON" in capsys.readouterr().err


def test_an_indexed_job_pod_takes_its_shard_from_the_completion_index() -> None:
    assert Shard.parse("job/4", env={"JOB_COMPLETION_INDEX": "2"}) == Shard(3, 4)
    assert Shard.parse("2/4") == Shard(2, 4)
    for bad in ("0/4", "5/4", "x/4", "job/4"):
        with pytest.raises(PolicycheckError):
            Shard.parse(bad, env={})
