"""`policycheck new` scaffolds a policy whose fixtures pass; `policycheck test` reports missed
and unexpected findings with file:line (exit 1) and broken policies (exit 2)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from policycheck.cli import main
from policycheck.scaffold import STARTERS

Write = Callable[[str, str], Path]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("form", [[], ["--yaml"]], ids=["python", "yaml"])
def test_every_starter_passes_its_own_fixtures(workdir: Path, capsys: pytest.CaptureFixture[str],
                                               form: list[str]) -> None:
    for number, source in enumerate(STARTERS, 1):
        code, out = run(capsys, "new", f"PC-ACME-00{number}", "--source", source, *form)
        assert code == 0, out
    suffix = ".yaml" if form else ".py"
    assert sorted(p.name for p in (workdir / "policies").glob("pc_*")) == [
        f"pc_acme_00{n}{suffix}" for n in (1, 2, 3)]
    code, out = run(capsys, "test", "policies")
    assert code == 0, out
    assert out.count("ok       policies/fixtures/PC-ACME-00") == 3
    assert "3 fixture directories: 3 ok, 0 failed; 0 coverage gaps; 0 broken policies" in out


def test_starter_rules_really_fire(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Removing the ruleid annotation turns the expected finding into an unexpected one, and
    moving it makes it missed: the fixtures prove the rule, not just the annotations."""
    run(capsys, "new", "PC-ACME-001", "--source", "k8s", "--yaml")
    fail = workdir / "policies/fixtures/PC-ACME-001/fail.yaml"
    text = fail.read_text()
    fail.write_text(text.replace("          # ruleid: PC-ACME-001\n", ""))
    code, out = run(capsys, "test", "policies")
    assert code == 1
    assert ("unexpected policies/fixtures/PC-ACME-001/fail.yaml:14: fail PC-ACME-001 on "
            "Deployment/default/web: spec.template.spec.containers.0.image is "
            '"docker.io/library/nginx:1.27", not an image from registry.acme.example/') in out
    assert "coverage: PC-ACME-001: no ruleid case" in out
    fail.write_text(text.replace("      containers:", "      # ruleid: PC-ACME-001\n      containers:"))
    code, out = run(capsys, "test", "policies")
    assert code == 1
    assert "missed   policies/fixtures/PC-ACME-001/fail.yaml:13: ruleid: PC-ACME-001" in out


def test_new_refuses_taken_ids_existing_files_and_bad_ids(workdir: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "new", "PC-ACME-001", "--source", "tf")[0] == 0
    code, out = run(capsys, "new", "PC-ACME-001", "--source", "tf", "--yaml")
    assert code == 2 and "PC-ACME-001 is already defined at" in out and "pc_acme_001.py" in out
    (workdir / "policies/pc_acme_001.py").unlink()
    code, out = run(capsys, "new", "PC-ACME-001", "--source", "tf")
    assert code == 2 and "fail.tf" in out and "already exist" in out
    assert run(capsys, "new", "PC-ACME-001", "--source", "tf", "--force")[0] == 0
    code, out = run(capsys, "new", "acme-1", "--source", "tf")
    assert code == 2 and "not of the form PC-<DOMAIN>-<NNN>" in out


def test_new_and_test_use_the_configured_policy_directory(workdir: Path, write: Write,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    write(".policycheck.yaml", "policies: [rules]\n")
    code, out = run(capsys, "new", "PC-ACME-001", "--source", "docker")
    assert code == 0
    assert "wrote rules/pc_acme_001.py" in out
    code, out = run(capsys, "test")
    assert code == 0, out
    assert "ok       rules/fixtures/PC-ACME-001: 2 cases" in out
    code, out = run(capsys, "test", "rules", "--policies", "./rules")  # loaded once, not thrice
    assert code == 0, out
    assert "0 broken policies" in out


def test_test_without_a_directory_is_a_usage_error(workdir: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "test")
    assert code == 2
    assert "no policy directory" in out


def test_directory_without_fixtures_fails(workdir: Path, write: Write,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    write("rules/readme.txt", "nothing here")
    code, out = run(capsys, "test", "rules")
    assert code == 1
    assert "no fixtures: rules has no fixture directory" in out


BROKEN = {
    "rules/a_syntax.py": "from policycheck.api import policy\ndef oops(:\n",
    "rules/b_metadata.yaml": "id: PC-ACME-002\ntitle: Bad\nseverity: huge\nsources: [tf]\n"
                             "kinds: [aws_s3_bucket]\nrequire: {attribute: a, operator: exists}\n",
    "rules/c_crash.py": """\
        from policycheck.api import policy

        @policy(id="PC-ACME-003", title="Crash", severity="low", sources="tf", kinds="aws_s3_bucket")
        def check(resource, ctx):
            yield 1 / 0
        """,
    "rules/z_duplicate.yaml": "id: PC-ACME-001\ntitle: Twin\nseverity: low\nsources: [tf]\n"
                              "kinds: [aws_s3_bucket]\nrequire: {attribute: a, operator: exists}\n",
    "rules/fixtures/PC-ACME-003/main.tf": """\
        # ok: PC-ACME-003
        resource "aws_s3_bucket" "b" {}
        """,
}


def test_broken_policies_exit_2_naming_file_and_line_and_the_rest_still_run(
        workdir: Path, write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "new", "PC-ACME-001", "--source", "tf", "--dir", "rules")
    for name, text in BROKEN.items():
        write(name, text)
    code, out = run(capsys, "test", "rules")
    assert code == 2
    assert "error    rules/a_syntax.py:2: cannot load policy file: SyntaxError" in out
    assert "error    rules/b_metadata.yaml:1: PC-ACME-002: unknown severity 'huge'" in out
    assert "error    rules/z_duplicate.yaml:1: duplicate policy ID PC-ACME-001: already defined at" in out
    assert "rules/pc_acme_001.py:" in out
    assert "ok       rules/fixtures/PC-ACME-001: 2 cases" in out
    assert "FAILED   rules/fixtures/PC-ACME-003" in out
    assert "c_crash.py:5: policy PC-ACME-003 failed on aws_s3_bucket.b: ZeroDivisionError" in out
