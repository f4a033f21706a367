"""sns: topics' KMS encryption (PC-AWS-075)."""

from __future__ import annotations

import pytest

from policycheck.live.aws.services import sns
from policycheck.model import Verdict
from tests.live.aws.audit import audit, verdicts
from tests.live.aws.conftest import Moto
from tests.live.aws.recorded import SCOPE, judge, recorded

ALERTS = "arn:aws:sns:us-east-1:123456789012:alerts"
EVENTS = "arn:aws:sns:us-east-1:123456789012:events"


def test_topic_encryption() -> None:
    listed = recorded("sns", "ListTopics", {"Topics": [{"TopicArn": ALERTS}, {"TopicArn": EVENTS}]})
    alerts = recorded("sns", "GetTopicAttributes", {"Attributes": {
        "TopicArn": ALERTS, "KmsMasterKeyId": "alias/aws/sns", "DisplayName": "Alerts", "Owner": "123456789012"}})
    events = recorded("sns", "GetTopicAttributes", {"Attributes": {"TopicArn": EVENTS, "Owner": "123456789012"}})
    raw = {"Topics": dict(zip([t["TopicArn"] for t in listed["Topics"]],
                              [alerts["Attributes"], events["Attributes"]], strict=True))}
    first, second = sns.normalise(raw, SCOPE)
    assert (first.address, first.get("id"), first.get("name")) == (ALERTS, ALERTS, "alerts")
    assert first.get("kms_master_key_id") == "alias/aws/sns" and second.get("kms_master_key_id") == ""
    assert judge([first, second], "PC-AWS-075") == {("PC-AWS-075", ALERTS): Verdict.PASS,
                                                    ("PC-AWS-075", EVENTS): Verdict.FAIL}


@pytest.mark.slow
def test_against_moto(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    client = moto.client("sns")
    client.create_topic(Name="alerts", Attributes={"KmsMasterKeyId": "alias/aws/sns"})
    client.create_topic(Name="events")
    code, report = audit(capsys, "sns", "--select", "PC-AWS-075", "--fail-on", "medium")
    assert verdicts(report) == {("PC-AWS-075", ALERTS): "pass", ("PC-AWS-075", EVENTS): "fail"}
    assert code == 1
