"""A scan with broken user policies: each is an error entry naming its file and line (exit 2),
and every other policy still judges the input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from policycheck.cli import main

Write = Callable[[str, str], Path]

GOOD = """\
id: PC-ACME-010
title: Bucket has no owner tag
severity: high
sources: [tf]
kinds: [aws_s3_bucket]
require: {attribute: tags.owner, operator: exists}
"""
BROKEN = {
    "syntax.py": ("from policycheck.api import policy\n\nclass (:\n", 3, "SyntaxError"),
    "exits.py": ("import sys\nsys.exit(3)\n", 2, "SystemExit: 3"),
    "metadata.py": ('from policycheck.api import policy, passed\n\n'
                    '@policy(id="PC-ACME-011", title="x", severity="urgent", sources="tf",'
                    ' kinds="aws_s3_bucket")\ndef check(resource, ctx):\n    yield passed()\n',
                    3, "unknown severity 'urgent'"),
    "duplicate.yaml": (GOOD.replace("Bucket has", "Twin bucket has"), 1, "duplicate policy ID PC-ACME-010"),
    "raises.py": ('from policycheck.api import policy\n\n'
                  '@policy(id="PC-ACME-012", title="x", severity="low", sources="tf",'
                  ' kinds="aws_s3_bucket")\ndef check(resource, ctx):\n'
                  '    raise RuntimeError("policy bug")\n', 5,
                  "policy PC-ACME-012 failed on aws_s3_bucket.logs: RuntimeError: policy bug"),
    "yaml_syntax.yaml": ("id: PC-ACME-013\ntitle: [unclosed\n", 3, "invalid YAML"),
}


def test_broken_policies_are_error_entries_and_others_still_run(
        tmp_path: Path, write: Write, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write("infra/main.tf", 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n')
    write("rules/a_good.yaml", GOOD)
    for name, (text, _, _) in BROKEN.items():
        write(f"rules/{name}", text)
    code = main(["infra", "--policies", "rules", "--select", "PC-ACME,PC-AWS-071",
                 "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 2
    fired = {(f["policy_id"], f["line"]) for f in report["findings"]}
    assert fired == {("PC-ACME-010", 1), ("PC-AWS-071", 1)}
    errors = {(Path(e["file"]).name, e["line"]): e["message"] for e in report["errors"]}
    assert len(errors) == len(BROKEN), errors
    for name, (_, line, message) in BROKEN.items():
        assert message in errors[(name, line)], (name, errors)
    assert report["summary"]["errors"] == len(BROKEN)
