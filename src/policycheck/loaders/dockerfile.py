"""Dockerfile loader: one ``dockerfile`` resource per file, with its stages and instructions.

A small parser of its own, following BuildKit: parser directives (``# escape=``), comments,
line continuations, heredocs (``<<EOF``, ``<<-EOF``, several per instruction), exec (JSON)
versus shell form, leading ``--flags``, named stages and ARGs substituted into FROM.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from policycheck.helpers.docker import (
    FLAG,
    global_values,
    instruction_path,
    stage_path,
    substitute,
)
from policycheck.loaders.base import LoadOptions, LoadResult, SourceFile, read_text
from policycheck.model import Location, Resource, ScanError, Suppression, Unknown
from policycheck.suppression.syntax import parse_comment

INSTRUCTIONS = frozenset(
    {
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK",
        "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME",
        "WORKDIR",
    }
)
_WITH_FLAGS = frozenset({"FROM", "RUN", "COPY", "ADD", "HEALTHCHECK"})
_WITH_HEREDOCS = frozenset({"RUN", "COPY", "ADD"})
_NOT_ONBUILD = frozenset({"ONBUILD", "FROM", "MAINTAINER"})
_DIRECTIVE = re.compile(r"#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*")
_HEREDOC = re.compile(r"(?:^|(?<=\s))\d*<<(-?)([\"']?)([^\s\"'<>|;&()]+)\2")


def load(files: Sequence[SourceFile], options: LoadOptions) -> LoadResult:
    """One ``dockerfile`` resource per readable file with at least one FROM."""
    result = LoadResult()
    for source in files:
        result.files += 1
        text = read_text(source, result, options.limits.max_file_bytes)
        if text is not None:
            _Parser(source.display, text, result).run()
    return result


@dataclass(slots=True)
class _Parser:
    file: str
    text: str
    result: LoadResult
    lines: list[str] = field(init=False)
    escape: str = "\\"
    position: int = 0
    stages: list[dict[str, Any]] = field(default_factory=list)
    global_args: dict[str, str | None] = field(default_factory=dict)
    attribute_lines: dict[str, int] = field(default_factory=dict)
    suppressions: list[Suppression] = field(default_factory=list)
    computed: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.lines = [line.removesuffix("\r") for line in self.text.split("\n")]
        if self.lines and self.lines[-1] == "":
            self.lines.pop()

    def error(self, line: int, message: str) -> None:
        self.result.errors.append(ScanError(self.file, line, message))

    def run(self) -> None:
        self._directives()
        for line, end, text, heredocs in self._logical_lines():
            self._instruction(line, end, text, heredocs)
        if not self.stages:
            self.error(1, "no FROM instruction: not a buildable Dockerfile")
            return
        self.result.resources.append(
            Resource(
                kind="dockerfile",
                address=self.file,
                source="docker",
                attributes={"stages": self.stages, "global_args": self.global_args},
                location=Location(self.file, 1, max(len(self.lines), 1)),
                attribute_lines=self.attribute_lines,
                suppressions=tuple(self.suppressions),
                computed_paths=frozenset(self.computed),
            )
        )

    def _directives(self) -> None:
        """Parser directives: ``# name=value`` lines at the very top of the file."""
        for number, raw in enumerate(self.lines, 1):
            match = _DIRECTIVE.fullmatch(raw.strip())
            if match is None:
                return
            self.position = number
            if match.group(1).lower() == "escape":
                if match.group(2) not in ("\\", "`"):
                    self.error(number, f"invalid escape directive {match.group(2)!r}")
                else:
                    self.escape = match.group(2)

    def _comment(self, number: int, raw: str) -> bool:
        """Whether line ``number`` is a comment; records any suppression it carries."""
        stripped = raw.strip()
        if not stripped.startswith("#"):
            return False
        found, problems = parse_comment(stripped, Location(self.file, number, number))
        self.suppressions.extend(found)
        self.result.warnings.extend(problems)
        return True

    def _logical_lines(self) -> Iterator[tuple[int, int, str, list[str]]]:
        """``(first line, last line, joined text, heredoc bodies)`` of each instruction."""
        while self.position < len(self.lines):
            first = self.position + 1
            raw = self.lines[self.position]
            self.position += 1
            if not raw.strip() or self._comment(first, raw):
                continue
            part, continuing = self._trim(raw.lstrip())
            parts = [part]  # joined once: appending to a string is quadratic on long runs
            while continuing and self.position < len(self.lines):
                raw = self.lines[self.position]
                self.position += 1
                if raw.strip() and not self._comment(self.position, raw):
                    part, continuing = self._trim(raw)
                    parts.append(part)
            text = "".join(parts)
            if not text.strip():
                continue
            keyword, rest = _split_keyword(text)
            heredocs = self._heredocs(first, rest) if keyword.upper() in _WITH_HEREDOCS else []
            yield first, self.position, text.strip(), heredocs

    def _trim(self, line: str) -> tuple[str, bool]:
        """The line without a trailing escape character, and whether one was there."""
        stripped = line.rstrip(" \t")
        if stripped.endswith(self.escape):
            return stripped[:-1], True
        return line, False

    def _heredocs(self, line: int, rest: str) -> list[str]:
        """Bodies of the heredocs the instruction opens, read from the following lines."""
        if _flags(rest.strip())[1].startswith("["):
            return []
        bodies: list[str] = []
        for match in _HEREDOC.finditer(rest):
            chomp, name = bool(match.group(1)), match.group(3)
            body: list[str] = []
            while True:
                if self.position >= len(self.lines):
                    self.error(line, f"unterminated heredoc <<{name}")
                    return bodies
                raw = self.lines[self.position]
                self.position += 1
                if chomp:
                    raw = raw.lstrip("\t")
                if raw == name:
                    break
                body.append(raw + "\n")
            bodies.append("".join(body))
        return bodies

    def _instruction(self, line: int, end: int, text: str, heredocs: list[str]) -> None:
        word, value = _split_keyword(text)
        keyword = word.upper()
        if keyword not in INSTRUCTIONS:
            self.error(line, f"unknown instruction {word}")
            return
        if keyword == "ONBUILD":
            trigger = value.split(None, 1)[0].upper() if value else ""
            if trigger not in INSTRUCTIONS or trigger in _NOT_ONBUILD:
                self.error(line, f"ONBUILD cannot trigger {trigger or 'nothing'}")
                return
        flags, rest = _flags(value) if keyword in _WITH_FLAGS else ({}, value)
        is_json, args = _arguments(keyword, rest, self.escape)
        instruction = {
            "instruction": keyword,
            "value": value,
            "args": args,
            "json": is_json,
            "flags": flags,
            "heredocs": heredocs,
            "line": line,
            "end_line": end,
        }
        if keyword == "FROM":
            self._from(instruction)
        elif self.stages:
            stage = self.stages[-1]
            path = instruction_path(stage["index"], len(stage["instructions"]))
            self.attribute_lines[path] = line
            stage["instructions"].append(instruction)
        elif keyword == "ARG":
            for arg in args:
                name, sep, default = arg.partition("=")
                self.global_args[name] = default if sep else None
                self.attribute_lines[f"global_args.{name}"] = line
        else:
            self.error(line, f"{keyword} before the first FROM")

    def _from(self, instruction: dict[str, Any]) -> None:
        line, args, flags = instruction["line"], instruction["args"], instruction["flags"]
        index = len(self.stages)
        variables = global_values(self.global_args)
        image: str | Unknown
        named = len(args) == 3 and args[1].lower() == "as"
        if len(args) == 1 or named:
            image = substitute(args[0], variables, self.escape)
        else:
            self.error(line, "FROM takes an image and an optional AS name")
            image = Unknown("malformed FROM")
        platform = flags.get("platform")
        if platform is not None:
            resolved = substitute(platform, variables, self.escape)
            platform = resolved if isinstance(resolved, str) else platform
        self.stages.append(
            {
                "index": index,
                "name": args[2] if named else None,
                "image": image,
                "image_raw": args[0] if args else "",
                "platform": platform,
                "instructions": [instruction],
            }
        )
        self.attribute_lines[stage_path(index)] = line
        self.attribute_lines[instruction_path(index, 0)] = line
        if args and "$" in args[0]:
            self.computed.add(f"{stage_path(index)}.image")


