"""``--metrics-file FILE``: a run's figures in the Prometheus text format, for a Pushgateway or
the node-exporter textfile collector. Built with ``prometheus-client`` on a registry of its own
(never the library's global one), and written atomically (temporary file, then rename), as the
textfile collector requires."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policycheck.engine.report import ScanReport


def exposition(report: ScanReport, *, command: str, seconds: float) -> bytes:
    """The metrics of one run of ``command`` that produced ``report`` in ``seconds``."""
    from prometheus_client import CollectorRegistry, Gauge, generate_latest

    registry = CollectorRegistry(auto_describe=True)
    labels = ["command"]
    findings = Gauge("policycheck_findings", "Unsuppressed FAIL and UNKNOWN findings",
                     [*labels, "policy", "severity", "verdict"], registry=registry)
    counted = Counter((f.policy_id, str(f.severity), f.verdict.value) for f in report.findings
                      if not f.suppressed and f.verdict.value != "pass")
    for (policy, severity, verdict), n in sorted(counted.items()):
        findings.labels(command, policy, severity, verdict).set(n)
    summary = report.summary
    Gauge("policycheck_resources_judged", "Resources judged", labels,
          registry=registry).labels(command).set(summary.resources)
    checks = Gauge("policycheck_checks", "Checks by verdict (suppressed counted apart)",
                   [*labels, "verdict"], registry=registry)
    for verdict, n in (("pass", summary.passed), ("fail", summary.failed), ("unknown", summary.unknown),
                       ("suppressed", summary.suppressed)):
        checks.labels(command, verdict).set(n)
    Gauge("policycheck_errors", "Files or sources that could not be judged", labels,
          registry=registry).labels(command).set(summary.errors)
    not_assessed = Gauge("policycheck_not_assessed", "Live parts that could not be read",
                         [*labels, "service"], registry=registry)
    gaps = Counter(g.service for g in report.not_assessed)
    not_assessed.labels(command, "").set(len(report.not_assessed))
    for service, n in sorted(gaps.items()):
        not_assessed.labels(command, service).set(n)
    calls = Gauge("policycheck_api_calls", "Live API calls made", [*labels, "service"], registry=registry)
    for service, n in sorted(report.api_calls.items()):
        calls.labels(command, service).set(n)
    throttles = Gauge("policycheck_api_throttles", "Live API calls throttled (retried)",
                      [*labels, "service"], registry=registry)
    for service, n in sorted(report.api_throttles.items()):
        throttles.labels(command, service).set(n)
    Gauge("policycheck_duration_seconds", "Wall time of the run", labels,
          registry=registry).labels(command).set(round(seconds, 3))
    Gauge("policycheck_exit_code", "The run's exit code", labels,
          registry=registry).labels(command).set(report.exit_code)
    return generate_latest(registry)


def write_metrics(path: Path, report: ScanReport, *, command: str, seconds: float) -> None:
    data = exposition(report, command=command, seconds=seconds)
    directory = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
