"""``audit aws --shard I/N`` then ``merge``: the shards' union is the unsharded audit, byte for byte.

One moto account with resources in three regions and in the global services (IAM, S3); moto's IAM
enforcement denies ``kms:ListKeys`` (a regional NOT ASSESSED entry in each region) and
``s3:ListAllMyBuckets`` (a global one, which only the account's shard may report).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from policycheck.cli import main
from policycheck.engine.shard import owner
from tests.live.aws.conftest import ACCOUNT, Moto
from tests.live.aws.test_not_assessed import auditor_keys

REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")
SERVICES = "logs,kms,sqs,s3,iam"
DENY = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"},
    {"Effect": "Deny", "Action": ["kms:ListKeys", "s3:ListAllMyBuckets"], "Resource": "*"}]}


def seed(moto: Moto, monkeypatch: pytest.MonkeyPatch) -> None:
    for region in REGIONS:
        moto.client("logs", region).create_log_group(logGroupName=f"/app/{region}")
        moto.client("sqs", region).create_queue(QueueName=f"jobs-{region}")
    moto.client("s3").create_bucket(Bucket="acme-data")
    moto.client("iam").create_role(RoleName="deployer", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                "Action": "sts:AssumeRole"}]}))
    for name, value in auditor_keys(moto, DENY).items():
        monkeypatch.setenv(name, value)
    moto.enforce_iam()


def audit(capsys: pytest.CaptureFixture[str], *extra: str, services: str = SERVICES) -> tuple[int, str]:
    code = main(["audit", "aws", "--regions", ",".join(REGIONS), "--services", services, "--format", "json",
                 "--show-passed", *extra])
    return code, capsys.readouterr().out


@pytest.mark.slow
def test_merged_aws_shards_are_byte_identical_to_the_unsharded_audit(
        moto: Moto, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    seed(moto, monkeypatch)
    whole_code, whole = audit(capsys)
    report = json.loads(whole)
    gaps = [(g["service"], g["where"]) for g in report["not_assessed"]]
    assert sorted(gaps) == sorted([("s3", ""), *(("kms", region) for region in REGIONS)])
    assert {f["resource"].split(":")[2] for f in report["findings"]} >= {"logs", "sqs", "iam"}
    assert whole_code == 2
    for count in (2, 3):
        paths = []
        for index in range(1, count + 1):
            code, text = audit(capsys, "--shard", f"{index}/{count}")
            shard = json.loads(text)
            assert shard["shard"]["index"] == index
            assert (code == 2) == bool(shard["not_assessed"])
            owned = [key for key in (ACCOUNT, *(f"{ACCOUNT}/{r}" for r in REGIONS)) if owner(key, count) == index]
            # a shard that owns a key reports on it; the account's global s3 gap is in its shard only
            assert bool(shard["findings"]) == bool(owned), (count, index, owned)
            assert (("s3", "") in [(g["service"], g["where"]) for g in shard["not_assessed"]]) == (ACCOUNT in owned)
            path = tmp_path / f"{count}-{index}.json"
            path.write_text(text)
            paths.append(str(path))
        random.Random(count).shuffle(paths)
        assert main(["merge", *paths, "--format", "json", "--show-passed"]) == whole_code
        assert capsys.readouterr().out == whole


def test_aws_shards_of_a_run_agree_on_its_id_and_split_every_pair_once(
        moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    for region in REGIONS:
        moto.client("logs", region).create_log_group(logGroupName=f"/app/{region}")
    runs, resources = set(), []
    for index in (1, 2):
        report = json.loads(audit(capsys, "--shard", f"{index}/2", services="logs")[1])
        runs.add(report["shard"]["run"])
        resources.append({f["resource"] for f in report["findings"]})
    whole = {f["resource"] for f in json.loads(audit(capsys, services="logs")[1])["findings"]}
    assert len(runs) == 1
    assert not resources[0] & resources[1] and resources[0] | resources[1] == whole


@pytest.mark.slow
def test_shards_given_the_accounts_in_any_order_split_alike_and_merge_to_the_whole(
        moto: Moto, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Three accounts (assumed roles) in three regions; every shard reads the accounts file in
    another order and takes the default run ID: the run IDs agree, and the merge is the whole."""
    accounts = [ACCOUNT, "222222222222", "333333333333"]
    roles = [f"arn:aws:iam::{account}:role/audit" for account in accounts]
    for role in roles:
        credentials = moto.client("sts").assume_role(RoleArn=role, RoleSessionName="seed")["Credentials"]
        keys = {"aws_access_key_id": credentials["AccessKeyId"],
                "aws_secret_access_key": credentials["SecretAccessKey"],
                "aws_session_token": credentials["SessionToken"]}
        for region in REGIONS[:2]:
            moto.client("logs", region, **keys).create_log_group(logGroupName=f"/app/{region}")
        moto.client("iam", **keys).create_user(UserName="ci")

    def accounts_file(name: str, order: list[str]) -> str:
        path = tmp_path / name
        path.write_text("".join(f"{role}\n" for role in order))
        return str(path)

    whole_code, whole = audit(capsys, "--accounts", accounts_file("all.txt", roles), services="logs,iam")
    assert {f["file"] for f in json.loads(whole)["findings"]} >= {f"aws://{a}/{r}" for a in accounts
                                                                  for r in REGIONS[:2]}
    shuffle = random.Random(7)
    for count in (2, 3):
        paths = []
        for index in range(1, count + 1):
            order = shuffle.sample(roles, len(roles))
            _, text = audit(capsys, "--accounts", accounts_file(f"{count}-{index}.txt", order),
                            "--shard", f"{index}/{count}", services="logs,iam")
            files = {f["file"] for f in json.loads(text)["findings"]}
            # each finding is where the shard owns the key: ACCOUNT/REGION, or ACCOUNT for IAM
            assert all(owner(file.removeprefix("aws://").rstrip("/"), count) == index for file in files), files
            path = tmp_path / f"{count}-{index}.json"
            path.write_text(text)
            paths.append(str(path))
        assert main(["merge", *reversed(paths), "--format", "json", "--show-passed"]) == whole_code
        assert capsys.readouterr().out == whole


