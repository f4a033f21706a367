"""Built-in policies import only ``policycheck.api`` and a few pure standard-library modules.

Policies never do I/O and never reach into loaders, the engine or helpers directly: what they
share lives behind ``policycheck.api``. The allow-list is the standard library a judgement needs
(text, numbers, dates, typing); ``os``, ``pathlib``, ``subprocess``, network clients and
third-party packages are not on it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

POLICIES = Path(__file__).resolve().parents[1] / "policies"

ALLOWED = frozenset({
    "__future__",
    "policycheck.api",
    # pure standard library: types, text, numbers, dates, encodings
    "base64", "binascii", "collections", "collections.abc", "dataclasses", "datetime", "enum",
    "fnmatch", "functools", "ipaddress", "itertools", "json", "math", "operator", "posixpath",
    "re", "string", "textwrap", "typing",
})


def imported_modules(source: str) -> list[tuple[int, str]]:
    """(line, module) of every import in ``source``, nested ones included; a relative import
    is reported as its dots and name."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, "." * node.level + (node.module or "")))
    return found


def forbidden(source: str) -> list[str]:
    return [f"line {line}: {module}" for line, module in imported_modules(source)
            if module not in ALLOWED]


POLICY_FILES = sorted(POLICIES.rglob("*.py"))


def test_the_built_in_policies_are_found() -> None:
    assert len(POLICY_FILES) >= 80


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.stem)
def test_policy_imports_only_the_api(path: Path) -> None:
    assert forbidden(path.read_text("utf-8")) == []


@pytest.mark.parametrize("source", [
    "from policycheck.helpers.network import is_public_cidr\n",
    "from policycheck import helpers\n",
    "import policycheck.api.x\n",
    "import os\n",
    "from . import sibling\n",
    "def f():\n    import boto3\n",
    "from packaging.requirements import Requirement\n",
])
def test_other_imports_are_caught(source: str) -> None:
    assert len(forbidden(source)) == 1


def test_the_api_and_pure_stdlib_pass() -> None:
    source = ("from __future__ import annotations\nimport re\nfrom collections.abc import Iterator\n"
              "from policycheck.api import Context, policy\n")
    assert forbidden(source) == []
