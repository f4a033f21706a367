"""A hand-built ScanReport shared by the reporter tests.

Findings (already in report order, fail threshold ``high``):
  infra/main.tf:3    PC-TEST-001 FAIL high      gating      (message contains ``|``)
  infra/main.tf:10   PC-TEST-002 FAIL low       not gating  (message contains XML specials)
  infra/main.tf:20   PC-TEST-001 UNKNOWN high   not gating  (message contains ``[unset]``)
  infra/main.tf:30   PC-TEST-001 PASS
  infra/main.tf:40   PC-TEST-002 FAIL low       suppressed
  k8s/app,v2.yaml:5  PC-TEST-001 FAIL critical  gating      (message has ``%`` and a newline)
plus one scan error and one warning.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from policycheck.engine.policy import Policy, policy
from policycheck.engine.report import ScanReport
from policycheck.model import Finding, Location, Result, ScanError, Severity, Verdict

DOC = """Bucket encryption

## What
S3 buckets must be encrypted at rest.

## Fix
Set `server_side_encryption_configuration`.
"""


def _check(*_: Any) -> Iterable[Result]:
    return ()


POLICY_ONE: Policy = dataclasses.replace(
    policy(id="PC-TEST-001", title="Bucket is encrypted", severity="high", sources="tf",
           kinds="aws_s3_bucket", checklist=("security/encryption-at-rest",),
           related=("PC-TEST-002",))(_check),
    doc=DOC,
)
POLICY_TWO: Policy = dataclasses.replace(
    policy(id="PC-TEST-002", title="Versions are pinned", severity="low", sources=("tf", "k8s"),
           kinds="aws_s3_bucket")(_check),
    doc="",
)

FIX_ONE = "Set server_side_encryption_configuration."


def finding(policy_obj: Policy, verdict: Verdict, file: str, line: int, resource: str,
            message: str, **changes: Any) -> Finding:
    base = Finding(
        policy_id=policy_obj.id, title=policy_obj.title, severity=policy_obj.severity,
        verdict=verdict, source="tf", location=Location(file, line, line + 2),
        resource=resource, message=message,
        remediation=FIX_ONE if policy_obj is POLICY_ONE else "Pin the version.",
        checklist=policy_obj.checklist, fingerprint=f"fp-{policy_obj.id}-{line}",
    )
    return dataclasses.replace(base, **changes)


def findings() -> list[Finding]:
    return [
        finding(POLICY_ONE, Verdict.FAIL, "infra/main.tf", 3, "aws_s3_bucket.logs",
                "bucket | logs is not encrypted"),
        finding(POLICY_TWO, Verdict.FAIL, "infra/main.tf", 10, "aws_s3_bucket.logs",
                'version "latest" < 1.0 & unpinned'),
        finding(POLICY_ONE, Verdict.UNKNOWN, "infra/main.tf", 20, "aws_s3_bucket.data",
                "var.encrypted has no value [unset]"),
        finding(POLICY_ONE, Verdict.PASS, "infra/main.tf", 30, "aws_s3_bucket.ok",
                "bucket is encrypted"),
        finding(POLICY_TWO, Verdict.FAIL, "infra/main.tf", 40, "aws_s3_bucket.old",
                "version is unpinned", suppressed=True, suppression_reason="accepted risk"),
        finding(POLICY_ONE, Verdict.FAIL, "k8s/app,v2.yaml", 5, "Deployment/prod/app",
                "50% of replicas\nexposed", severity=Severity.CRITICAL, source="k8s"),
    ]


ERROR = ScanError("infra/broken.tf", 7, "syntax error: unexpected '}'")
WARNING = "infra/main.tf:2: ignore of PC-TEST-009 matches no finding"


def build_report(**changes: Any) -> ScanReport:
    report = ScanReport(findings=findings(), errors=[ERROR], policies=[POLICY_ONE, POLICY_TWO],
                        files=3, resources=5, warnings=[WARNING], fail_on=Severity.HIGH,
                        version="9.9.9")
    for name, value in changes.items():
        setattr(report, name, value)
    return report


@pytest.fixture
def report() -> ScanReport:
    return build_report()


@pytest.fixture
def make_report() -> Callable[..., ScanReport]:
    return build_report
