"""Reading the ``dockerfile`` resource shape: stages, instructions, image references, variables.

A Dockerfile resource holds ``stages`` (each with its ``instructions``, the FROM first) and
``global_args``. The "final image" is the last stage plus every earlier stage it is built
``FROM`` (its ancestors), since those instructions are inherited.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from policycheck.model import Resource, Unknown

Instruction = Mapping[str, Any]
Variables = Mapping[str, "str | None"]

#: A leading ``--name`` or ``--name=value`` flag of an instruction.
FLAG = re.compile(r"--(?P<name>[A-Za-z][A-Za-z0-9-]*)(?:=(?P<value>\"[^\"]*\"|\S*))?(?:\s+|$)")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SHELL_SEPARATORS = {"&&", "||", ";", "|", "&", "(", ")", ";;", "|&"}
_REDIRECT = re.compile(r"&?[<>]+&?")


@dataclass(frozen=True, slots=True)
class ImageRef:
    """An image reference split into name, tag and digest (``registry:5000/app`` has no tag)."""

    name: str
    tag: str | None
    digest: str | None

    @property
    def pinned(self) -> bool:
        """Pinned by a digest, or by a tag other than ``latest``."""
        return self.digest is not None or (self.tag is not None and self.tag != "latest")


def parse_image(reference: str) -> ImageRef:
    """Split ``[registry[:port]/]name[:tag][@digest]``; the tag is a ``:`` after the last ``/``."""
    rest, _, digest = reference.partition("@")
    slash = rest.rfind("/")
    colon = rest.rfind(":")
    if colon > slash:
        return ImageRef(rest[:colon], rest[colon + 1 :] or None, digest or None)
    return ImageRef(rest, None, digest or None)


def stage_path(index: int) -> str:
    return f"stages.{index}"


def instruction_path(stage: int, index: int) -> str:
    return f"stages.{stage}.instructions.{index}"


def stages(resource: Resource) -> list[Mapping[str, Any]]:
    """The build stages of a ``dockerfile`` resource, in order."""
    found: list[Mapping[str, Any]] = resource.attributes.get("stages", [])
    return found


def final_stage(resource: Resource) -> int:
    """Index of the last stage (the image ``docker build`` produces without ``--target``)."""
    return len(stages(resource)) - 1


def stage_reference(resource: Resource, index: int) -> int | None:
    """The earlier stage that stage ``index`` is built FROM, if its image names one."""
    all_stages = stages(resource)
    image = all_stages[index]["image"]
    if not isinstance(image, str):
        return None
    wanted = image.lower()
    for earlier in range(index - 1, -1, -1):
        name = all_stages[earlier].get("name")
        if name is not None and name.lower() == wanted:
            return earlier
    return None


def stage_chain(resource: Resource, index: int) -> list[int]:
    """Stage ``index`` and the stages it inherits from, ancestors first."""
    chain = [index]
    parent = stage_reference(resource, index)
    while parent is not None:
        chain.insert(0, parent)
        parent = stage_reference(resource, parent)
    return chain


def final_instructions(resource: Resource, *kinds: str) -> Iterator[tuple[str, Instruction]]:
    """``(path, instruction)`` of the final image in build order, optionally only ``kinds``."""
    all_stages = stages(resource)
    for stage in stage_chain(resource, final_stage(resource)):
        for j, instruction in enumerate(all_stages[stage]["instructions"]):
            if not kinds or instruction["instruction"] in kinds:
                yield instruction_path(stage, j), instruction


def command_text(instruction: Instruction) -> str:
    """The instruction's value without its leading ``--flag=value`` options."""
    value: str = instruction["value"]
    position = 0
    while match := FLAG.match(value, position):
        position = match.end()
    return value[position:]


def key_values(instruction: Instruction) -> list[tuple[str, str | None]]:
    """``(name, value)`` pairs of an ENV, ARG or LABEL (``None`` for ``ARG NAME``).

    Handles ``ENV A=1 B="x y"`` and the legacy ``ENV NAME value with spaces``.
    """
    args: list[str] = instruction["args"]
    if instruction["instruction"] == "ENV" and args and "=" not in args[0]:
        name, _, rest = command_text(instruction).partition(" ")
        return [(name, _unquote(rest.strip()))]
    pairs: list[tuple[str, str | None]] = []
    for arg in args:
        name, sep, value = arg.partition("=")
        pairs.append((name, value if sep else None))
    return pairs


def _unquote(text: str) -> str:
    try:
        return " ".join(shlex.split(text))
    except ValueError:
        return text


