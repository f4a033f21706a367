"""Logs and metrics of unattended runs: JSON events on stderr, a Prometheus metrics file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from policycheck.cli import main
from policycheck.observe.logs import scrub

ROOT = Path(__file__).resolve().parent.parent


def _samples(path: Path) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(path.read_text("utf-8")):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_metrics_file_parses_and_counts_the_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    metrics = tmp_path / "policycheck.prom"
    code = main([str(ROOT / "examples"), "--format", "json", "--metrics-file", str(metrics)])
    report = json.loads(capsys.readouterr().out)
    samples = _samples(metrics)
    failing = [f for f in report["findings"] if f["verdict"] == "fail" and not f["suppressed"]]
    first = failing[0]
    key = ("policycheck_findings", (("command", "scan"), ("policy", first["policy_id"]),
                                    ("severity", first["severity"]), ("verdict", "fail")))
    assert samples[key] == sum(1 for f in failing if (f["policy_id"], f["severity"]) ==
                               (first["policy_id"], first["severity"]))
    assert samples[("policycheck_resources_judged", (("command", "scan"),))] == report["summary"]["resources"]
    assert samples[("policycheck_exit_code", (("command", "scan"),))] == code == 1
    assert samples[("policycheck_duration_seconds", (("command", "scan"),))] > 0
    assert not list(tmp_path.glob(".*.tmp"))


def test_json_logs_are_one_event_per_line_with_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.tf").write_text('resource "aws_s3_bucket" "b" {\n')
    assert main([str(tmp_path), "--format", "json", "--log-format", "json", "--log-level", "info"]) == 2
    events = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    error = next(e for e in events if e.get("event") == "source.error")
    assert error["level"] == "error" and error["file"].endswith("broken.tf")
    done = next(e for e in events if e.get("event") == "run.done")
    assert done["level"] == "info" and "exit 2" in done["message"]


def test_text_logs_stay_quiet_below_the_level(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path), "--format", "json"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("text, secret, kept", [
    ("failed with key AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE", "failed with key AKIA"),
    ("postgres://app:hunter2secret@db:5432/x", "hunter2secret", "postgres://app:****@db:5432/x"),
    ("password=Sup3rS3cretValue!", "Sup3rS3cretValue!", "password=Sup3"),
    ("token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
     "token ghp_"),
])
def test_scrub_keeps_no_secret(text: str, secret: str, kept: str) -> None:
    cleaned = scrub(text)
    assert secret not in cleaned
    assert cleaned.startswith(kept)
