"""The pre-commit hook manifest and the GitHub Actions workflow documented in docs/ci.md."""

from __future__ import annotations

import itertools
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import yaml

from policycheck.cli import build_parser, normalise_argv
from policycheck.loaders.discovery import classify

ROOT = Path(__file__).resolve().parents[2]
HOOK_KEYS = {"id", "name", "entry", "language"}
OPTIONAL_HOOK_KEYS = {"description", "files", "exclude", "types", "types_or", "exclude_types",
                      "always_run", "fail_fast", "verbose", "pass_filenames", "require_serial",
                      "minimum_pre_commit_version", "args", "stages", "additional_dependencies",
                      "language_version", "log_file"}


def _hooks() -> list[dict[str, Any]]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert isinstance(hooks, list) and hooks
    return hooks


def _parses(command: str) -> None:
    """``command`` is a valid policycheck command line (argparse exits on a bad option)."""
    words = shlex.split(command)
    assert words[0] == "policycheck", command
    build_parser().parse_args(normalise_argv(words[1:]))


def test_pre_commit_hooks_have_the_required_keys_and_run_the_console_script() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    for hook in _hooks():
        assert hook.keys() >= HOOK_KEYS, hook
        assert hook.keys() <= HOOK_KEYS | OPTIONAL_HOOK_KEYS, hook.keys() - OPTIONAL_HOOK_KEYS
        assert hook["language"] == "python"
        assert hook["entry"].split()[0] in scripts
        assert hook["pass_filenames"] is False
        _parses(f"{hook['entry']} infra/")
    assert len({h["id"] for h in _hooks()}) == len(_hooks())


def test_pre_commit_file_pattern_selects_the_files_policycheck_reads() -> None:
    pattern = re.compile(next(h for h in _hooks() if h["id"] == "policycheck")["files"])
    names = ["infra/main.tf", "infra/vars.tf.json", "k8s/app.yaml", "k8s/a.yml", "plan.json",
             "services/api/Dockerfile", "Dockerfile.prod", "api.dockerfile", "Containerfile",
             "requirements-dev.txt", "requirements/base.txt", "pyproject.toml", "README.md",
             "src/app.py", "docs/Dockerfiles.md", "main.tf.bak", "myrequirements.txt"]
    mismatched = [n for n in names if bool(pattern.search(n)) != (classify(Path(n)) is not None)]
    assert mismatched == []
    assert pattern.search("env/prod.tfvars")  # variable files the Terraform loader reads


def _yaml_blocks(markdown: str) -> list[Any]:
    return [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", markdown, re.S)]


def test_documented_workflow_uploads_the_sarif_file_policycheck_writes() -> None:
    blocks = _yaml_blocks((ROOT / "docs" / "ci.md").read_text("utf-8"))
    workflow = next(b for b in blocks if isinstance(b, dict) and "jobs" in b)
    assert workflow["permissions"]["security-events"] == "write"
    uploads = 0
    for job in workflow["jobs"].values():
        written: set[str] = set()
        for step in job["steps"]:
            for line in str(step.get("run", "")).splitlines():
                if line.startswith("policycheck "):
                    _parses(line)
                    pairs = list(itertools.pairwise(shlex.split(line)))
                    formats = [v for k, v in pairs if k == "--format"]
                    outputs = [v for k, v in pairs if k == "--output"]
                    assert formats[0] == "sarif"  # the first format goes to the first output
                    written.add(outputs[0])
            if str(step.get("uses", "")).startswith("github/codeql-action/upload-sarif@"):
                uploads += 1
                assert step["with"]["sarif_file"] in written
                assert "failure()" in step["if"] or "always()" in step["if"]
    assert uploads == 2


def test_documented_pre_commit_config_uses_a_hook_of_the_manifest() -> None:
    blocks = _yaml_blocks((ROOT / "docs" / "ci.md").read_text("utf-8"))
    config = next(b for b in blocks if isinstance(b, dict) and "repos" in b)
    ids = {h["id"] for h in _hooks()}
    used = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert used and all(h["id"] in ids for h in used)
    entry = next(h["entry"] for h in _hooks() if h["id"] == used[0]["id"])
    _parses(" ".join([entry, *used[0]["args"]]))
