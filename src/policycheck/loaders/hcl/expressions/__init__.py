"""Evaluation of HCL expressions as python-hcl2 renders them: ``"${expr}"`` and templates.

Every string of a parsed body is a template, compiled once per distinct string with
tree-sitter-hcl (:mod:`.compiler`) into a small syntax tree (:mod:`.nodes`) and evaluated
against a :class:`Scope` that supplies names, functions and reference bookkeeping; a template
that is a single interpolation keeps its value's type. :mod:`.values` holds the value semantics.

Unresolvable values are :class:`Unknown`; code that needs a known value raises :class:`NotKnown`,
which turns the enclosing expression (not its siblings) into that Unknown. Expressions Terraform
would reject raise :class:`EvalError`; :func:`evaluate` reports them and yields an Unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from policycheck.loaders.hcl.expressions.compiler import compile_template, short
from policycheck.loaders.hcl.expressions.nodes import bind, evaluate_node
from policycheck.loaders.hcl.expressions.values import (
    MISSING,
    Computed,
    EvalError,
    Multi,
    Namespace,
    NotKnown,
    Scope,
    equal,
    get_attr,
    instance_key,
    is_number,
    items,
    known,
    normalize_number,
    to_bool,
    to_number,
    to_string,
    type_name,
)
from policycheck.model import Unknown


def evaluate_string(text: str, scope: Scope, on_error: Callable[[str], None]) -> Any:
    """The value of one python-hcl2 string; an evaluation error is reported and becomes Unknown."""
    if "${" not in text and "%{" not in text:
        return text
    try:
        return evaluate_node(compile_template(text), scope)
    except EvalError as exc:
        message = str(exc)
    except RecursionError:
        message = "the expression is nested too deeply"
    on_error(message)
    return Unknown(f"cannot evaluate {short(text)}: {message}")


def evaluate(value: Any, scope: Scope, on_error: Callable[[str], None]) -> Any:
    """``value`` from a parsed body with every string evaluated and metadata keys dropped."""
    if isinstance(value, str):
        return evaluate_string(value, scope, on_error)
    if isinstance(value, list):
        return [evaluate(v, scope, on_error) for v in value]
    if isinstance(value, dict):
        result: dict[str, Any] = {}
        for key, item in value.items():
            if is_metadata(key):
                continue
            name = evaluate_string(key, scope, on_error)
            if isinstance(name, Unknown):
                return name
            if not isinstance(name, str):
                on_error(f"object key {key!r} is not a string")
                return Unknown(f"object key {key!r} is not a string")
            result[name] = evaluate(item, scope, on_error)
        return result
    return value


def is_template(text: str) -> bool:
    """Whether a python-hcl2 string interpolates or has directives (more than escapes)."""
    unescaped = text.replace("$${", "").replace("%%{", "")
    return "${" in unescaped or "%{" in unescaped


def is_metadata(key: str) -> bool:
    return key.startswith("__") and key.endswith("__")


def expression_text(value: Any) -> Any:
    """``value`` with ``"${x}"`` strings unwrapped to ``x`` (keyword-like meta-arguments)."""
    if isinstance(value, str) and value.startswith("${") and value.endswith("}"):
        return value[2:-1].strip()
    if isinstance(value, list):
        return [expression_text(v) for v in value]
    if isinstance(value, dict):
        return {k: expression_text(v) for k, v in value.items() if not is_metadata(k)}
    return value


__all__ = [
    "MISSING",
    "Computed",
    "EvalError",
    "Multi",
    "Namespace",
    "NotKnown",
    "Scope",
    "bind",
    "equal",
    "evaluate",
    "evaluate_string",
    "expression_text",
    "get_attr",
    "instance_key",
    "is_metadata",
    "is_number",
    "is_template",
    "items",
    "known",
    "normalize_number",
    "to_bool",
    "to_number",
    "to_string",
    "type_name",
]
