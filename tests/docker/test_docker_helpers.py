"""Shared Dockerfile helpers: image references, variables, stage inheritance, shell words."""

from __future__ import annotations

from pathlib import Path

import pytest

from policycheck.helpers.docker import (
    ImageRef,
    final_instructions,
    key_values,
    parse_image,
    scope_before,
    shell_commands,
    sources_and_destination,
    stage_chain,
    stage_reference,
    substitute,
)
from policycheck.loaders.base import LoadOptions, SourceFile
from policycheck.loaders.dockerfile import load
from policycheck.model import Resource, Unknown


def dockerfile(tmp_path: Path, text: str) -> Resource:
    path = tmp_path / "Dockerfile"
    path.write_text(text)
    result = load([SourceFile(path, "Dockerfile")], LoadOptions())
    assert result.errors == []
    return result.resources[0]


def instruction(tmp_path: Path, line: str) -> dict[str, object]:
    resource = dockerfile(tmp_path, f"FROM alpine:3.20\n{line}\n")
    found: dict[str, object] = resource.attributes["stages"][0]["instructions"][1]
    return found


@pytest.mark.parametrize(
    ("reference", "expected", "pinned"),
    [
        ("python", ImageRef("python", None, None), False),
        ("python:3.12-slim", ImageRef("python", "3.12-slim", None), True),
        ("python:latest", ImageRef("python", "latest", None), False),
        ("registry:5000/app", ImageRef("registry:5000/app", None, None), False),
        ("registry:5000/team/app:1.4", ImageRef("registry:5000/team/app", "1.4", None), True),
        ("alpine@sha256:abc", ImageRef("alpine", None, "sha256:abc"), True),
        ("ghcr.io/o/a:latest@sha256:abc", ImageRef("ghcr.io/o/a", "latest", "sha256:abc"), True),
    ],
)
def test_parse_image(reference: str, expected: ImageRef, pinned: bool) -> None:
    assert parse_image(reference) == expected
    assert parse_image(reference).pinned is pinned


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$A/${B}", "a/b"),
        ("${EMPTY:-d} ${EMPTY-d} ${NONE-d} ${UNDECLARED:-d}", "d  d d"),
        ("${A:+alt}${EMPTY:+alt}${NONE+alt}", "alt"),
        ("${NONE:-${A}-${B:-x}}", "a-b"),
        ("\\$A costs $5", "$A costs $5"),
    ],
)
def test_substitute(text: str, expected: str) -> None:
    assert substitute(text, {"A": "a", "B": "b", "EMPTY": "", "NONE": None}) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [("$NONE", "$NONE has no default"), ("${MISSING}", "$MISSING is not declared"),
     ("${A%suffix}", "unsupported"), ("${A", "unterminated")],
)
def test_substitute_unknown(text: str, reason: str) -> None:
    result = substitute(text, {"A": "a", "NONE": None})
    assert isinstance(result, Unknown)
    assert reason in result.reason


def test_stage_chain_and_final_instructions(tmp_path: Path) -> None:
    resource = dockerfile(tmp_path, (
        "FROM alpine:3.20 AS Base\n"
        "USER app\n"
        "FROM golang:1.22 AS other\n"
        "USER builder\n"
        "FROM base AS mid\n"
        "ENV A=1\n"
        "FROM mid\n"
        "CMD run\n"
    ))
    assert stage_reference(resource, 2) == 0
    assert stage_reference(resource, 1) is None
    assert stage_chain(resource, 3) == [0, 2, 3]
    assert [path for path, _ in final_instructions(resource, "USER", "CMD")] == [
        "stages.0.instructions.1", "stages.3.instructions.1"]


def test_scope_before_follows_arg_and_env(tmp_path: Path) -> None:
    resource = dockerfile(tmp_path, (
        "ARG UID=1000\n"
        "ARG GID\n"
        "FROM alpine:3.20\n"
        "ARG UID\n"
        "ARG GID\n"
        "ENV HOME_DIR=/home/$UID LATER=x\n"
        "USER $UID\n"
        "ENV AFTER=1\n"
    ))
    assert scope_before(resource, "stages.0.instructions.4") == {
        "UID": "1000", "GID": None, "HOME_DIR": "/home/1000", "LATER": "x"}


@pytest.mark.parametrize(
    ("line", "pairs"),
    [
        ('ENV A=1 B="x y" C=', [("A", "1"), ("B", "x y"), ("C", "")]),
        ('ENV LEGACY some "quoted value"', [("LEGACY", "some quoted value")]),
        ("ARG ONE TWO=2", [("ONE", None), ("TWO", "2")]),
    ],
)
def test_key_values(tmp_path: Path, line: str, pairs: list[tuple[str, str | None]]) -> None:
    assert key_values(instruction(tmp_path, line)) == pairs


def test_shell_commands(tmp_path: Path) -> None:
    run = instruction(tmp_path, (
        "RUN --mount=type=cache,target=/c apt-get update&&apt-get install -y curl 2>&1; "
        "pip install 'flask==3.0.3' > /dev/null | tee log"
    ))
    assert shell_commands(run) == [
        ["apt-get", "update"], ["apt-get", "install", "-y", "curl"],
        ["pip", "install", "flask==3.0.3"], ["tee", "log"]]


def test_shell_commands_of_heredoc_and_exec_form(tmp_path: Path) -> None:
    heredoc = instruction(tmp_path, "RUN <<EOF\nset -e\npip install a \\\n  b\nEOF")
    assert shell_commands(heredoc) == [["set", "-e"], ["pip", "install", "a", "b"]]
    exec_form = instruction(tmp_path, 'RUN ["pip", "install", "a && b"]')
    assert shell_commands(exec_form) == [["pip", "install", "a && b"]]


def test_sources_and_destination(tmp_path: Path) -> None:
    copy = instruction(tmp_path, "COPY --chown=app a b /dst/")
    assert sources_and_destination(copy) == (["a", "b"], "/dst/")
    assert sources_and_destination(instruction(tmp_path, "COPY only")) == (["only"], None)
