"""The Dockerfile loader: lexing, instruction shapes, stages, ARG substitution, errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from policycheck.loaders.base import LoadOptions, LoadResult, SourceFile
from policycheck.loaders.dockerfile import load
from policycheck.model import Resource, Unknown


def load_text(tmp_path: Path, text: str, name: str = "Dockerfile") -> LoadResult:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return load([SourceFile(path, f"app/{name}")], LoadOptions())


def only(tmp_path: Path, text: str) -> Resource:
    result = load_text(tmp_path, text)
    assert result.errors == []
    (resource,) = result.resources
    return resource


def instructions(resource: Resource, stage: int = 0) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = resource.attributes["stages"][stage]["instructions"]
    return found


def test_resource_shape_and_location(tmp_path: Path) -> None:
    resource = only(tmp_path, "FROM alpine:3.20\r\nRUN echo hi\r\n\r\n# trailing comment\r\n")
    assert (resource.kind, resource.source, resource.address) == ("dockerfile", "docker",
                                                                  "app/Dockerfile")
    assert (resource.location.file, resource.location.line, resource.location.end_line) == (
        "app/Dockerfile", 1, 4)
    run = instructions(resource)[1]
    assert run == {"instruction": "RUN", "value": "echo hi", "args": ["echo", "hi"],
                   "json": False, "flags": {}, "heredocs": [], "line": 2, "end_line": 2}


def test_backslash_continuations_skip_comments_and_blank_lines(tmp_path: Path) -> None:
    resource = only(tmp_path, (
        "FROM alpine:3.20\n"
        "run apk add \\\n"
        "    # a comment inside the instruction\n"
        "    curl \\  \n"
        "\n"
        "    git\n"
        "USER app\n"
    ))
    run, user = instructions(resource)[1:]
    assert run["instruction"] == "RUN"
    assert run["value"] == "apk add     curl     git"
    assert run["args"] == ["apk", "add", "curl", "git"]
    assert (run["line"], run["end_line"]) == (2, 6)
    assert user["line"] == 7
    assert resource.attribute_lines["stages.0.instructions.2"] == 7


def test_backtick_escape_directive(tmp_path: Path) -> None:
    resource = only(tmp_path, (
        "# escape=`\n"
        "\n"
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
        "COPY app\\ C:\\app\\\n"
        "RUN dir C:\\ && `\n"
        "    echo done\n"
    ))
    copy, run = instructions(resource)[1:]
    assert copy["args"] == ["app\\", "C:\\app\\"]
    assert (copy["line"], copy["end_line"]) == (4, 4)
    assert run["value"] == "dir C:\\ &&     echo done"
    assert (run["line"], run["end_line"]) == (5, 6)


def test_escape_directive_only_at_the_top(tmp_path: Path) -> None:
    resource = only(tmp_path, "FROM alpine:3.20\n# escape=`\nRUN echo a `\nRUN echo b\n")
    assert [i["value"] for i in instructions(resource)[1:]] == ["echo a `", "echo b"]


def test_heredocs(tmp_path: Path) -> None:
    resource = only(tmp_path, (
        "FROM alpine:3.20\n"
        "RUN <<EOF\n"
        "set -e\n"
        "echo one\n"
        "EOF\n"
        "RUN <<FIRST cat > /a && <<-'SECOND' cat > /b\n"
        "one\n"
        "FIRST\n"
        "\t\ttwo\n"
        "\tSECOND\n"
        "COPY <<EOF /etc/motd\n"
        "hello\n"
        "EOF\n"
        "RUN echo $((1<<2)) && cat <<< here\n"
    ))
    first, multiple, copy, shift = instructions(resource)[1:]
    assert (first["value"], first["heredocs"]) == ("<<EOF", ["set -e\necho one\n"])
    assert (first["line"], first["end_line"]) == (2, 5)
    assert multiple["heredocs"] == ["one\n", "two\n"]
    assert (multiple["line"], multiple["end_line"]) == (6, 10)
    assert copy["heredocs"] == ["hello\n"]
    assert copy["args"] == ["<<EOF", "/etc/motd"]
    assert shift["heredocs"] == []
    assert shift["line"] == 14


def test_exec_and_shell_forms(tmp_path: Path) -> None:
    resource = only(tmp_path, (
        'FROM alpine:3.20\n'
        'CMD ["python", "-m", "app"]\n'
        'ENTRYPOINT echo "a b" c\n'
        'CMD [not json\n'
        'HEALTHCHECK --interval=5s CMD ["curl", "-f", "http://localhost/"]\n'
        'HEALTHCHECK NONE\n'
    ))
    exec_cmd, shell, broken, health, none = instructions(resource)[1:]
    assert (exec_cmd["json"], exec_cmd["args"]) == (True, ["python", "-m", "app"])
    assert (shell["json"], shell["args"]) == (False, ["echo", "a b", "c"])
    assert (broken["json"], broken["args"]) == (False, ["[not", "json"])
    assert health["json"] is True
    assert health["args"] == ["CMD", "curl", "-f", "http://localhost/"]
    assert health["flags"] == {"interval": "5s"}
    assert none["args"] == ["NONE"]


def test_flags(tmp_path: Path) -> None:
    resource = only(tmp_path, (
        "FROM alpine:3.20 AS build\n"
        "FROM alpine:3.20\n"
        'COPY --from=build --chown="app:app" --link /out ["x"] /app/\n'
        "RUN --mount=type=cache,target=/root/.cache pip install -r requirements.txt\n"
        "USER --weird\n"
    ))
    copy, run, user = instructions(resource, 1)[1:]
    assert copy["flags"] == {"from": "build", "chown": "app:app", "link": "true"}
    assert copy["args"] == ["/out", "[x]", "/app/"]
    assert copy["value"].startswith("--from=build")
    assert run["flags"] == {"mount": "type=cache,target=/root/.cache"}
    assert run["args"] == ["pip", "install", "-r", "requirements.txt"]
    assert (user["flags"], user["args"]) == ({}, ["--weird"])


def test_stages_and_arg_substitution(tmp_path: Path) -> None:
    resource = only(tmp_path, (
        "ARG REGISTRY=registry:5000\n"
        "ARG TAG\n"
        "ARG IMAGE=${REGISTRY}/base\n"
        "FROM --platform=$BUILDPLATFORM ${IMAGE}:${TAG:-1.2} AS Build\n"
        "FROM $REGISTRY/app:$TAG\n"
        "FROM ${MISSING}/x:1\n"
        "FROM --platform=${PLATFORM:-linux/arm64} build\n"
        "ONBUILD RUN echo later\n"
    ))
    assert resource.attributes["global_args"] == {
        "REGISTRY": "registry:5000", "TAG": None, "IMAGE": "${REGISTRY}/base"}
    first, second, third, fourth = resource.attributes["stages"]
    assert (first["index"], first["name"], first["image"]) == (0, "Build", "registry:5000/base:1.2")
    assert first["image_raw"] == "${IMAGE}:${TAG:-1.2}"
    assert first["platform"] == "$BUILDPLATFORM"
    assert isinstance(second["image"], Unknown)
    assert "TAG" in second["image"].reason
    assert isinstance(third["image"], Unknown)
    assert "MISSING" in third["image"].reason
    assert (fourth["name"], fourth["image"], fourth["platform"]) == (None, "build", "linux/arm64")
    assert instructions(resource, 3)[1]["instruction"] == "ONBUILD"
    assert instructions(resource, 3)[0]["instruction"] == "FROM"
    assert {k: v for k, v in resource.attribute_lines.items() if k.startswith("stages")} == {
        "stages.0": 4, "stages.0.instructions.0": 4, "stages.1": 5,
        "stages.1.instructions.0": 5, "stages.2": 6, "stages.2.instructions.0": 6,
        "stages.3": 7, "stages.3.instructions.0": 7, "stages.3.instructions.1": 8}
    assert resource.attribute_lines["global_args.IMAGE"] == 3
    assert resource.is_literal("stages.3.image")
    assert not resource.is_literal("stages.0.image")


def test_suppressions_and_their_problems(tmp_path: Path) -> None:
    result = load_text(tmp_path, (
        "FROM python:3.12\n"
        "# policycheck:ignore=PC-DOCKER-001 runs as root on purpose until=2099-01-01\n"
        "RUN echo \\\n"
        "  # policycheck:ignore=PC-DOCKER-002\n"
        "  done\n"
    ))
    (resource,) = result.resources
    (suppression,) = resource.suppressions
    assert suppression.policy_id == "PC-DOCKER-001"
    assert suppression.reason == "runs as root on purpose"
    assert suppression.location.line == 2
    assert len(result.warnings) == 1
    assert "app/Dockerfile:4" in result.warnings[0]
    assert "no reason" in result.warnings[0]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("FROM alpine:3.20\nRUN echo\nFORM x\n", 3, "unknown instruction FORM"),
        ("FROM alpine:3.20\nRUN <<EOF\necho\nEOF \n", 2, "unterminated heredoc <<EOF"),
        ("FROM alpine:3.20\nONBUILD FROM x\n", 2, "ONBUILD cannot trigger FROM"),
        ("RUN echo\nFROM alpine:3.20\n", 1, "RUN before the first FROM"),
        ("FROM a b\n", 1, "FROM takes an image and an optional AS name"),
        ("# escape=!\nFROM alpine:3.20\n", 1, "invalid escape directive '!'"),
    ],
)
def test_errors_keep_the_rest_of_the_file(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    result = load_text(tmp_path, text)
    assert [(e.file, e.line, e.message) for e in result.errors] == [
        ("app/Dockerfile", line, message)]
    assert len(result.resources) == 1


@pytest.mark.parametrize("text", ["", "\n# only a comment\n", "ARG X=1\n"])
def test_file_without_from_is_an_error_not_a_resource(tmp_path: Path, text: str) -> None:
    result = load_text(tmp_path, text)
    assert result.resources == []
    assert [(e.line, e.message) for e in result.errors] == [
        (1, "no FROM instruction: not a buildable Dockerfile")]
    assert result.files == 1


def test_unreadable_file_is_an_error(tmp_path: Path) -> None:
    result = load_text(tmp_path, "FROM a\x00\n")
    assert result.resources == []
    assert "binary" in result.errors[0].message


def test_lone_escape_line_is_no_instruction(tmp_path: Path) -> None:
    resource = only(tmp_path, "FROM alpine:3.20\n\\\n")
    assert [i["instruction"] for i in instructions(resource)] == ["FROM"]
