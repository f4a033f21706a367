"""A hostile Terraform file cannot exhaust the runner: instance, expression and module bounds
end in error entries naming what was not judged, and the other files are still judged."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from policycheck.cli import main
from policycheck.loaders.hcl.expressions import bounds

EXPLOSION = '''
resource "aws_s3_bucket" "many" {
  count  = 1000000000
  bucket = "b-${count.index}"
}
resource "aws_s3_bucket" "each" {
  for_each = toset([for i in range(1000000) : tostring(i)])
  bucket   = each.key
}
'''
HONEST = 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n'
MEMORY_LIMIT = 1536 * 1024 * 1024


def _scan(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    code = main([*args, "--format", "json", "--select", "PC-AWS-091", "--fail-on", "low", "-j", "1"])
    return code, json.loads(capsys.readouterr().out)


def _errors(report: dict[str, object]) -> list[str]:
    errors = report["errors"]
    assert isinstance(errors, list)
    return [f"{e['file']}:{e['line']}: {e['message']}" for e in errors]


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.mark.slow
def test_a_billion_instances_end_fast_in_bounded_memory(tmp_path: Path) -> None:
    (tmp_path / "hostile").mkdir()
    (tmp_path / "hostile" / "main.tf").write_text(EXPLOSION)
    (tmp_path / "honest").mkdir()
    (tmp_path / "honest" / "main.tf").write_text(HONEST)
    done = subprocess.run(
        [sys.executable, "-m", "policycheck", "scan", str(tmp_path), "--format", "json",
         "--select", "PC-AWS-091", "-j", "1"],
        capture_output=True, text=True, timeout=30, preexec_fn=_cap_memory, check=False)
    assert done.returncode == 2, done.stderr
    report = json.loads(done.stdout)
    errors = _errors(report)
    assert any("aws_s3_bucket.many is not judged: count is 1000000000, over the limit of 10000"
               in e for e in errors), errors
    assert any("aws_s3_bucket.each is not judged: range() of 1000000 values" in e for e in errors)
    judged = [f["resource"] for f in report["findings"]]  # type: ignore[union-attr]
    assert judged == ["aws_s3_bucket.logs"]  # the other file is still judged


def test_the_instance_limit_is_configurable_and_config_only_lowers_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  count = 6\n}\n')
    code, report = _scan(str(tmp_path), "--max-instances", "5", capsys=capsys)
    assert code == 2
    assert _errors(report) == [f"{tmp_path}/main.tf:1: aws_s3_bucket.b is not judged: count is 6, "
                               "over the limit of 5 instances (limits: max-instances)"]
    code, report = _scan(str(tmp_path), "--max-instances", "6", capsys=capsys)
    assert code == 1 and not _errors(report)
    assert len(report["findings"]) == 6  # type: ignore[arg-type]

    (tmp_path / ".policycheck.yaml").write_text("limits: {max-instances: 3}\n")
    code, report = _scan(str(tmp_path), capsys=capsys)
    assert code == 2 and "over the limit of 3 instances" in _errors(report)[0]
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  count = 10001\n}\n')
    (tmp_path / ".policycheck.yaml").write_text("limits: {max-instances: 1000000}\n")
    code, report = _scan(str(tmp_path), capsys=capsys)
    assert code == 2 and "over the limit of 10000 instances" in _errors(report)[0]


def test_a_bad_limit_in_config_is_a_config_error(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".policycheck.yaml").write_text("limits: {max-instances: -1}\n")
    assert main([str(tmp_path)]) == 2
    assert "limits.max-instances must be a positive number" in capsys.readouterr().err


def test_for_each_over_the_limit_names_the_resource(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_s3_bucket" "b" {\n'
        '  for_each = toset([for i in range(1000) : "b${i}"])\n}\n' + HONEST)
    code, report = _scan(str(tmp_path), "--max-instances", "999", capsys=capsys)
    assert code == 2
    assert _errors(report) == [f"{tmp_path}/main.tf:1: aws_s3_bucket.b is not judged: for_each has "
                               "1000 elements, over the limit of 999 instances (limits: "
                               "max-instances)"]
    assert [f["resource"] for f in report["findings"]] == ["aws_s3_bucket.logs"]  # type: ignore[union-attr]


def _doubling(levels: int) -> str:
    lines = ['  s0 = "xxxxxxxxxxxxxxxx"']
    lines += [f'  s{n} = "${{local.s{n - 1}}}${{local.s{n - 1}}}"' for n in range(1, levels + 1)]
    return "locals {\n" + "\n".join(lines) + "\n}\n"


@pytest.mark.parametrize(("expression", "reason"), [
    ("local.s30", "a string of 8388608 characters is over the 4194304 limit"),
    ('join(",", [for i in range(1000) : local.s9])', "a string of 4194816 characters"),
    ('format("%999999999s", "x")', "format: the width of %999999999s is over the 4194304 limit"),
    ('length(flatten([for i in range(1000) : [for j in range(1000) : [for k in range(1000) : k]]]))',
     "expressions iterate more than 200000 times"),
    ('length(concat([for i in range(600) : [for j in range(200) : j]]...))',
     "a collection of 120000 elements is over the 100000 limit"),
])
def test_expressions_are_bounded(expression: str, reason: str, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounds, "MAX_STEPS", 200_000)  # the default, 5000000, takes seconds
    big = f'resource "aws_s3_bucket" "big" {{\n  bucket = {expression}\n}}\n'
    (tmp_path / "main.tf").write_text(_doubling(30 if "s30" in expression else 9) + big + HONEST)
    code, report = _scan(str(tmp_path), capsys=capsys)
    errors = _errors(report)
    assert code == 2
    assert len(errors) == 1 and f"aws_s3_bucket.big is not judged: {reason}" in errors[0], errors
    assert [f["resource"] for f in report["findings"]] == ["aws_s3_bucket.logs"]  # type: ignore[union-attr]


def test_modules_nested_too_deeply_are_not_evaluated(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    for depth in range(40):
        directory = tmp_path / "/".join(["m"] * depth) if depth else tmp_path
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "main.tf").write_text(f'module "m" {{\n  source = "./m"\n}}\n{HONEST}')
    code, report = _scan(str(tmp_path), capsys=capsys)
    assert code == 2
    errors = _errors(report)
    assert len(errors) == 1 and 'module "m" is not evaluated: modules are nested more than 32 deep' \
        in errors[0]
    assert len(report["findings"]) == 33  # type: ignore[arg-type]


def test_a_file_past_the_time_limit_is_an_error_and_the_others_are_judged(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "slow").mkdir()
    (tmp_path / "slow" / "main.tf").write_text(
        'resource "aws_s3_bucket" "slow" {\n'
        f'  bucket = replace("{"a" * 40}b", "/(a+)+$/", "")\n}}\n')
    (tmp_path / "main.tf").write_text(HONEST)
    code, report = _scan(str(tmp_path), "--file-timeout", "0.5", capsys=capsys)
    assert code == 2
    assert _errors(report) == [f"{tmp_path}/slow/main.tf:1: not judged: loading took longer than "
                               "the 0.5 s limit (limits: file-timeout)"]
    assert [f["resource"] for f in report["findings"]] == ["aws_s3_bucket.logs"]  # type: ignore[union-attr]


def test_a_file_past_the_size_limit_is_an_error(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "main.tf").write_text(HONEST)
    code, report = _scan(str(tmp_path), "--max-file-bytes", "10", capsys=capsys)
    assert code == 2
    assert _errors(report) == [f"{tmp_path}/main.tf:1: file is {len(HONEST)} bytes, over the 10 "
                               "byte limit"]


def test_a_root_with_its_module_instances_is_bounded(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text("".join(
        f'resource "aws_s3_bucket" "b{n}" {{\n  count = 4\n}}\n' for n in range(3)))
    (tmp_path / "main.tf").write_text('module "m" {\n  source = "./m"\n  count  = 4\n}\n')
    code, report = _scan(str(tmp_path), "--max-instances", "4", capsys=capsys)
    assert code == 2
    assert _errors(report) == [f"{tmp_path}/m/main.tf:1: module.m[3].aws_s3_bucket.b0 and what "
                               "follows are not judged: the root expands to more than 40 resources "
                               "(limits: max-instances x 10)"]
    assert len(report["findings"]) == 36  # type: ignore[arg-type]  # 3 module instances judged
