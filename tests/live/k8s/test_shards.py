"""``audit k8s --shard I/N`` then ``merge``: the shards' union is the unsharded report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policycheck.cli import main

from .test_audit_k8s import _kubectl_list


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["audit", "k8s", "--format", "json", *args])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("count", [2, 3])
def test_merged_shards_are_byte_identical_to_the_unsharded_audit(
        count: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    snapshot = _kubectl_list(tmp_path / "prod.json")
    whole_code, whole = _run(capsys, "--from-snapshot", str(snapshot), "--show-passed")
    shards = []
    for index in range(1, count + 1):
        _, text = _run(capsys, "--from-snapshot", str(snapshot), "--show-passed",
                          "--shard", f"{index}/{count}", "--run-id", "nightly-1")
        assert json.loads(text)["shard"] == {"run": "nightly-1", "index": index, "count": count}
        path = tmp_path / f"shard-{index}.json"
        path.write_text(text)
        shards.append(str(path))
    sizes = [len(json.loads(Path(s).read_text())["findings"]) for s in shards]
    assert all(sizes) and sum(sizes) == len(json.loads(whole)["findings"])
    assert main(["merge", *reversed(shards), "--format", "json", "--show-passed"]) == whole_code
    assert capsys.readouterr().out == whole


def test_shards_of_a_run_agree_on_its_id_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    snapshot = _kubectl_list(tmp_path / "prod.json")
    ids = {json.loads(_run(capsys, "--from-snapshot", str(snapshot), "--shard", f"{i}/2")[1])["shard"]["run"]
           for i in (1, 2)}
    assert len(ids) == 1
