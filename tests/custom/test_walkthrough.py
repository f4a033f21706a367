"""docs/writing-policies.md, followed to the letter in an empty directory.

Every file block of the guide (a fenced block under a **`path`** line) is written, and every
``$ policycheck ...`` line of its ``console`` blocks is run, in the guide's order; the output
lines the guide shows must appear in that order, and ``# exits N`` must be the exit code. So
the quick start (a cost-center tag policy on every taggable AWS resource, tested with
``policycheck test`` and firing in ``policycheck ./infra``) and every other example cannot rot.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from policycheck.cli import main

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "writing-policies.md"
FENCE = re.compile(r"^(`{3,})(\w*)\s*$")
FILE_LABEL = re.compile(r"^\*\*`([^`]+)`\*\*$")
EXIT = re.compile(r"#\s*exits\s+(\d+)\s*$")


@dataclass
class Command:
    argv: list[str]
    exit_code: int | None
    output: list[str] = field(default_factory=list)


Step = tuple[str, str] | Command
"""A file to write (path, text) or a command to run."""


def _commands(body: list[str]) -> list[Command]:
    commands: list[Command] = []
    for line in body:
        if line.startswith("$ "):
            code = EXIT.search(line)
            argv = shlex.split(line[2:], comments=True)
            commands.append(Command(argv, int(code.group(1)) if code else None))
        elif line.strip():
            commands[-1].output.append(line)
    return commands


def guide_steps(text: str) -> list[Step]:
    steps: list[Step] = []
    lines = text.splitlines()
    index, label = 0, None
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if opening is None:
            if lines[index].strip():
                found = FILE_LABEL.match(lines[index])
                label = found.group(1) if found else None
            index += 1
            continue
        end = lines.index(opening.group(1), index + 1)
        body = lines[index + 1 : end]
        if label is not None:
            steps.append((label, "\n".join(body) + "\n"))
        elif opening.group(2) == "console":
            steps.extend(_commands(body))
        index, label = end + 1, None
    return steps


def _normal(line: str) -> str:
    return " ".join(line.split())


def test_the_guide_has_the_walkthrough_steps() -> None:
    steps = guide_steps(GUIDE.read_text("utf-8"))
    runs = [" ".join(s.argv[:2]) for s in steps if isinstance(s, Command)]
    assert runs[:3] == ["policycheck new", "policycheck test", "policycheck ./infra"]
    files = [s[0] for s in steps if isinstance(s, tuple)]
    assert {"policy-rules/pc_acme_001.yaml", ".policycheck.yaml", "infra/main.tf"} <= set(files)
    assert all(isinstance(s, Command) and s.argv[0] == "policycheck"
               for s in steps if not isinstance(s, tuple))


def test_following_the_guide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    for step in guide_steps(GUIDE.read_text("utf-8")):
        if isinstance(step, tuple):
            path, text = step
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_text(text, "utf-8")
            continue
        code = main(step.argv[1:])
        captured = capsys.readouterr()
        shown = [_normal(line) for line in (captured.out + captured.err).splitlines()]
        where = f"$ {shlex.join(step.argv)}\n{captured.out}{captured.err}"
        if step.exit_code is not None:
            assert code == step.exit_code, where
        position = 0
        for expected in map(_normal, step.output):
            assert expected in shown[position:], f"missing {expected!r} after line {position}:\n{where}"
            position = shown.index(expected, position) + 1
