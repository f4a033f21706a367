"""tree-sitter-hcl parse trees compiled into :mod:`nodes`.

A python-hcl2 string is wrapped in a heredoc (``x = <<__PC__ ... __PC__``), so its literal
text needs no re-escaping; a template that is a single interpolation compiles to that
expression, keeping its value's type.
"""

from __future__ import annotations

import functools
import re

import tree_sitter
import tree_sitter_hcl

from policycheck.loaders.hcl.expressions.nodes import (
    Attr,
    Binary,
    Call,
    Conditional,
    Fail,
    For,
    Group,
    Index,
    Literal,
    Name,
    Node,
    Object,
    Splat,
    Step,
    Template,
    TemplateFor,
    TemplateIf,
    Traversal,
    Tuple,
    Unary,
)
from policycheck.loaders.hcl.expressions.values import EvalError

_MARKER = "__PC__"
_PREFIX = f"x = <<{_MARKER}\n".encode()
_STEPS = ("get_attr", "index", "splat")
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


@functools.cache
def _parser() -> tree_sitter.Parser:
    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))


def _unescape(text: str, quoted: bool) -> str:
    if quoted and "\\" in text:
        text = _ESCAPE.sub(_escape_char, text)
    return text.replace("$${", "${").replace("%%{", "%{")


def _escape_char(match: re.Match[str]) -> str:
    code = match.group(1)
    if code[0] in "uU" and len(code) > 1:
        return chr(int(code[1:], 16))
    return _SIMPLE_ESCAPES.get(code, match.group(0))


