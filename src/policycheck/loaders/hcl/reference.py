"""The python-hcl2 backend: the reference shape, with lines taken from the Lark tree.

Comments are read from the Lark tokens (with their lines) rather than from python-hcl2's
``__comments__``, so both backends report the same comments. Four python-hcl2 8.1.4 bugs are
corrected on the parsed tree (see tests/hcl/test_hcl_known_differences.py): a comment before a
binary operator leaks into the expression text, a comment between a block's labels and its
``{`` becomes a label, a ``<<-`` heredoc gets its quotes and backslashes escaped, and a heredoc
inside an expression loses its quotes.
"""

from __future__ import annotations

from typing import Any

import hcl2
from hcl2.postlexer import OPERATOR_TYPES
from hcl2.rules.base import AttributeRule, BlockRule, BodyRule
from hcl2.rules.containers import ObjectRule, TupleRule
from hcl2.rules.expressions import ExprTermRule
from hcl2.rules.strings import HeredocTemplateRule
from hcl2.utils import HEREDOC_PATTERN, HEREDOC_TRIM_PATTERN, SerializationContext
from lark import Token, Tree

from policycheck.loaders.hcl.shape import (
    COMMENTS,
    END_LINE,
    LINES,
    START_LINE,
    Block,
    Comment,
    ParsedHcl,
    assign_comments,
    heredoc_value,
    quote_heredoc,
)
from policycheck.model import ScanError

OPTIONS = hcl2.SerializationOptions(
    with_comments=True,
    explicit_blocks=False,
    preserve_heredocs=False,
    strip_string_quotes=True,
)
_OPERATORS = ("==", "!=", "<=", ">=", "&&", "||", "<", ">", "*", "/", "%", "+", "?")


class _Heredoc(HeredocTemplateRule):
    """A heredoc serialized as its value, or as a quoted string inside an expression."""

    def serialize(self, options: Any = OPTIONS, context: Any = None) -> Any:
        token = str(self.heredoc.serialize(options, context))
        trim = token.startswith("<<-")
        match = (HEREDOC_TRIM_PATTERN if trim else HEREDOC_PATTERN).match(token)
        value = heredoc_value(match.group(2), trim) if match else token
        inside = context is not None and context.inside_dollar_string
        return quote_heredoc(value) if inside else value


def parse(text: str, display: str) -> ParsedHcl:
    """Parse with python-hcl2; a syntax error yields an empty body and one error."""
    try:
        lark_tree = hcl2.parses_to_tree(text)
        comments = _take_comments(lark_tree)
        tree = hcl2.transform(lark_tree)
        _fix_heredocs(tree)
        body: dict[str, Any] = tree.serialize(OPTIONS, SerializationContext())
    except Exception as exc:  # python-hcl2 raises Lark errors, RuntimeError, ValueError ...
        return ParsedHcl({}, [_error(exc, display)])
    blocks: list[Block] = []
    _annotate_body(tree.body, body, blocks)
    assign_comments(blocks, comments, body)
    return ParsedHcl(body, [])


def _error(exc: Exception, display: str) -> ScanError:
    """A python-hcl2 (Lark) exception as a ScanError at its line."""
    line = getattr(exc, "line", None)
    line = line if isinstance(line, int) and line > 0 else 1
    token = getattr(exc, "token", None)
    char = getattr(exc, "char", None)
    if isinstance(token, Token):
        found = "end of file" if token.type == "$END" else repr(str(token).strip()[:40])
        message = f"unexpected {found}"
    elif isinstance(char, str):
        message = f"unexpected character {char!r}"
    else:
        lines = str(exc).strip().splitlines()
        message = lines[0] if lines else type(exc).__name__
    return ScanError(display, line, f"syntax error: {message}")


def _take_comments(lark_tree: Tree[Token]) -> list[Comment]:
    """Every comment with its position and line; comments merged into operators are removed."""
    comments: list[Comment] = []
    for subtree in lark_tree.iter_subtrees():
        if subtree.data == "block":  # a comment before `{` would otherwise become a label
            subtree.children = [c for c in subtree.children if not _is_comment_tree(c)]
        for index, child in enumerate(subtree.children):
            if not isinstance(child, Token):
                continue
            if child.type == "NL_OR_COMMENT":
                if child.lstrip()[:1] in ("#", "/"):
                    comments.append((child.start_pos or 0, child.line or 1, child.strip()))
            elif child.type in OPERATOR_TYPES:
                operator = next((o for o in _OPERATORS if child.endswith(o)), str(child))
                prefix = child[: len(child) - len(operator)]
                if prefix.strip():
                    line = (child.line or 1) - prefix.count("\n")
                    position = (child.start_pos or 0) - len(prefix)
                    comments.append((position, line, prefix.strip()))
                if prefix:
                    subtree.children[index] = child.update(value=operator)
    comments.sort()
    return comments


def _is_comment_tree(child: object) -> bool:
    return isinstance(child, Tree) and child.data == "new_line_or_comment"


def _fix_heredocs(rule: Any) -> None:
    """Swap python-hcl2's heredoc rules for :class:`_Heredoc` throughout the tree."""
    pending = [rule]
    while pending:
        node = pending.pop()
        if isinstance(node, HeredocTemplateRule):
            node.__class__ = _Heredoc
        pending.extend(c for c in getattr(node, "children", ()) if c is not None)


def _annotate_body(rule: BodyRule, body: dict[str, Any], blocks: list[Block]) -> None:
    """Add ``__lines__`` and empty ``__comments__`` to ``body`` and block metadata below it."""
    found: dict[str, int] = {}
    seen: dict[str, int] = {}
    body.pop("__inline_comments__", None)
    body[COMMENTS] = []
    for child in rule.children:
        if isinstance(child, AttributeRule):
            name = child.identifier.serialize(OPTIONS)
            found[name] = child._meta.line
            _expression_lines(child.expression, name, found)
        elif isinstance(child, BlockRule):
            name = child.labels[0].serialize(OPTIONS)
            index = seen.get(name, 0)
            seen[name] = index + 1
            found.setdefault(name, child._meta.line)
            target = body[name][index]
            for label in child.labels[1:]:
                target = target[label.serialize(OPTIONS)]
            target[START_LINE] = child._meta.line
            target[END_LINE] = child._meta.end_line
            blocks.append((child._meta.start_pos, child._meta.end_pos, target))
            _annotate_body(child.body, target, blocks)
    body[LINES] = found


def _expression_lines(expression: Any, path: str, found: dict[str, int]) -> None:
    """Lines of the elements of object and tuple literals, under dotted paths."""
    while isinstance(expression, ExprTermRule) and not expression.parentheses:
        expression = expression.expression
    if isinstance(expression, ObjectRule):
        for element in expression.elements:
            key = element.key.serialize(OPTIONS)
            if isinstance(key, str):
                found[f"{path}.{key}"] = element._meta.line
                _expression_lines(element.expression, f"{path}.{key}", found)
    elif isinstance(expression, TupleRule):
        for index, item in enumerate(expression.elements):
            found[f"{path}.{index}"] = item._meta.line
            _expression_lines(item, f"{path}.{index}", found)
