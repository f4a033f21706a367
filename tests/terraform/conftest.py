"""The ``tf`` fixture: write a small Terraform tree into a temporary directory and load it."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

from policycheck.loaders.base import LoadOptions, LoadResult, SourceFile
from policycheck.loaders.terraform import load
from policycheck.model import Resource


class Tree:
    def __init__(self, root: Path, parser: str) -> None:
        self.root = root
        self.parser = parser

    def write(self, files: dict[str, str]) -> None:
        for name, text in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")

    def scan(self, *names: str, options: LoadOptions | None = None) -> LoadResult:
        """Load the named files (default: every .tf/.tf.json outside ``.terraform``)."""
        if names:
            paths = [self.root / n for n in names]
        else:
            paths = sorted(
                p for p in self.root.rglob("*")
                if p.name.endswith((".tf", ".tf.json")) and ".terraform" not in p.parts
            )
        sources = [SourceFile(p, p.relative_to(self.root).as_posix()) for p in paths]
        return load(sources, dataclasses.replace(options or LoadOptions(), hcl_parser=self.parser))

    def load(self, files: dict[str, str], options: LoadOptions | None = None) -> LoadResult:
        self.write(files)
        return self.scan(options=options)

    def resources(self, files: dict[str, str], options: LoadOptions | None = None
                  ) -> dict[str, Resource]:
        """Write ``files``, load them and index the resources by address."""
        return {r.address: r for r in self.load(files, options).resources}


@pytest.fixture(params=["tree-sitter", "python-hcl2"])
def tf(tmp_path: Path, request: pytest.FixtureRequest) -> Tree:
    """A temporary tree, loaded with each HCL parser backend."""
    return Tree(tmp_path, request.param)