class _Compiler:
    def __init__(self, source: bytes) -> None:
        self.source = source

    def text(self, node: tree_sitter.Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode()

    def expression(self, node: tree_sitter.Node) -> Node:
        kind = node.type
        if kind in ("expression", "operation", "collection_value", "template_expr", "for_expr"):
            return self.sequence(node.children)
        if kind == "literal_value":
            return self.literal(node.children[0])
        if kind == "variable_expr":
            return Name(self.text(node))
        if kind == "function_call":
            return self.call(node)
        if kind == "binary_operation":
            return self.binary(node.children)
        if kind == "unary_operation":
            return Unary(self.text(node.children[0]), self.sequence(node.children[1:]))
        if kind == "conditional":
            condition, yes, no = (self.expression(c) for c in node.named_children)
            return _right_conditional(condition, yes, no)
        if kind == "tuple":
            return Tuple(tuple(self.expression(c) for c in node.named_children
                                if c.type == "expression"))
        if kind == "object":
            return Object(tuple(self.element(c) for c in node.named_children
                                 if c.type == "object_elem"))
        if kind in ("for_tuple_expr", "for_object_expr"):
            return self.for_expression(node)
        if kind in ("quoted_template", "heredoc_template"):
            return self.string(node)
        raise EvalError(f"unsupported expression {kind}")

    def sequence(self, children: list[tree_sitter.Node]) -> Node:
        """A primary expression (possibly parenthesised) followed by traversal steps."""
        named = [c for c in children if c.is_named]
        if not named:
            raise EvalError("empty expression")
        base = self.expression(named[0])
        if isinstance(base, Conditional) and not children[0].is_named:
            base = Group(base)  # parenthesised: not to be regrouped
        steps = tuple(self.step(c) for c in named[1:] if c.type in _STEPS)
        return Traversal(base, steps) if steps else base

    def binary(self, children: list[tree_sitter.Node]) -> Node:
        position = next(i for i, c in enumerate(children) if not c.is_named and i > 0
                        and self.text(c) not in ("(", ")"))
        operator = self.text(children[position])
        return Binary(operator, self.sequence(children[:position]),
                       self.sequence(children[position + 1 :]))

    def step(self, node: tree_sitter.Node) -> Step:
        if node.type == "get_attr":
            return Attr(self.text(node.named_children[0]))
        if node.type == "index":
            inner = node.named_children[0]
            if inner.type == "legacy_index":
                return Index(Literal(int(self.text(inner).lstrip("."))))
            return Index(self.expression(inner.named_children[0]))
        splat = node.named_children[0]
        return Splat(tuple(self.step(c) for c in splat.named_children if c.type in _STEPS))

    def literal(self, node: tree_sitter.Node) -> Node:
        text = self.text(node)
        if node.type == "numeric_lit":
            number = float(text)
            return Literal(int(text) if text.isdigit() else number)
        if node.type == "bool_lit":
            return Literal(text == "true")
        if node.type == "null_lit":
            return Literal(None)
        return self.string(node)

    def call(self, node: tree_sitter.Node) -> Node:
        arguments = next((c for c in node.named_children if c.type == "function_arguments"), None)
        args: tuple[Node, ...] = ()
        expand = False
        if arguments is not None:
            args = tuple(self.expression(c) for c in arguments.named_children
                         if c.type == "expression")
            expand = any(c.type == "ellipsis" for c in arguments.named_children)
        return Call(self.text(node.named_children[0]), args, expand)

    def element(self, node: tree_sitter.Node) -> tuple[Node, Node]:
        key_node, value_node = (c for c in node.named_children if c.type == "expression")
        key = self.expression(key_node)
        if isinstance(key, Name) and [c.type for c in key_node.children] == ["variable_expr"]:
            key = Literal(key.name)
        return key, self.expression(value_node)

    def for_expression(self, node: tree_sitter.Node) -> Node:
        intro = node.named_children[1]
        names = tuple(self.text(c) for c in intro.named_children if c.type == "identifier")
        collection = self.expression(next(c for c in intro.named_children
                                          if c.type == "expression"))
        body = [c for c in node.named_children[2:] if c.type == "expression"]
        condition = next((c for c in node.named_children if c.type == "for_cond"), None)
        return For(
            names,
            collection,
            self.expression(body[0]) if len(body) == 2 else None,
            self.expression(body[-1]),
            self.expression(condition.named_children[0]) if condition is not None else None,
            any(c.type == "ellipsis" for c in node.named_children),
        )

    def string(self, node: tree_sitter.Node) -> Node:
        if node.type == "string_lit" or node.type == "quoted_template":
            start, end = node.children[0].end_byte, node.children[-1].start_byte
            return self.template(node, start, end, quoted=True)
        opener, closer = node.children[1], node.children[-1]
        start = self.source.index(b"\n", opener.end_byte) + 1
        end = self.source.rindex(b"\n", 0, closer.start_byte) + 1
        return self.template(node, start, max(start, end), quoted=False)

    def template(self, node: tree_sitter.Node, start: int, end: int, quoted: bool) -> Node:
        parts = self.parts(node, start, end, quoted)
        if not parts:
            return Literal("")
        if len(parts) == 1 and isinstance(parts[0], str):
            return Literal(parts[0])
        return Template(tuple(parts))

    def parts(self, node: tree_sitter.Node, start: int, end: int, quoted: bool) -> list[str | Node]:
        """Literal text and interpolations/directives of ``node`` between two byte offsets."""
        parts: list[str | Node] = []
        position = start
        for child in node.children:
            if child.start_byte < start or child.end_byte > end:
                continue
            if child.type not in ("template_interpolation", "template_directive"):
                continue
            if child.start_byte > position:
                parts.append(_unescape(self.slice(position, child.start_byte), quoted))
            parts.append(self.hole(child, quoted))
            position = child.end_byte
        if end > position:
            parts.append(_unescape(self.slice(position, end), quoted))
        return parts

    def slice(self, start: int, end: int) -> str:
        return self.source[start:end].decode()

    def hole(self, node: tree_sitter.Node, quoted: bool) -> Node:
        if node.type == "template_interpolation":
            return self.expression(next(c for c in node.named_children if c.type == "expression"))
        directive = node.named_children[0]
        children = directive.named_children
        if directive.type == "template_if":
            intro, closer = children[0], children[-1]
            other = next((c for c in children if c.type == "template_else_intro"), None)
            split = other.start_byte if other is not None else closer.start_byte
            yes = Template(tuple(self.parts(directive, intro.end_byte, split, quoted)))
            no = Template(tuple(self.parts(directive, other.end_byte, closer.start_byte, quoted))
                           if other is not None else ())
            condition = next(c for c in intro.named_children if c.type == "expression")
            return TemplateIf(self.expression(condition), yes, no)
        intro, closer = children[0], children[-1]
        names = tuple(self.text(c) for c in intro.named_children if c.type == "identifier")
        collection = next(c for c in intro.named_children if c.type == "expression")
        body = Template(tuple(self.parts(directive, intro.end_byte, closer.start_byte, quoted)))
        return TemplateFor(names, self.expression(collection), body)


def _right_conditional(condition: Node, yes: Node, no: Node) -> Conditional:
    """``condition ? yes : no``, regrouped: tree-sitter-hcl reads ``a ? b : c ? d : e`` as
    ``(a ? b : c) ? d : e``; HCL means ``a ? b : (c ? d : e)``."""
    if isinstance(condition, Conditional):
        return Conditional(condition.condition, condition.yes,
                            _right_conditional(condition.no, yes, no))
    return Conditional(condition, yes, no)


@functools.lru_cache(maxsize=16384)
def compile_template(text: str) -> Node:
    """The syntax tree of a python-hcl2 string (template or ``"${expr}"``), memoized."""
    content = text.encode()
    source = _PREFIX + content + f"\n{_MARKER}\n".encode()
    tree = _parser().parse(source)
    if tree.root_node.has_error:
        return Fail(f"cannot parse expression {short(text)}")
    template = tree.root_node.named_children[0].named_children[0].named_children[-1]
    while template.type != "heredoc_template" and template.named_children:
        template = template.named_children[0]
    compiler = _Compiler(source)
    try:
        parts = compiler.parts(template, len(_PREFIX), len(_PREFIX) + len(content), quoted=False)
    except Exception as exc:  # an unexpected tree shape is an unparsable expression
        return Fail(f"cannot parse expression {short(text)}: {exc}")
    if len(parts) == 1 and isinstance(parts[0], Node):
        return parts[0]
    return Template(tuple(parts))


def short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")
