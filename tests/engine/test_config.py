from __future__ import annotations

import re
from pathlib import Path

import pytest

from policycheck.engine.config import ConfigError, find_config, read_config_file
from policycheck.model import Severity


def test_yaml_config_values(tmp_path: Path) -> None:
    path = tmp_path / ".policycheck.yaml"
    path.write_text(
        "select: PC-AWS, PC-K8S\nfail-on: medium\nseverity: {PC-AWS-011: critical}\n"
        "params: {PC-AWS-080: {min_backup_days: 14}}\npolicies: [rules]\nexclude: ['legacy/**']\n"
    )
    config = read_config_file(path)
    assert config.select == ("PC-AWS", "PC-K8S")
    assert config.fail_on is Severity.MEDIUM
    assert config.severity == {"PC-AWS-011": Severity.CRITICAL}
    assert config.params == {"PC-AWS-080": {"min_backup_days": 14}}
    assert config.policy_dirs == (tmp_path / "rules",)
    assert config.exclude == ("legacy/**",)


def test_pyproject_section_is_found_upwards(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.policycheck]\nignore = ["PC-AWS-084"]\n')
    nested = tmp_path / "infra" / "prod"
    nested.mkdir(parents=True)
    found = find_config(nested)
    assert found == (tmp_path / "pyproject.toml").resolve()
    assert read_config_file(found).ignore == ("PC-AWS-084",)


def test_search_stops_at_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".policycheck.yaml").write_text("fail-on: low\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert find_config(repo) is None


@pytest.mark.parametrize(("text", "message"), [
    ("fail_on: high\n", "unknown key(s) fail_on"),
    ("fail-on: severe\n", "unknown severity 'severe'"),
    ("unknown: maybe\n", "unknown must be 'pass' or 'fail'"),
    ("select: {a: 1}\n", "select must be a list of strings"),
    ("select: [\n", "invalid syntax"),
])
def test_invalid_config_names_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / ".policycheck.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=re.escape(message)) as info:
        read_config_file(path)
    assert str(path) in str(info.value)
