"""ecs: latest ACTIVE task definitions with container_definitions as Terraform's JSON string."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from policycheck.live.aws.services import ecs
from policycheck.model import Verdict
from tests.live.aws.audit import audit, verdicts
from tests.live.aws.conftest import Moto
from tests.live.aws.recorded import SCOPE, judge, recorded

WEB = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7"
WORKER = "arn:aws:ecs:us-east-1:123456789012:task-definition/worker:3"


def _described(arn: str, family: str, containers: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return recorded("ecs", "DescribeTaskDefinition", {
        "taskDefinition": {"taskDefinitionArn": arn, "family": family, "revision": int(arn.rsplit(":", 1)[1]),
                           "containerDefinitions": containers, "status": "ACTIVE",
                           "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], **extra},
        "tags": [{"key": "team", "value": family}]})


def test_task_definitions_and_verdicts() -> None:
    health = {"command": ["CMD-SHELL", "curl -f http://localhost/health"], "interval": 30}
    web = _described(WEB, "web", [{"name": "web", "image": "web:1.2", "essential": True, "healthCheck": health}],
                     cpu="256", memory="512")
    worker = _described(WORKER, "worker", [{"name": "worker", "image": "worker:1.0", "essential": True}])
    first, second = ecs.normalise({"TaskDefinitions": [web, worker]}, SCOPE)
    assert (first.address, first.get("id"), first.get("revision")) == (WEB, "web", 7)
    assert first.get("arn_without_revision") == "arn:aws:ecs:us-east-1:123456789012:task-definition/web"
    assert isinstance(first.get("container_definitions"), str)
    assert json.loads(first.get("container_definitions"))[0]["healthCheck"] == health
    assert (first.get("memory"), first.get("tags")) == ("512", {"team": "web"})
    verdicts = judge([first, second], "PC-AWS-100", "PC-AWS-101")
    assert verdicts == {("PC-AWS-100", WEB): Verdict.PASS, ("PC-AWS-101", WEB): Verdict.PASS,
                        ("PC-AWS-100", WORKER): Verdict.FAIL, ("PC-AWS-101", WORKER): Verdict.FAIL}


@pytest.mark.slow
def test_against_moto(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    client = moto.client("ecs")
    client.register_task_definition(family="web", containerDefinitions=[
        {"name": "web", "image": "web:1", "memory": 512}])
    latest = client.register_task_definition(family="web", containerDefinitions=[  # a soft limit only
        {"name": "web", "image": "web:2", "memoryReservation": 256}])["taskDefinition"]["taskDefinitionArn"]
    code, report = audit(capsys, "ecs", "--select", "PC-AWS-100")
    assert verdicts(report) == {("PC-AWS-100", latest): "fail"}  # only the latest revision
    assert code == 1


@pytest.mark.slow
def test_a_snapshot_masks_secret_looking_environment_values(
        moto: Moto, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    moto.client("ecs").register_task_definition(family="api", containerDefinitions=[
        {"name": "api", "image": "api:1", "memory": 256,
         "environment": [{"name": "DB_PASSWORD", "value": "hunter2-in-plain-sight"},
                         {"name": "LOG_LEVEL", "value": "debug"}]}])
    snapshot = tmp_path / "account.json"
    code, _ = audit(capsys, "ecs", "--select", "PC-AWS-100", "--snapshot", str(snapshot))
    text = snapshot.read_text("utf-8")
    assert "hunter2-in-plain-sight" not in text and "debug" in text
    assert code == 0
