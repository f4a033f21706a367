"""efs: file systems' encryption (PC-AWS-073)."""

from __future__ import annotations

import pytest

from policycheck.live.aws.services import efs
from policycheck.model import Verdict
from tests.live.aws.audit import audit, verdicts
from tests.live.aws.conftest import Moto
from tests.live.aws.recorded import SCOPE, judge, recorded

PLAIN = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0"
SEALED = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0fedcba9876543210"


def test_file_systems_are_judged_for_encryption() -> None:
    def file_system(ident: str, arn: str, encrypted: bool) -> dict[str, object]:
        return {"OwnerId": "123456789012", "CreationToken": ident, "FileSystemId": ident,
                "FileSystemArn": arn, "CreationTime": "2024-02-01T00:00:00Z", "LifeCycleState": "available",
                "NumberOfMountTargets": 2, "SizeInBytes": {"Value": 6144},
                "PerformanceMode": "generalPurpose", "Encrypted": encrypted, "ThroughputMode": "bursting",
                "Tags": [{"Key": "Name", "Value": ident}]}
    raw = recorded("efs", "DescribeFileSystems", {"FileSystems": [
        file_system("fs-0123456789abcdef0", PLAIN, False), file_system("fs-0fedcba9876543210", SEALED, True)]})
    plain, sealed = efs.normalise(raw, SCOPE)
    assert (plain.kind, plain.address, plain.get("id")) == ("aws_efs_file_system", PLAIN, "fs-0123456789abcdef0")
    assert plain.get("encrypted") is False and sealed.get("encrypted") is True
    assert plain.get("dns_name") == "fs-0123456789abcdef0.efs.us-east-1.amazonaws.com"
    assert plain.get("tags") == {"Name": "fs-0123456789abcdef0"}
    assert judge([plain, sealed], "PC-AWS-073") == {("PC-AWS-073", PLAIN): Verdict.FAIL,
                                                    ("PC-AWS-073", SEALED): Verdict.PASS}


@pytest.mark.slow
def test_against_moto(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    client = moto.client("efs")
    plain = client.create_file_system(CreationToken="plain", Encrypted=False)["FileSystemArn"]
    sealed = client.create_file_system(CreationToken="sealed", Encrypted=True)["FileSystemArn"]
    code, report = audit(capsys, "efs", "--select", "PC-AWS-073")
    assert verdicts(report) == {("PC-AWS-073", plain): "fail", ("PC-AWS-073", sealed): "pass"}
    assert code == 1
