"""The requirements loader: pip requirement files with includes, and pyproject.toml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from policycheck.loaders.base import LoadOptions, LoadResult, SourceFile
from policycheck.loaders.requirements import is_production, load


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def load_files(root: Path, *names: str) -> LoadResult:
    return load([SourceFile(root / n, f"app/{n}") for n in names], LoadOptions())


def entries(result: LoadResult, index: int = 0) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = result.resources[index].attributes["requirements"]
    return found


def test_plain_requirements_with_markers_extras_hashes_and_options(tmp_path: Path) -> None:
    write(tmp_path, {"requirements.txt": (
        "# comment\n"
        "--index-url https://pypi.example.com/simple\n"
        "--extra-index-url=https://other.example.com/simple --pre\n"
        "-c constraints.txt\n"
        "Flask[async,dotenv]==3.0.3 ; python_version >= '3.9'  # trailing comment\n"
        "attrs==23.2.0 \\\n"
        "    --hash=sha256:aaaa \\\n"
        "    --hash sha256:bbbb\n"
        "\n"
        "requests\n"
    )})
    result = load_files(tmp_path, "requirements.txt")
    assert result.errors == []
    (resource,) = result.resources
    assert (resource.kind, resource.source, resource.address) == (
        "requirements", "deps", "app/requirements.txt")
    assert resource.location.end_line == 10
    assert resource.attributes["production"] is True
    assert resource.attributes["constraints"] == ["app/constraints.txt"]
    flask, attrs, requests = entries(result)
    assert flask == {
        "name": "Flask", "specifier": "==3.0.3", "extras": ["async", "dotenv"],
        "marker": 'python_version >= "3.9"', "url": None, "editable": False, "hashes": [],
        "group": None, "file": "app/requirements.txt", "line": 5,
        "raw": "Flask[async,dotenv]==3.0.3 ; python_version >= '3.9'"}
    assert (attrs["line"], attrs["hashes"]) == (6, ["sha256:aaaa", "sha256:bbbb"])
    assert (requests["specifier"], requests["line"]) == ("", 10)


def test_urls_vcs_and_editables(tmp_path: Path) -> None:
    sha = "0123456789abcdef0123456789abcdef01234567"
    write(tmp_path, {"requirements.txt": (
        f"mylib @ git+https://github.com/acme/mylib.git@{sha}\n"
        "git+https://github.com/acme/bare.git@v1#egg=bare\n"
        "https://files.example.com/pkg-1.0-py3-none-any.whl\n"
        "-e .\n"
        "--editable=git+https://github.com/acme/e.git#egg=e&subdirectory=src\n"
    )})
    result = load_files(tmp_path, "requirements.txt")
    assert result.errors == []
    found = [(e["name"], e["url"], e["editable"]) for e in entries(result)]
    assert found == [
        ("mylib", f"git+https://github.com/acme/mylib.git@{sha}", False),
        ("bare", "git+https://github.com/acme/bare.git@v1#egg=bare", False),
        ("pkg", "https://files.example.com/pkg-1.0-py3-none-any.whl", False),
        (".", ".", True),
        ("e", "git+https://github.com/acme/e.git#egg=e&subdirectory=src", True),
    ]


def test_includes_keep_their_own_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, {
        "requirements.txt": "a==1\n-r requirements/base.txt\n--requirement=shared/c.txt\nz==1\n",
        "requirements/base.txt": "\nb==1\n-r../shared/c.txt\n",
        "shared/c.txt": "c==1\n",
    })
    result = load_files(tmp_path, "requirements.txt")
    assert result.errors == []
    assert [(e["name"], e["file"], e["line"]) for e in entries(result)] == [
        ("a", "app/requirements.txt", 1),
        ("b", "app/requirements/base.txt", 2),
        ("c", "app/shared/c.txt", 1),
        ("z", "app/requirements.txt", 4),
    ]
    assert result.warnings == [
        "app/requirements.txt:3: shared/c.txt is already included; not read again"]


def test_include_cycles_end(tmp_path: Path) -> None:
    write(tmp_path, {
        "requirements.txt": "a==1\n-r other.txt\n",
        "other.txt": "-r requirements.txt\nb==1\n-r ./other.txt\n",
    })
    result = load_files(tmp_path, "requirements.txt")
    assert [e["name"] for e in entries(result)] == ["a", "b"]
    assert len(result.warnings) == 2
    assert result.warnings[0].startswith("app/other.txt:1: requirements.txt is already included")


def test_errors_name_their_line_and_the_rest_is_judged(tmp_path: Path) -> None:
    write(tmp_path, {
        "requirements.txt": (
            "ok==1\n"
            "not a requirement!\n"
            "--frobnicate\n"
            "-r missing.txt\n"
            "-r bad.txt\n"
            "--index-url\n"
            "last==2\n"),
        "bad.txt": "fine==1\n???\n",
    })
    result = load_files(tmp_path, "requirements.txt", "bad.txt")
    errors = [(e.file, e.line, e.message.split(":")[0]) for e in result.errors]
    assert errors == [
        ("app/requirements.txt", 2, "invalid requirement"),
        ("app/requirements.txt", 3, "unknown pip option --frobnicate"),
        ("app/requirements.txt", 4, "included requirement file missing.txt not found"),
        ("app/bad.txt", 2, "invalid requirement"),
        ("app/requirements.txt", 6, "option --index-url needs a value"),
    ]
    assert [e["name"] for e in entries(result)] == ["ok", "fine", "last"]
    assert [e["name"] for e in entries(result, 1)] == ["fine"]


@pytest.mark.parametrize(
    ("display", "production"),
    [
        ("requirements.txt", True),
        ("svc/requirements/prod.txt", True),
        ("requirements-dev.txt", False),
        ("requirements/test.txt", False),
        ("dev/requirements.txt", False),
        ("tests/requirements.txt", False),
        ("requirements/Testing.in", False),
    ],
)
def test_production_files(display: str, production: bool) -> None:
    assert is_production(display) is production


PYPROJECT = """\
[project]
name = "shop"
dependencies = [
  "httpx>=0.27",
  'pydantic[email]==2.7.1; python_version>="3.9"',
]

