"""sqs: queues' encryption attributes (PC-AWS-075)."""

from __future__ import annotations

import pytest

from policycheck.live.aws.services import sqs
from policycheck.model import Verdict
from tests.live.aws.audit import audit, verdicts
from tests.live.aws.conftest import Moto
from tests.live.aws.recorded import SCOPE, judge, recorded

URL = "https://sqs.us-east-1.amazonaws.com/123456789012/"


def test_queue_encryption() -> None:
    def attributes(name: str, extra: dict[str, str]) -> dict[str, str]:
        return recorded("sqs", "GetQueueAttributes", {"Attributes": {
            "QueueArn": f"arn:aws:sqs:us-east-1:123456789012:{name}", "VisibilityTimeout": "30",
            "MessageRetentionPeriod": "345600", "DelaySeconds": "0", **extra}})["Attributes"]
    raw = {"Queues": {f"{URL}kms": attributes("kms", {"KmsMasterKeyId": "alias/sqs", "SqsManagedSseEnabled": "false"}),
                      f"{URL}managed": attributes("managed", {"SqsManagedSseEnabled": "true"}),
                      f"{URL}plain": attributes("plain", {"SqsManagedSseEnabled": "false"})}}
    kms, managed, plain = sqs.normalise(raw, SCOPE)
    assert (kms.get("id"), kms.get("name")) == (f"{URL}kms", "kms")
    assert kms.address == "arn:aws:sqs:us-east-1:123456789012:kms"
    assert kms.get("visibility_timeout_seconds") == 30 and managed.get("sqs_managed_sse_enabled") is True
    verdicts = judge([kms, managed, plain], "PC-AWS-075")
    assert [verdicts[("PC-AWS-075", r.address)] for r in (kms, managed, plain)] == [
        Verdict.PASS, Verdict.PASS, Verdict.FAIL]


@pytest.mark.slow
def test_against_moto(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    client = moto.client("sqs")
    client.create_queue(QueueName="kms", Attributes={"KmsMasterKeyId": "alias/sqs"})
    client.create_queue(QueueName="plain", Attributes={"SqsManagedSseEnabled": "false"})
    code, report = audit(capsys, "sqs", "--select", "PC-AWS-075", "--fail-on", "medium")
    arn = "arn:aws:sqs:us-east-1:123456789012:"
    assert verdicts(report) == {("PC-AWS-075", f"{arn}kms"): "pass", ("PC-AWS-075", f"{arn}plain"): "fail"}
    assert code == 1
