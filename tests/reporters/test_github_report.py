from __future__ import annotations

from typing import Any

from policycheck.engine.report import ScanReport
from policycheck.reporters import render
from policycheck.reporters.github import command, escape_data, escape_property


def test_escaping_rules() -> None:
    assert escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert escape_property("dir,x/a:b%\n") == "dir%2Cx/a%3Ab%25%0A"


def test_command_omits_unknown_properties() -> None:
    assert command("warning", "hello") == "::warning::hello"
    assert command("error", "m", file="a.tf", line=0) == "::error file=a.tf::m"


def test_one_command_per_unsuppressed_fail_or_unknown(report: ScanReport) -> None:
    lines = render("github", report, show_passed=True).splitlines()
    assert lines[:6] == [
        "::error file=infra/main.tf,line=3,endLine=5,title=PC-TEST-001 Bucket is encrypted"
        "::aws_s3_bucket.logs: bucket | logs is not encrypted"
        "%0ARemediation: Set server_side_encryption_configuration.",
        "::warning file=infra/main.tf,line=10,endLine=12,title=PC-TEST-002 Versions are pinned"
        '::aws_s3_bucket.logs: version "latest" < 1.0 & unpinned%0ARemediation: Pin the version.',
        "::notice file=infra/main.tf,line=20,endLine=22,title=PC-TEST-001 Bucket is encrypted"
        "::aws_s3_bucket.data: var.encrypted has no value [unset]"
        "%0ARemediation: Set server_side_encryption_configuration.",
        "::error file=k8s/app%2Cv2.yaml,line=5,endLine=7,title=PC-TEST-001 Bucket is encrypted"
        "::Deployment/prod/app: 50%25 of replicas%0Aexposed"
        "%0ARemediation: Set server_side_encryption_configuration.",
        "::error file=infra/broken.tf,line=7,endLine=7,title=policycheck scan error"
        "::syntax error: unexpected '}'",
        "::warning title=policycheck::infra/main.tf:2: ignore of PC-TEST-009 matches no finding",
    ]
    assert lines[6] == ("policycheck 9.9.9: 3 failed, 1 unknown, 1 passed, 1 suppressed, 1 error "
                        "in 3 files (5 resources). ERROR: 1 scan error; 2 findings at or above high")
    assert len(lines) == 7


def test_title_with_colon_and_comma_is_escaped(make_report: Any, report: ScanReport) -> None:
    import dataclasses

    odd = dataclasses.replace(report.findings[0], title="Ports: 22, 3389")
    first = render("github", make_report(findings=[odd])).splitlines()[0]
    assert ",title=PC-TEST-001 Ports%3A 22%2C 3389::" in first