[project.optional-dependencies]
dev = ["pytest", "ruff==0.5.0"]

[dependency-groups]
lint = ["mypy==1.10.1", {include-group = "dev"}]

[tool.poetry.dependencies]
python = "^3.11"
requests = "2.31.0"
rich = { version = "^13", extras = ["jupyter"] }
lib = { git = "https://github.com/o/lib.git", rev = "v1" }
any = "*"

[tool.poetry.group.test.dependencies]
pytest-cov = ">=5"
"""


def test_pyproject(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": PYPROJECT})
    result = load_files(tmp_path, "pyproject.toml")
    assert result.errors == []
    found = [(e["name"], e["specifier"], e["group"], e["line"], e["url"]) for e in entries(result)]
    assert found == [
        ("httpx", ">=0.27", None, 4, None),
        ("pydantic", "==2.7.1", None, 5, None),
        ("pytest", "", "dev", 9, None),
        ("ruff", "==0.5.0", "dev", 9, None),
        ("mypy", "==1.10.1", "lint", 12, None),
        ("requests", "==2.31.0", None, 16, None),
        ("rich", "^13", None, 17, None),
        ("lib", "", None, 18, "git+https://github.com/o/lib.git@v1"),
        ("any", "", None, 19, None),
        ("pytest-cov", ">=5", "test", 22, None),
    ]
    assert entries(result)[1]["extras"] == ["email"]
    assert entries(result)[6]["extras"] == ["jupyter"]
    assert result.resources[0].attributes["production"] is True


def test_pyproject_errors(tmp_path: Path) -> None:
    write(tmp_path, {
        "bad/pyproject.toml": "[project]\nname = 'x'\nname = 'y'\n",
        "req/pyproject.toml": "[project]\ndependencies = [\n  'ok==1',\n  'bad req!',\n]\n",
    })
    result = load_files(tmp_path, "bad/pyproject.toml", "req/pyproject.toml")
    assert [(e.file, e.line) for e in result.errors] == [
        ("app/bad/pyproject.toml", 3), ("app/req/pyproject.toml", 4)]
    assert "invalid TOML" in result.errors[0].message
    assert entries(result, 0) == []
    assert [e["name"] for e in entries(result, 1)] == ["ok"]