def global_values(global_args: Variables) -> dict[str, str | None]:
    """Values of the ARGs declared before the first FROM, each default substituted in order."""
    values: dict[str, str | None] = {}
    for name, default in global_args.items():
        value = substitute(default, values) if default is not None else None
        values[name] = value if isinstance(value, str) else None
    return values


def scope_before(resource: Resource, path: str) -> dict[str, str | None]:
    """ARG/ENV values visible to the final-image instruction at ``path`` (``None``: no value)."""
    known = global_values(resource.attributes.get("global_args", {}))
    scope: dict[str, str | None] = {}
    for here, instruction in final_instructions(resource):
        if here == path:
            break
        if instruction["instruction"] not in ("ARG", "ENV"):
            continue
        for name, value in key_values(instruction):
            if value is None:
                scope[name] = known.get(name) if instruction["instruction"] == "ARG" else None
            else:
                resolved = substitute(value, scope)
                scope[name] = resolved if isinstance(resolved, str) else None
    return scope


def substitute(text: str, variables: Variables, escape: str = "\\") -> str | Unknown:
    """Expand ``$VAR``, ``${VAR}``, ``${VAR:-word}``, ``${VAR-word}``, ``${VAR:+word}``,
    ``${VAR+word}`` like Docker does. A variable that is undeclared or has no value
    (``None``) and no default makes the result :class:`Unknown`."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == escape and text.startswith("$", i + 1):
            out.append("$")
            i += 2
            continue
        if char != "$":
            out.append(char)
            i += 1
            continue
        expanded, i = _expand(text, i, variables, escape)
        if isinstance(expanded, Unknown):
            return expanded
        out.append(expanded)
    return "".join(out)


def _expand(text: str, start: int, variables: Variables, escape: str) -> tuple[str | Unknown, int]:
    """Expand the variable reference at ``text[start] == "$"``; returns the value and the end."""
    if not text.startswith("{", start + 1):
        match = _NAME.match(text, start + 1)
        if match is None:
            return "$", start + 1
        return _lookup(match.group(), variables), match.end()
    end = _closing_brace(text, start + 2)
    if end < 0:
        return Unknown(f"unterminated ${{ in {text!r}"), len(text)
    body = text[start + 2 : end]
    match = _NAME.match(body)
    if match is None:
        return Unknown(f"bad variable reference ${{{body}}}"), end + 1
    name, modifier = match.group(), body[match.end() :]
    if not modifier:
        return _lookup(name, variables), end + 1
    operator = modifier[:2] if modifier.startswith(":") else modifier[:1]
    if operator not in (":-", "-", ":+", "+"):
        return Unknown(f"unsupported variable modifier in ${{{body}}}"), end + 1
    word = modifier[len(operator) :]
    value = variables.get(name)
    if value is None or (not value and operator.startswith(":")):
        value = None
    if operator.endswith("-"):
        return (value if value is not None else substitute(word, variables, escape)), end + 1
    return (substitute(word, variables, escape) if value is not None else ""), end + 1


def _closing_brace(text: str, position: int) -> int:
    depth = 1
    for index in range(position, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return -1


def _lookup(name: str, variables: Variables) -> str | Unknown:
    if name not in variables:
        return Unknown(f"${name} is not declared")
    value = variables[name]
    if value is None:
        return Unknown(f"${name} has no default value (set at build time)")
    return value


def shell_commands(instruction: Instruction) -> list[list[str]]:
    """The simple commands of a RUN (its shell text and heredoc bodies, or its exec form),
    each as a list of words; best effort, as a shell would split them."""
    if instruction.get("json"):
        return [list(instruction["args"])]
    scripts = [command_text(instruction), *instruction.get("heredocs", ())]
    commands: list[list[str]] = []
    for script in scripts:
        for line in script.replace("\\\n", " ").splitlines():
            commands.extend(_split_commands(line))
    return [command for command in commands if command]


def _split_commands(line: str) -> list[list[str]]:
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        tokens = list(lexer)
    except ValueError:
        tokens = line.split()
    commands: list[list[str]] = [[]]
    skip_next = False
    for token in tokens:
        if skip_next:
            skip_next = False
        elif token in _SHELL_SEPARATORS:
            commands.append([])
        elif _REDIRECT.fullmatch(token):
            skip_next = True
            if commands[-1] and commands[-1][-1].isdigit():
                commands[-1].pop()
        else:
            commands[-1].append(token)
    return commands


def sources_and_destination(instruction: Instruction) -> tuple[list[str], str | None]:
    """The source arguments and the destination of a COPY or ADD."""
    args: list[str] = list(instruction["args"])
    if len(args) < 2:
        return args, None
    return args[:-1], args[-1]
