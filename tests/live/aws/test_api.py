"""ServiceApi's error classification and the snapshot redaction, without a server.

The error responses (throttling after retries, an opt-in region, an endpoint without the API)
are ones moto cannot produce on demand; a botocore ``Stubber`` on a real client returns them,
checked by botocore against the operation's output shape."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from policycheck.live.aws.api import NotAssessedError, ServiceApi, UndeclaredOperationError
from policycheck.live.aws.redact import redact
from policycheck.live.aws.runner import progress_wanted
from policycheck.live.aws.scope import Scope

ACTIONS = {"DescribeLogGroups": "logs:DescribeLogGroups"}


def stubbed(code: str, status: int = 400) -> tuple[ServiceApi, Stubber]:
    client = boto3.client("logs", region_name="eu-west-1", aws_access_key_id="a", aws_secret_access_key="b")
    stubber = Stubber(client)
    stubber.add_client_error("describe_log_groups", service_error_code=code, service_message=f"{code} here",
                             http_status_code=status)
    stubber.activate()
    return ServiceApi(client, ACTIONS, Scope("123456789012", "eu-west-1"), "logs"), stubber


@pytest.mark.parametrize(("code", "category"), [
    ("AccessDeniedException", "access denied"),
    ("UnauthorizedOperation", "access denied"),
    ("OptInRequired", "region not enabled"),
    ("ThrottlingException", "throttled after retries"),
    ("UnknownOperationException", "API not available"),
    ("InternalFailure", "call failed"),
])
def test_failures_become_not_assessed_with_the_iam_action(code: str, category: str) -> None:
    api, _ = stubbed(code)
    with pytest.raises(NotAssessedError) as raised:
        api.paginate("DescribeLogGroups", "logGroups")
    error = raised.value
    assert (error.operation, error.permission, error.code) == ("DescribeLogGroups", "logs:DescribeLogGroups", code)
    assert error.reason.startswith(f"{code}: {code} here (") and category in error.reason


def test_a_not_configured_code_is_none_for_optional() -> None:
    api, _ = stubbed("ResourceNotFoundException", 404)
    assert api.optional("DescribeLogGroups", absent=("ResourceNotFoundException",)) is None


def test_an_undeclared_operation_is_a_bug() -> None:
    api, _ = stubbed("AccessDenied")
    with pytest.raises(UndeclaredOperationError, match="DeleteLogGroup"):
        api.call("DeleteLogGroup", logGroupName="x")


def test_pages_are_joined_and_datetimes_become_iso_strings() -> None:
    client = boto3.client("logs", region_name="eu-west-1", aws_access_key_id="a", aws_secret_access_key="b")
    stubber = Stubber(client)
    import datetime as dt

    stubber.add_response("describe_log_groups", {"logGroups": [{"logGroupName": "a"}], "nextToken": "t"})
    stubber.add_response("describe_log_groups", {"logGroups": [{"logGroupName": "b"}]}, {"nextToken": "t"})
    stubber.activate()
    api = ServiceApi(client, ACTIONS, Scope("123456789012", "eu-west-1"), "logs")
    assert [g["logGroupName"] for g in api.paginate("DescribeLogGroups", "logGroups")] == ["a", "b"]
    from policycheck.live.aws.api import jsonable

    assert jsonable({"t": dt.datetime(2026, 1, 2, tzinfo=dt.UTC), "ResponseMetadata": {}}) == {
        "t": "2026-01-02T00:00:00+00:00"}


def test_redaction_masks_secret_values_and_keeps_tags() -> None:
    raw: dict[str, Any] = {
        "MasterUserPassword": "hunter2-very-secret", "SecretString": "{\"a\": 1}", "AuthToken": "tok",
        "SecretArn": "arn:aws:secretsmanager:eu-west-1:1:secret:x", "KmsKeyId": "key-1",
        "Environment": {"Variables": {"DB_PASSWORD": "p4ssw0rd-long-value"}},
        "Notes": "key AKIAABCDEFGHIJKLMNOP in text",
        "Tags": [{"Key": "password", "Value": "kept"}], "TagList": [{"Key": "token", "Value": "kept"}]}
    masked = redact(raw)
    assert masked["MasterUserPassword"] == "hunt…<redacted>"
    assert masked["SecretString"] == "<redacted>"
    assert masked["AuthToken"] == "<redacted>"
    assert masked["Environment"]["Variables"]["DB_PASSWORD"].endswith("<redacted>")
    assert "AKIAABCDEFGHIJKLMNOP" not in masked["Notes"] and masked["Notes"].startswith("key AKIA…")
    assert (masked["SecretArn"], masked["KmsKeyId"]) == (raw["SecretArn"], "key-1")
    assert masked["Tags"] == raw["Tags"] and masked["TagList"] == raw["TagList"]


def test_progress_only_on_a_terminal_outside_ci_and_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert progress_wanted(json_to_stdout=False)
    assert not progress_wanted(json_to_stdout=True)
    monkeypatch.setenv("CI", "true")
    assert not progress_wanted(json_to_stdout=False)


def test_a_credential_in_an_error_message_is_masked_in_the_reason() -> None:
    error = NotAssessedError("ListKeys", "kms:ListKeys", "AccessDenied", "key AKIAABCDEFGHIJKLMNOP denied")
    assert "AKIAABCDEFGHIJKLMNOP" not in error.reason and "AKIA…<redacted>" in error.reason


def test_retry_mode_reaches_botocore() -> None:
    from policycheck.live.aws.options import AwsOptions
    from policycheck.live.aws.session import client_config

    assert client_config(AwsOptions()).retries["mode"] == "standard"
    config = client_config(AwsOptions(retry_mode="adaptive", max_attempts=5))
    assert config.retries == {"mode": "adaptive", "total_max_attempts": 5}
