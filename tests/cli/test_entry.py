"""``python -m policycheck`` (and the console script) exits at once after ``main``: what it
wrote to its pipes and files must all be there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "policycheck", *args], capture_output=True,
                          env=env, timeout=120, check=False)


def test_a_large_report_on_stdout_arrives_whole_with_the_exit_code() -> None:
    done = _run("scan", str(ROOT / "examples"), "--format", "json", "--show-passed")
    assert done.returncode == 1
    assert len(done.stdout) > 64 * 1024  # more than a pipe holds: written while the reader reads
    report = json.loads(done.stdout)
    assert report["summary"]["failed"] > 0
    assert len(report["findings"]) == sum(report["summary"][k] for k in ("passed", "failed", "unknown"))


def test_warnings_on_stderr_and_a_file_report_are_flushed(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = var.nope\n}\n')
    output = tmp_path / "report.sarif"
    done = _run("scan", str(tmp_path), "--format", "sarif", "--output", str(output),
                "--log-format", "json", "--log-level", "info")
    assert done.returncode in (0, 1)
    assert json.loads(output.read_text())["runs"][0]["tool"]["driver"]["name"] == "policycheck"
    events = [json.loads(line) for line in done.stderr.decode().splitlines() if line.startswith("{")]
    assert any(e.get("event") == "run.done" for e in events)
    assert b"var.nope is not declared" in done.stderr
