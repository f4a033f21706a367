"""Pin judgement and the choice of which requirement entries a file ships."""

from __future__ import annotations

from pathlib import Path

import pytest

from policycheck.helpers.requirements import (
    canonical,
    is_pinned,
    shipped_requirements,
    url_pin_problem,
)
from policycheck.loaders.base import LoadOptions, SourceFile
from policycheck.loaders.requirements import load
from policycheck.model import Resource, ResourceGraph

SHA = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize(
    ("specifier", "pinned"),
    [("==1.2.3", True), ("===1.2", True), (">=1,==1.2", True), ("", False), (">=1", False),
     ("==1.*", False), ("~=1.2", False), ("^1.2", False)],
)
def test_is_pinned(specifier: str, pinned: bool) -> None:
    assert is_pinned(specifier) is pinned


@pytest.mark.parametrize(
    ("url", "hashes", "problem"),
    [
        (f"git+https://github.com/o/r.git@{SHA}", [], None),
        (f"git+https://github.com/o/r.git@{SHA}#egg=r", [], None),
        ("git+https://github.com/o/r.git@v1.2.0", [], "commit hash"),
        ("git+https://github.com/o/r.git@0123abc#egg=r", [], "commit hash"),
        ("git+ssh://git@github.com/o/r.git", [], "commit hash"),
        ("https://example.com/p-1.0.tar.gz#sha256=ab12", [], None),
        ("https://example.com/p-1.0.tar.gz", ["sha256:ab12"], None),
        ("https://example.com/p-1.0.tar.gz", [], "without a hash"),
        (".", [], None),
        ("file:///wheels/p.whl", [], None),
    ],
)
def test_url_pin_problem(url: str, hashes: list[str], problem: str | None) -> None:
    found = url_pin_problem(url, hashes)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found


def test_canonical() -> None:
    assert canonical("Flask_SQLAlchemy.ext") == "flask-sqlalchemy-ext"


def test_shipped_requirements_reports_an_included_production_file_once(tmp_path: Path) -> None:
    files = {
        "requirements/prod.txt": "a==1\n-r base.txt\n-r test.txt\n",
        "requirements/base.txt": "b==1\n",
        "requirements/test.txt": "pytest==8\n",
        "pyproject.toml": ("[project]\nname='x'\ndependencies=['d==1']\n"
                           "[project.optional-dependencies]\ntests=['t==1']\npg=['pg==1']\n"),
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    loaded = load([SourceFile(tmp_path / n, n) for n in files], LoadOptions())
    graph = ResourceGraph(loaded.resources)
    prod, base, test, pyproject = loaded.resources

    def names(resource: Resource) -> list[tuple[str, str]]:
        return [(path, r["name"]) for path, r in shipped_requirements(resource, graph)]

    assert names(prod) == [("requirements.0", "a"), ("requirements.2", "pytest")]
    assert names(base) == [("requirements.0", "b")]
    assert test.attributes["production"] is False
    assert names(pyproject) == [("requirements.0", "d"), ("requirements.2", "pg")]