def test_a_shard_assumes_only_the_roles_of_accounts_it_owns_a_key_of(
        moto: Moto, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    roles = [f"arn:aws:iam::{n}{n}{n}{n}{n}{n}{n}{n}{n}{n}{n}{n}:role/audit" for n in range(1, 7)]
    accounts = tmp_path / "accounts.txt"
    accounts.write_text("\n".join(roles) + "\n")
    count = 8
    for index in range(1, count + 1):
        metrics = tmp_path / f"{index}.prom"
        main(["audit", "aws", "--accounts", str(accounts), "--regions", "us-east-1", "--services", "logs",
              "--format", "json", "--shard", f"{index}/{count}", "--metrics-file", str(metrics)])
        capsys.readouterr()
        needed = [role for role in roles if index in {owner(role.split(":")[4], count),
                                                      owner(role.split(":")[4] + "/us-east-1", count)}]
        calls = {}
        for family in text_string_to_metric_families(metrics.read_text()):
            calls.update({s.labels["service"]: s.value for s in family.samples
                          if s.name == "policycheck_api_calls"})
        # AssumeRole and GetCallerIdentity for each account the shard reads, nothing for the others
        assert calls.get("sts", 0) == 2 * len(needed), (index, needed, calls)


def test_shards_that_discover_the_regions_agree_on_them(moto: Moto, capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    """No --regions: every shard lists the account's regions (DescribeRegions) and keeps its own."""
    for region in REGIONS:
        moto.client("logs", region).create_log_group(logGroupName=f"/app/{region}")
    common = ["audit", "aws", "--services", "logs", "--format", "json", "--show-passed"]
    whole_code = main(common)
    whole = capsys.readouterr().out
    assert json.loads(whole)["summary"]["files"] > len(REGIONS)  # every region moto serves
    paths = []
    for index in (1, 2):
        main([*common, "--shard", f"{index}/2"])
        path = tmp_path / f"{index}.json"
        path.write_text(capsys.readouterr().out)
        paths.append(str(path))
    assert main(["merge", *paths, "--format", "json", "--show-passed"]) == whole_code
    assert capsys.readouterr().out == whole


def test_a_snapshot_is_not_sharded(moto: Moto, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    snapshot = tmp_path / "snap.json"
    assert main(["audit", "aws", "--regions", "us-east-1", "--services", "logs", "--snapshot", str(snapshot)]) == 0
    capsys.readouterr()
    assert main(["audit", "aws", "--from-snapshot", str(snapshot), "--shard", "1/2"]) == 2
    assert "--shard" in capsys.readouterr().err


def test_a_shards_snapshot_judges_like_the_shard(moto: Moto, capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    """The shard that does not own the account saves that in its snapshot (no account entry)."""
    for region in REGIONS:
        moto.client("logs", region).create_log_group(logGroupName=f"/app/{region}")
    index = next(i for i in (1, 2) if owner(ACCOUNT, 2) != i)
    snapshot = tmp_path / "shard.snap.json"
    _, live = audit(capsys, "--shard", f"{index}/2", "--run-id", "r", "--snapshot", str(snapshot), services="logs")
    saved = json.loads(snapshot.read_text())
    assert [a.get("account_level") for a in saved["accounts"]] == [False]
    _, offline = audit_snapshot(capsys, snapshot)
    assert json.loads(offline)["findings"] == json.loads(live)["findings"]
    assert json.loads(offline)["summary"] == json.loads(live)["summary"]


def audit_snapshot(capsys: pytest.CaptureFixture[str], snapshot: Path) -> tuple[int, str]:
    code = main(["audit", "aws", "--from-snapshot", str(snapshot), "--format", "json", "--show-passed"])
    return code, capsys.readouterr().out
