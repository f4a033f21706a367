"""Secret values seeded into a live account reach no output of ``audit aws``: no report format,
no snapshot, no log line, no metrics file (issue #16 item 6, the live half)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policycheck.cli import main
from policycheck.reporters import FORMATS

from .conftest import Moto

SECRET_STRING = "Sup3r-S3cret-Value-7f3a9c"
ENV_PASSWORD = "Pa55-In-Task-Env-91b2"
DB_PASSWORD = "RdsMaster-Passw0rd-44x"
ACCESS_KEY_SECRET_MARK = "policycheck-never-prints"


def _seed(moto: Moto) -> None:
    moto.client("secretsmanager").create_secret(Name="prod/db", SecretString=SECRET_STRING)
    moto.client("ecs").register_task_definition(family="api", containerDefinitions=[{
        "name": "api", "image": "api:1.0", "memory": 256, "essential": True,
        "environment": [{"name": "DB_PASSWORD", "value": ENV_PASSWORD},
                        {"name": "DATABASE_URL", "value": f"postgres://app:{ENV_PASSWORD}@db/x"}]}])
    moto.client("rds").create_db_instance(
        DBInstanceIdentifier="orders", Engine="postgres", DBInstanceClass="db.t3.micro",
        MasterUsername="app", MasterUserPassword=DB_PASSWORD, AllocatedStorage=20)
    moto.client("ssm").put_parameter(Name="/prod/token", Value=ACCESS_KEY_SECRET_MARK, Type="SecureString")


def test_no_seeded_secret_reaches_any_output(moto: Moto, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _seed(moto)
    snapshot, metrics = tmp_path / "snap.json", tmp_path / "audit.prom"
    outputs: list[str] = []
    for n, fmt in enumerate(FORMATS):
        args = ["audit", "aws", "--regions", "us-east-1", "--format", fmt, "--show-passed",
                "--log-format", "json", "--log-level", "debug", "--metrics-file", str(metrics)]
        if n == 0:
            args += ["--snapshot", str(snapshot)]
        code = main(args)
        captured = capsys.readouterr()
        outputs += [captured.out, captured.err, metrics.read_text("utf-8")]
        assert code in (0, 1, 2), fmt
    offline = main(["audit", "aws", "--from-snapshot", str(snapshot), "--format", "json"])
    captured = capsys.readouterr()
    outputs += [captured.out, captured.err, snapshot.read_text("utf-8")]
    assert offline in (0, 1, 2)
    report = json.loads(captured.out)
    assert any("ecs" in f["resource"] or "task-definition" in f["resource"] for f in report["findings"]), \
        "the task definition holding the secret was judged"
    for text in outputs:
        for secret in (SECRET_STRING, ENV_PASSWORD, DB_PASSWORD, ACCESS_KEY_SECRET_MARK):
            assert secret not in text
