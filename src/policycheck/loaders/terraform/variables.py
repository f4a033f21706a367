"""Values of a root module's input variables, in Terraform's precedence (lowest first):
``TF_VAR_*`` environment variables, ``terraform.tfvars``, ``terraform.tfvars.json``,
``*.auto.tfvars`` / ``*.auto.tfvars.json`` in lexical order, then ``-var-file`` files in order.
A variable's default applies only when none of these sets it."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from policycheck.loaders.base import LoadOptions, LoadResult, SourceFile, read_text
from policycheck.loaders.confine import inside, outside_message
from policycheck.loaders.hcl import parse_hcl
from policycheck.loaders.hcl.expressions import EvalError, evaluate, evaluate_string, is_metadata
from policycheck.loaders.hcl.expressions.bounds import LimitExceeded
from policycheck.loaders.hcl.shape import LINES
from policycheck.loaders.terraform.functions import FUNCTIONS
from policycheck.loaders.terraform.provenance import shown
from policycheck.loaders.terraform.types import Constraint, is_primitive
from policycheck.model import Reference, ScanError, TraceStep

ENV_PREFIX = "TF_VAR_"


class ConstantScope:
    """The scope of tfvars files and environment values: functions only, no names."""

    def lookup(self, name: str) -> Any:
        raise EvalError(f"{name!r} cannot be referenced here (only literal values)")

    def function(self, name: str) -> Callable[..., Any] | None:
        return FUNCTIONS.get(name)

    def note(self, address: str) -> None:
        """Nothing here references resources."""

    def literal(self, reference: Reference) -> Any:
        raise EvalError("tfvars values cannot reference resources")


def variable_files(directory: Path, display: str, options: LoadOptions) -> list[SourceFile]:
    """The variable-definition files of the root in ``directory`` (shown as ``display``),
    lowest precedence first."""
    automatic = sorted(
        (p for p in directory.glob("*.auto.tfvars*")
         if p.name.endswith((".auto.tfvars", ".auto.tfvars.json")) and p.is_file()),
        key=lambda p: p.name,
    )
    fixed = [directory / "terraform.tfvars", directory / "terraform.tfvars.json"]
    found = [p for p in fixed if p.is_file()] + automatic
    return [SourceFile(p, posixpath.normpath(posixpath.join(display, p.name)))
            for p in found] + [
        SourceFile(p, str(p)) for p in options.var_files
    ]


def _warner(result: LoadResult, where: str) -> Callable[[str], None]:
    return lambda message: result.warnings.append(f"{where}: cannot evaluate value: {message}")


def root_values(
    declared: Mapping[str, Constraint | None],
    files: list[SourceFile],
    options: LoadOptions,
    result: LoadResult,
    origins: dict[str, TraceStep] | None = None,
) -> dict[str, Any]:
    """Values set for the ``declared`` variables (name -> type constraint); unset ones absent.
    ``origins`` receives where each value was set (the file and line, or the environment)."""
    values: dict[str, Any] = {}
    where = origins if origins is not None else {}
    scope = ConstantScope()
    for name, constraint in declared.items():
        text = options.env.get(ENV_PREFIX + name)
        if text is None:
            continue
        if is_primitive(constraint):
            values[name] = text
        else:
            values[name] = evaluate_string("${" + text + "}", scope,
                                           _warner(result, ENV_PREFIX + name))
        where[name] = TraceStep("", 0, f"var.{name} = {shown(name, text, values[name])} set by "
                                f"{ENV_PREFIX}{name}")
    for source in files:
        lines: dict[str, int] = {}
        for name, value in _file_values(source, options, result, lines).items():
            if name in declared:
                values[name] = value
                where[name] = TraceStep(source.display, lines.get(name, 1),
                                        f"var.{name} = {shown(name, None, value)}")
    return values


def _json_line(text: str, name: str) -> int:
    """The line of a JSON object's ``"name"`` key (1 when it cannot be found)."""
    index = text.find(json.dumps(name))
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def _file_values(source: SourceFile, options: LoadOptions, result: LoadResult,
                 lines: dict[str, int]) -> dict[str, Any]:
    if source.path not in options.var_files and not inside(source.path, options.roots):
        result.errors.append(ScanError(source.display, 1, outside_message(
            "the target of this variable file", source.path.resolve(), options.roots)))
        return {}
    text = read_text(source, result, options.limits.max_file_bytes)
    if text is None:
        return {}
    if source.path.name.endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            result.errors.append(ScanError(source.display, exc.lineno, f"invalid JSON: {exc.msg}"))
            return {}
        if not isinstance(data, dict):
            result.errors.append(ScanError(source.display, 1, "a tfvars JSON file must be an object"))
            return {}
        lines.update({name: _json_line(text, name) for name in data})
        return data
    parsed = parse_hcl(text, source.display, options.hcl_parser)
    result.errors.extend(parsed.errors)
    lines.update(parsed.body.get(LINES, {}))
    values: dict[str, Any] = {}
    for name, value in parsed.body.items():
        if is_metadata(name):
            continue
        try:
            values[name] = evaluate(value, ConstantScope(), _warner(result, f"{source.display}: {name}"))
        except LimitExceeded as exc:
            result.errors.append(ScanError(source.display, 1, f"{name} is not set: {exc}"))
    return values
