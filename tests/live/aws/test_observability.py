"""Observability of the live AWS audit: API calls and throttles in the metrics file, one
``collect.done`` log event per account/region/service, a warning per NOT ASSESSED entry."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from policycheck.cli import main
from tests.live.aws.conftest import ACCOUNT, REGION, Moto
from tests.live.aws.test_not_assessed import DENY_RDS_INSTANCES, auditor_keys


def by_service(path: Path, name: str) -> dict[str, float]:
    found: dict[str, float] = {}
    for family in text_string_to_metric_families(path.read_text("utf-8")):
        for sample in family.samples:
            if sample.name == name:
                assert sample.labels["command"] == "audit aws"
                found[sample.labels["service"]] = sample.value
    return found


def test_metrics_count_the_api_calls_by_service(moto: Moto, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    moto.client("rds").create_db_instance(
        DBInstanceIdentifier="orders", Engine="postgres", DBInstanceClass="db.t3.micro", MasterUsername="app",
        MasterUserPassword="not-a-real-password-1", AllocatedStorage=20)
    for name in ("a", "b"):
        moto.client("logs").create_log_group(logGroupName=name)
    metrics = tmp_path / "audit.prom"
    main(["audit", "aws", "--regions", REGION, "--services", "rds,logs", "--format", "json",
          "--metrics-file", str(metrics)])
    capsys.readouterr()
    calls = by_service(metrics, "policycheck_api_calls")
    assert calls["rds"] > 0 and calls["logs"] > 0
    assert calls["sts"] == 1  # GetCallerIdentity
    assert set(calls) <= {"rds", "logs", "sts"}
    assert by_service(metrics, "policycheck_api_throttles") == {}


def test_json_logs_have_an_event_per_service_read_and_per_not_assessed_entry(
        moto: Moto, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a", "b"):
        moto.client("logs").create_log_group(logGroupName=name)
    keys = auditor_keys(moto, DENY_RDS_INSTANCES)
    for name, value in keys.items():
        monkeypatch.setenv(name, value)
    moto.enforce_iam()
    assert main(["audit", "aws", "--regions", REGION, "--services", "rds,logs", "--format", "json",
                 "--log-format", "json", "--log-level", "info"]) == 2
    err = capsys.readouterr().err
    events = [json.loads(line) for line in err.splitlines()]
    done = [e for e in events if e.get("event") == "collect.done"]
    assert [(e["level"], e["account"], e["region"], e["service"], e["count"]) for e in done] == [
        ("info", ACCOUNT, REGION, "logs", 2)]
    assert done[0]["seconds"] >= 0
    (gap,) = [e for e in events if e.get("event") == "collect.not_assessed"]
    assert (gap["level"], gap["account"], gap["region"], gap["service"], gap["call"]) == (
        "warning", ACCOUNT, REGION, "rds", "DescribeDBInstances")
    assert "AccessDenied" in gap["message"]
    assert keys["AWS_SECRET_ACCESS_KEY"] not in err and keys["AWS_ACCESS_KEY_ID"] not in err


class Throttling(BaseHTTPRequestHandler):
    """Every CloudWatch Logs call: 400 ThrottlingException (the JSON protocol's error shape)."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps({"__type": "ThrottlingException", "message": "Rate exceeded"}).encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def throttling_logs() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Throttling)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.slow
def test_throttled_calls_are_counted_and_end_not_assessed(
        moto: Moto, throttling_logs: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", throttling_logs)
    metrics = tmp_path / "audit.prom"
    assert main(["audit", "aws", "--regions", REGION, "--services", "logs", "--format", "json",
                 "--metrics-file", str(metrics)]) == 2
    (gap,) = json.loads(capsys.readouterr().out)["not_assessed"]
    assert gap["reason"].startswith("ThrottlingException") and "throttled after retries" in gap["reason"]
    # standard retry mode: 3 attempts, each answered with a throttling error
    assert by_service(metrics, "policycheck_api_throttles") == {"logs": 3}
    assert by_service(metrics, "policycheck_api_calls")["logs"] == 1
