"""Terraform roots of one scan never see each other's resources, though addresses repeat."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policycheck.cli import main

BUCKET = 'resource "aws_s3_bucket" "assets" {\n  bucket = "%s-assets"\n}\n'
ENCRYPTION = '''
resource "aws_s3_bucket_server_side_encryption_configuration" "assets" {
  bucket = aws_s3_bucket.assets.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}
'''


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(("encrypted", "plain"), [("billing", "search"), ("search", "billing")])
def test_same_address_in_two_roots_is_judged_in_its_own_root(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str, encrypted: str, plain: str) -> None:
    for name, extra in ((encrypted, ENCRYPTION), (plain, "")):
        root = tmp_path / name
        root.mkdir()
        (root / "main.tf").write_text(BUCKET % name + extra)
    code = main([str(tmp_path), "--select", "PC-AWS-071", "--format", "json", "--show-passed",
                 "--jobs", jobs])
    findings = json.loads(capsys.readouterr().out)["findings"]
    verdicts = sorted((Path(f["file"]).parent.name, f["resource"], f["verdict"]) for f in findings)
    assert verdicts == sorted([(encrypted, "aws_s3_bucket.assets", "pass"),
                               (plain, "aws_s3_bucket.assets", "fail")])
    assert code == 0  # PC-AWS-071 is medium
