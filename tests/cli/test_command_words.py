"""The command word: commands, paths, typos, and the one error handler."""

from __future__ import annotations

from pathlib import Path

import pytest

from policycheck.cli import main
from policycheck.cli.app import COMMANDS
from policycheck.errors import PolicycheckError


def test_mistyped_command_is_a_usage_error_with_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scna", "--help"]) == 2
    err = capsys.readouterr().err
    assert "'scna' is neither a command nor an existing path" in err
    assert "did you mean `policycheck scan`?" in err


def test_unknown_word_without_a_close_command_lists_the_commands(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["zzzz"]) == 2
    err = capsys.readouterr().err
    assert "did you mean" not in err and "commands: scan, plan" in err


def test_an_existing_directory_named_like_a_word_is_scanned(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "infra").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["infra", "--format", "json"]) == 0
    assert '"files": 0' in capsys.readouterr().out


def test_a_path_shaped_word_is_scanned_even_when_missing(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["no/such/dir", "--format", "json"])
    assert code == 2
    assert "neither a command" not in capsys.readouterr().err


def test_options_before_the_path_still_mean_scan(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--format", "json", "--select", "PC-DOCKER-001", "examples/"]) == 1
    assert '"policy_id": "PC-DOCKER-001"' in capsys.readouterr().out


def test_every_command_module_names_its_parser() -> None:
    names = [command.NAME for command in COMMANDS]
    assert len(names) == len(set(names))
    assert {"scan", "plan", "checklist", "rules", "new", "test", "init"} <= set(names)


def test_user_errors_share_one_base() -> None:
    from policycheck.checklist import ChecklistError
    from policycheck.engine.config import ConfigError
    from policycheck.engine.selection import SelectionError
    from policycheck.readiness.attestations import AttestationError
    from policycheck.readiness.evidence import ResultsError
    from policycheck.scaffold import ScaffoldError
    from policycheck.suppression.baseline import BaselineError

    for error in (ChecklistError, ConfigError, SelectionError, BaselineError, AttestationError,
                  ResultsError, ScaffoldError):
        assert issubclass(error, PolicycheckError), error


def test_a_checklist_error_exits_2_through_the_one_handler(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "checklist.yaml"
    bad.write_text("- not: a checklist\n")
    assert main(["checklist", str(tmp_path), "--checklist", str(bad)]) == 2
    assert capsys.readouterr().err.startswith("policycheck: error: ")