def _split_keyword(text: str) -> tuple[str, str]:
    """The instruction word and the text after it."""
    parts = text.split(None, 1)
    return parts[0], parts[1].strip() if len(parts) > 1 else ""


def _flags(value: str) -> tuple[dict[str, str], str]:
    """Leading ``--name=value`` flags (a bare ``--name`` means ``true``) and the rest."""
    flags: dict[str, str] = {}
    position = 0
    while match := FLAG.match(value, position):
        flag_value = match.group("value")
        flags[match.group("name")] = "true" if flag_value is None else flag_value.strip('"')
        position = match.end()
    return flags, value[position:]


def _arguments(keyword: str, rest: str, escape: str) -> tuple[bool, list[str]]:
    """``(is exec form, arguments)``; HEALTHCHECK's exec form keeps its ``CMD`` word."""
    head, exec_part = "", rest
    if keyword == "HEALTHCHECK" and rest[:3].upper() == "CMD":
        head, exec_part = "CMD", rest[3:].strip()
    if exec_part.startswith("["):
        try:
            parsed = json.loads(exec_part)
        except (ValueError, RecursionError):
            parsed = None
        if isinstance(parsed, list) and all(isinstance(item, str) for item in parsed):
            return True, [head, *parsed] if head else parsed
    return False, _shell_split(rest, escape)


_WORDS = re.compile(r"[^ \t\r\n]+")
"""Words as a POSIX ``shlex`` with ``whitespace_split`` cuts text with no quote or escape."""


def _shell_split(text: str, escape: str) -> list[str]:
    if "'" not in text and '"' not in text and escape not in text:
        return _WORDS.findall(text)  # most instructions: shlex reads them a character at a time
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    lexer.escape = escape
    try:
        return list(lexer)
    except ValueError:
        return text.split()
