"""A source file is read up to its byte limit, never beyond, even when it grows while read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policycheck.loaders import base
from policycheck.loaders.base import LoadResult, SourceFile, read_text


def test_a_file_over_the_limit_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    path.write_text("x" * 100)
    result = LoadResult()
    assert read_text(SourceFile(path, "main.tf"), result, 50) is None
    assert [e.message for e in result.errors] == ["file is 100 bytes, over the 50 byte limit"]


def test_a_file_that_grew_after_its_size_was_read_is_not_read_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "main.tf"
    path.write_text("x" * 100)
    real = os.fstat
    monkeypatch.setattr(base.os, "fstat", lambda fd: os.stat_result((*real(fd)[:6], 10, *real(fd)[7:])))
    result = LoadResult()
    assert read_text(SourceFile(path, "main.tf"), result, 50) is None
    assert [e.message for e in result.errors] == ["file is over the 50 byte limit"]
    assert read_text(SourceFile(path, "main.tf"), LoadResult(), 100) == "x" * 100
