"""End-to-end: the CLI on the bundled example, on clean input and on input it cannot read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from policycheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def line_of(path: Path, text: str, after: str | None = None) -> int:
    """1-based line of the first line containing ``text`` (after the line containing ``after``)."""
    lines = path.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines[start:], start) if text in line) + 1


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main([*args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_examples_json_contract_and_exit_1(capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, data = run_json(capsys, "examples/")
    assert code == 1
    assert data["tool"]["name"] == "policycheck"
    assert set(data["summary"]) == {"files", "resources", "passed", "failed", "unknown",
                                    "suppressed", "errors"}
    assert data["errors"] == []
    assert data["summary"]["failed"] == sum(f["verdict"] == "fail" for f in data["findings"])
    keys = {"policy_id", "title", "severity", "verdict", "source", "file", "line", "end_line",
            "resource", "message", "remediation", "checklist", "suppressed", "fingerprint"}
    assert all(set(f) == keys for f in data["findings"])
    assert all(f["verdict"] != "pass" for f in data["findings"])
    found = {(f["policy_id"], f["file"], f["line"]) for f in data["findings"]}
    main_tf = EXAMPLES / "terraform/main.tf"
    module_tf = EXAMPLES / "terraform/modules/database/main.tf"
    worker = EXAMPLES / "k8s/worker.yaml"
    expected = {
        ("PC-AWS-001", "examples/terraform/main.tf",
         line_of(main_tf, "cidr_blocks", after="SSH for the on-call")),
        ("PC-AWS-020", "examples/terraform/modules/database/main.tf",
         line_of(module_tf, "publicly_accessible = true")),
        ("PC-AWS-071", "examples/terraform/main.tf", line_of(main_tf, '"aws_s3_bucket" "uploads"')),
        ("PC-SEC-001", "examples/k8s/worker.yaml", line_of(worker, '"Winter2024!prod"')),
        ("PC-DOCKER-001", "examples/services/worker/Dockerfile", 1),
        ("PC-DOCKER-003", "examples/services/worker/Dockerfile", 1),
        ("PC-DEP-001", "examples/requirements.txt",
         line_of(EXAMPLES / "requirements.txt", "boto3>=1.34")),
    }
    assert expected <= found, expected - found
    # the encrypted database (tfvars sets encrypt_database = true) passes PC-AWS-070
    assert not any(f[0] == "PC-AWS-070" for f in found)
    # the secret never appears in full
    assert "Winter2024!prod" not in json.dumps(data)


def test_show_passed_includes_passes(capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    _, data = run_json(capsys, "examples/", "--show-passed")
    passes = [f for f in data["findings"] if f["verdict"] == "pass"]
    assert len(passes) == data["summary"]["passed"] > 0


def test_clean_directory_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "Dockerfile").write_text(
        "FROM python:3.12-slim\nUSER 10001\nHEALTHCHECK CMD [\"true\"]\n")
    code, data = run_json(capsys, str(tmp_path))
    assert code == 0
    assert data["summary"]["files"] == 1
    assert data["summary"]["failed"] == 0


def test_fail_on_threshold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # (the file sits in "app/": requirement files in a *test* directory are not production files)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "requirements.txt").write_text("requests>=2\n")  # PC-DEP-001 is medium
    assert main([str(tmp_path), "--format", "json"]) == 0
    assert main([str(tmp_path), "--format", "json", "--fail-on", "medium"]) == 1
    capsys.readouterr()


def test_suppression_marks_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "Dockerfile").write_text(
        "# policycheck:ignore=PC-DOCKER-001 vendor image drops privileges itself\n"
        "FROM vendor/appliance:4.2\n")
    code, data = run_json(capsys, str(tmp_path), "--select", "PC-DOCKER-001")
    assert code == 0
    assert [(f["policy_id"], f["suppressed"]) for f in data["findings"]] == [
        ("PC-DOCKER-001", True)]
    assert data["summary"]["suppressed"] == 1


BAD_INPUTS = {
    "broken.tf": (b'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  acl = \n}\n', 3),
    "broken.yaml": (b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n", 5),
    "binary.tf": (b"\x7fELF\x00\x00\x01\x02" * 64, 1),
    "latin1.yaml": ("apiVersion: v1\nkind: ConfigMap\n# caf\xe9\n".encode("latin-1"), 3),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_unreadable_input_is_an_error_with_line_and_exit_2(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, line = BAD_INPUTS[name]
    (tmp_path / name).write_bytes(content)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "requirements.txt").write_text("requests>=2\n")
    code, data = run_json(capsys, str(tmp_path))
    assert code == 2
    errors = [(Path(e["file"]).name, e["line"]) for e in data["errors"]]
    assert errors == [(name, line)]
    # the other file is still judged
    assert any(f["policy_id"] == "PC-DEP-001" for f in data["findings"])


def test_yaml_alias_bomb_is_an_error_not_a_hang(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    bomb = ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: bomb}", 'a: &a ["x","x","x","x"]']
    for level in range(1, 12):
        prev = chr(ord("a") + level - 1)
        cur = chr(ord("a") + level)
        bomb.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    bomb.append("data: {k: *l}")
    (tmp_path / "bomb.yaml").write_text("\n".join(bomb) + "\n")
    code, data = run_json(capsys, str(tmp_path))
    assert code == 2
    assert [Path(e["file"]).name for e in data["errors"]] == ["bomb.yaml"]


def test_huge_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (tmp_path / "huge.tf").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    code, data = run_json(capsys, str(tmp_path))
    assert code == 2
    assert "over the" in data["errors"][0]["message"]


def test_no_fail_on_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.yaml").write_text("a: [\n")
    (tmp_path / "k.yaml").write_text("apiVersion: v1\nkind: [\n")
    assert main([str(tmp_path), "--format", "json", "--no-fail-on-error"]) == 0
    capsys.readouterr()


def test_missing_path_and_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main([str(tmp_path / "nope"), "--format", "json"]) == 2
    capsys.readouterr()
    assert main([str(tmp_path), "--select", "PC-NOPE"]) == 2
    assert "matches no policy" in capsys.readouterr().err
    assert main([str(tmp_path), "--format", "xml"]) == 2
    assert main([str(tmp_path), "--format", "json", "--format", "sarif"]) == 2


def test_several_formats_and_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    sarif, junit = tmp_path / "out.sarif", tmp_path / "out.xml"
    code = main(["examples/", "--format", "sarif,junit", "--output", str(sarif),
                 "--output", str(junit), "--format", "text", "--no-color"])
    assert code == 1
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert junit.read_text().lstrip().startswith("<")
    assert "examples/terraform/main.tf:" in capsys.readouterr().out


def test_rules_lists_and_documents(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    assert "PC-AWS-070" in listing and "critical" in listing
    assert main(["rules", "PC-AWS-070"]) == 0
    assert "## Fix" in capsys.readouterr().out
    assert main(["rules", "PC-NOPE-001"]) == 2


def test_init_writes_config_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path)]) == 0
    assert "fail-on: high" in (tmp_path / ".policycheck.yaml").read_text()
    assert main(["init", str(tmp_path)]) == 2
    assert "exists" in capsys.readouterr().err


def test_baseline_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "Dockerfile").write_text("FROM python\n")
    baseline = tmp_path / "baseline.json"
    assert main([str(tmp_path), "--write-baseline", str(baseline)]) == 0
    (tmp_path / "Dockerfile").write_text("# moved down a line\n\nFROM python\n")
    code, data = run_json(capsys, str(tmp_path), "--baseline", str(baseline))
    assert code == 0
    assert data["summary"]["failed"] == 0 and data["summary"]["suppressed"] >= 1


def _imported_after(code: str) -> list[str]:
    script = (f"import sys\n{code}\n"
              "print(','.join(sorted({m.split('.')[0] for m in sys.modules})))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    return done.stdout.strip().split(",")


def test_static_scan_imports_no_cloud_clients() -> None:
    modules = _imported_after(
        "from policycheck.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['examples/', '--format', 'json'])")
    assert "policycheck" in modules
    assert {"boto3", "botocore", "kubernetes", "checkov"}.isdisjoint(modules)


def test_help_imports_nothing_heavy() -> None:
    modules = _imported_after(
        "from policycheck.cli import build_parser\nbuild_parser().format_help()")
    assert {"rich", "yaml", "tree_sitter", "hcl2", "pathspec"}.isdisjoint(modules)
