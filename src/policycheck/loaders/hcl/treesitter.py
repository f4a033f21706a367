"""The tree-sitter backend: the concrete syntax tree converted straight into the shape.

Values match python-hcl2 8.1.4 as configured in :mod:`reference` (expressions are re-rendered
with its spacing, not copied from the source). Syntax errors become :class:`ScanError` and the
rest of the file is kept: a top-level block or attribute containing an error is dropped, the
column-0 blocks an unclosed block swallowed are kept, and after an error that swallows the rest
of the file, parsing resumes at the next line that starts at column 0.
tree-sitter-hcl rejects a few valid forms (``1e3``: an exponent without a fraction), so a file
it finds errors in is handed to python-hcl2, whose result is used when it parses cleanly.
"""

from __future__ import annotations

import threading
from typing import Any

import tree_sitter_hcl
from tree_sitter import Language, Node, Parser, Point, Query, QueryCursor, Range

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
    number_text,
    number_value,
    quote_heredoc,
    unescape,
)
from policycheck.model import ScanError

_LANGUAGE = Language(tree_sitter_hcl.language())
_COMMENTS = Query(_LANGUAGE, "(comment) @comment")
_LOCAL = threading.local()
_TEMPLATE_PARTS = frozenset({"template_interpolation", "template_directive"})
_DIRECTIVE_WORDS = {
    "template_if_intro": "if",
    "template_else_intro": "else",
    "template_if_end": "endif",
    "template_for_start": "for",
    "template_for_end": "endfor",
}
_NAMES = {"string_lit": "string", "quoted_template": "string", "heredoc_template": "heredoc",
          "quoted_template_end": '"', "heredoc_identifier": "closing marker",
          "template_interpolation_end": "}", "template_directive_end": "}",
          "tuple": "list", "function_call": "function call"}
_VALUES: dict[bytes, Any] = {}
"""Values of expressions converted before (collections aside), by source text: the value
depends on the text alone (values are strings, numbers, booleans or ``None``), and files repeat
the same references (``aws_vpc.main.id``), names and templates."""
_VALUES_MAX = 8192
_VALUE_TEXT_MAX = 200
"""Longer expressions are converted each time (they rarely repeat; the memo stays small)."""
_NOT_SEEN = object()
_CLOSERS = frozenset({"}", ")", "]", "quoted_template_end", "heredoc_identifier",
                      "template_interpolation_end", "template_directive_end"})


def parse(text: str, display: str, fallback: bool = True) -> ParsedHcl:
    """Parse ``text`` with tree-sitter-hcl into the python-hcl2 shape with line metadata.

    With ``fallback``, a file tree-sitter finds errors in is parsed again with python-hcl2 and
    that result is used when it has no errors.
    """
    source = text.encode("utf-8")
    converter = _Converter(source)
    body: dict[str, Any] = {}
    lines: dict[str, int] = {}
    comments: list[Comment] = []
    errors: dict[int, ScanError] = {}
    start: int | None = 0
    while start is not None:
        root = _parse_from(source, start)
        start = _resume_offset(source, root)
        limit = len(source) + 1 if start is None else start
        converter.top_level(root, body, lines, limit)
        comments.extend(c for c in converter.comments(root) if c[0] < limit)
        for error in _syntax_errors(root, display, limit):
            errors.setdefault(error.line, error)
    for line, name in converter.clashes:
        errors.setdefault(line, ScanError(
            display, line, f"syntax error: {name!r} is already defined as an attribute"))
    body[LINES] = lines
    body[COMMENTS] = []
    assign_comments(converter.blocks, sorted(comments), body)
    if not errors:
        return ParsedHcl(body, [])
    if fallback:
        from policycheck.loaders.hcl.reference import parse as parse_reference

        reference = parse_reference(text, display)
        if not reference.errors:
            return reference
    return ParsedHcl(body, [errors[line] for line in sorted(errors)])


def _parse_from(source: bytes, start: int) -> Node:
    """The syntax tree of ``source[start:]`` (positions stay those of the whole source).

    A Parser is not thread-safe: whole files use one per thread (reusing it saves ~8% of a
    parse), the rare partial parses a fresh one.
    """
    if not start:
        parser: Parser | None = getattr(_LOCAL, "parser", None)
        if parser is None:
            parser = _LOCAL.parser = Parser(_LANGUAGE)
        return parser.parse(source).root_node
    parser = Parser(_LANGUAGE)
    last = source.rfind(b"\n") + 1
    parser.included_ranges = [
        Range(Point(source.count(b"\n", 0, start), 0),
              Point(source.count(b"\n"), len(source) - last), start, len(source))
    ]
    return parser.parse(source).root_node


def _resume_offset(source: bytes, root: Node) -> int | None:
    """Where to parse again when a top-level error swallowed the lines after it: the next
    line that starts with a name or a comment at column 0."""
    top = [c for node in (root, *root.named_children) if node.type in ("config_file", "body")
           for c in node.children if c.is_error]
    for error in top:
        offset = source.find(b"\n", error.start_byte)
        while 0 <= offset < error.end_byte:
            offset += 1
            first = source[offset : offset + 1]
            if first.isalpha() or first in (b"_", b"#", b"/"):
                return offset
            offset = source.find(b"\n", offset)
    return None


class _Converter:
    """Turns nodes into values; remembers block spans so comments can be assigned."""

    def __init__(self, source: bytes) -> None:
        self.source = source
        self.blocks: list[Block] = []
        self.clashes: list[tuple[int, str]] = []

    def text(self, node: Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8")

    # -- bodies and blocks ---------------------------------------------------------------

    def top_level(self, root: Node, result: dict[str, Any], lines: dict[str, int],
                  limit: int) -> None:
        """Add the top-level attributes and blocks starting before ``limit`` to ``result``."""
        for top in root.children:
            if top.type != "body":
                continue
            for child in top.children:
                if child.start_byte >= limit:
                    break
                if child.type == "block":
                    (self.hoist if child.has_error else self.block)(child, result, lines)
                elif child.type == "attribute" and not child.has_error:
                    self.attribute(child, result, lines)

    def body(self, node: Node, result: dict[str, Any]) -> None:
        """Fill ``result`` from a ``body`` node's attributes and blocks."""
        lines: dict[str, int] = {}
        for child in node.children:
            kind = child.type
            if kind == "attribute":
                self.attribute(child, result, lines)
            elif kind == "block":
                self.block(child, result, lines)
        result[LINES] = lines

    def hoist(self, block: Node, result: dict[str, Any], lines: dict[str, int]) -> None:
        """Keep the column-0 blocks an unclosed top-level block swallowed (they are top-level)."""
        for child in block.children:
            if child.type == "body":
                for inner in child.children:
                    if inner.type == "block" and inner.start_point[1] == 0:
                        if inner.has_error:
                            self.hoist(inner, result, lines)
                        else:
                            self.block(inner, result, lines)

    def attribute(self, node: Node, result: dict[str, Any], lines: dict[str, int]) -> None:
        name = ""
        for child in node.children:
            kind = child.type
            if kind == "identifier":
                name = self.text(child)
            elif kind == "expression":
                lines[name] = node.start_point[0] + 1
                result[name] = self.value(child, name, lines)

    def block(self, node: Node, result: dict[str, Any], lines: dict[str, int]) -> None:
        keys: list[str] = []
        body: dict[str, Any] = {}
        self.blocks.append((node.start_byte, node.end_byte, body))
        inner: Node | None = None
        for child in node.children:
            kind = child.type
            if kind == "identifier":
                keys.append(self.text(child))
            elif kind == "string_lit":
                keys.append(self.template(child, as_value=True))
            elif kind == "body":
                inner = child
        start = node.start_point[0] + 1
        body[START_LINE] = start
        body[END_LINE] = node.end_point[0] + 1
        if inner is None:
            body[LINES] = {}
        else:
            self.body(inner, body)
        body[COMMENTS] = []
        wrapped: dict[str, Any] = body
        for label in reversed(keys[1:]):
            wrapped = {label: wrapped}
        lines.setdefault(keys[0], start)
        siblings = result.setdefault(keys[0], [])
        if isinstance(siblings, list):
            siblings.append(wrapped)
        else:
            self.clashes.append((start, keys[0]))

    def comments(self, root: Node) -> list[Comment]:
        found = QueryCursor(_COMMENTS).captures(root).get("comment", [])
        return sorted((c.start_byte, c.start_point[0] + 1, self.text(c)) for c in found)

    # -- expressions in value position ---------------------------------------------------

    def value(self, node: Node, path: str, lines: dict[str, int]) -> Any:
        """An ``expression`` node as python-hcl2 serializes an attribute value."""
        parts = [c for c in node.children if c.type != "comment"]
        if len(parts) == 1 and parts[0].type == "collection_value":
            return self.collection(parts[0].named_children[0], path, lines)
        if node.end_byte - node.start_byte > _VALUE_TEXT_MAX:  # a heredoc, a long template
            return self.scalar(parts)
        source = self.source[node.start_byte : node.end_byte]
        value = _VALUES.get(source, _NOT_SEEN)
        if value is _NOT_SEEN:
            value = self.scalar(parts)
            if len(_VALUES) >= _VALUES_MAX:
                del _VALUES[next(iter(_VALUES))]
            _VALUES[source] = value
        return value

    def scalar(self, parts: list[Node]) -> Any:
        """The value of an expression that is not a collection (its text alone decides it)."""
        if len(parts) == 1:
            first = parts[0]
            kind = first.type
            if kind == "literal_value":
                return self.literal(first, as_value=True)
            if kind == "template_expr":
                return self.template(first.named_children[0], as_value=True)
            if kind == "variable_expr":
                return self.text(first)  # python-hcl2 writes a lone name bare: `type = string`
            if kind == "operation":
                negated = self.negated_number(first)
                if negated is not None:
                    return negated
        return "${" + self.render(parts) + "}"

    def collection(self, node: Node, path: str, lines: dict[str, int]) -> Any:
        if node.type == "tuple":
            items: list[Any] = []
            for child in node.children:
                if child.type == "expression":
                    item_path = f"{path}.{len(items)}"
                    lines[item_path] = child.start_point[0] + 1
                    items.append(self.value(child, item_path, lines))
            return items
        result: dict[str, Any] = {}
        for element in node.children:
            if element.type != "object_elem":
                continue
            key_node, value_node = [c for c in element.children if c.type == "expression"]
            key = self.key(key_node)
            if isinstance(key, str):
                lines[f"{path}.{key}"] = element.start_point[0] + 1
            result[key] = self.value(value_node, f"{path}.{key}", lines)
        return result

    def key(self, node: Node) -> Any:
        """An object key as python-hcl2 serializes it outside expressions."""
        key = self.value(node, "", {})
        return str(key) if isinstance(key, (int, float)) and not isinstance(key, bool) else key

    def literal(self, node: Node, as_value: bool) -> Any:
        inner = node.named_children[0]
        kind = inner.type
        if kind == "numeric_lit":
            text = self.text(inner)
            return number_value(text) if as_value else number_text(text)
        if kind == "string_lit":
            return self.template(inner, as_value)
        text = self.text(inner)
        if as_value:
            return {"true": True, "false": False}.get(text)
        return text

    def negated_number(self, operation: Node) -> int | float | None:
        """``-<number>`` in value position is the negative number (as in python-hcl2)."""
        unary = operation.named_children[0]
        if unary.type != "unary_operation":
            return None
        parts = [c for c in unary.children if c.type != "comment"]
        if len(parts) != 2 or parts[0].type != "-" or parts[1].type != "literal_value":
            return None
        number = parts[1].named_children[0]
        if number.type != "numeric_lit":
            return None
        value = number_value(self.text(number))
        return None if isinstance(value, str) else -value

    # -- templates -----------------------------------------------------------------------

    def template(self, node: Node, as_value: bool) -> str:
        """A quoted string, quoted template or heredoc: its value or its quoted source form."""
        if node.type == "heredoc_template":
            value = self.heredoc(node)
            return value if as_value else quote_heredoc(value)
        children = node.children
        inner = self.template_parts(children, children[0].end_byte, children[-1].start_byte,
                                    as_value)
        return inner if as_value else f'"{inner}"'

    def heredoc(self, node: Node) -> str:
        markers = [c for c in node.children if c.type in ("heredoc_start", "heredoc_identifier")]
        opening, closing = markers[1], markers[-1]
        newline = self.source.find(b"\n", opening.end_byte)
        start = min(newline + 1, closing.start_byte) if newline >= 0 else closing.start_byte
        body = self.source[start : closing.start_byte].decode("utf-8")
        return heredoc_value(body, trim=self.text(markers[0]) == "<<-")

    def template_parts(self, children: list[Node], start: int, end: int, as_value: bool) -> str:
        """Literal text from ``start`` to ``end``, interpolations and directives rendered."""
        out: list[str] = []
        position = start
        for child in children:
            if child.type not in _TEMPLATE_PARTS:
                continue
            out.append(self.literal_text(position, child.start_byte, as_value))
            if child.type == "template_interpolation":
                out.append(self.interpolation(child))
            else:
                out.append(self.directive(child.named_children[0], as_value))
            position = child.end_byte
        out.append(self.literal_text(position, end, as_value))
        return "".join(out)

    def literal_text(self, start: int, end: int, as_value: bool) -> str:
        if start >= end:
            return ""
        text = self.source[start:end].decode("utf-8")
        return unescape(text) if as_value else text

    def interpolation(self, node: Node) -> str:
        strip = [c for c in node.children if c.type == "strip_marker"]
        expression = next(c for c in node.children if c.type == "expression")
        opening = "~" if strip and strip[0].start_byte < expression.start_byte else ""
        closing = "~" if strip and strip[-1].start_byte > expression.start_byte else ""
        return "${" + opening + self.render_expression(expression) + closing + "}"

    def directive(self, node: Node, as_value: bool) -> str:
        """``%{ if }`` / ``%{ for }`` with bodies, spaced as python-hcl2 writes them."""
        out: list[str] = []
        markers = [c for c in node.children if c.type in _DIRECTIVE_WORDS]
        for index, marker in enumerate(markers):
            out.append(self.directive_marker(marker))
            if index + 1 < len(markers):
                body = [c for c in node.children
                        if marker.end_byte <= c.start_byte < markers[index + 1].start_byte]
                out.append(self.template_parts(body, marker.end_byte,
                                               markers[index + 1].start_byte, as_value))
        return "".join(out)

    def directive_marker(self, node: Node) -> str:
        children = node.children
        word = _DIRECTIVE_WORDS[node.type]
        opening = "~ " if children[1].type == "strip_marker" else " "
        closing = " ~" if children[-2].type == "strip_marker" else " "
        if word == "if":
            condition = next(c for c in children if c.type == "expression")
            word = f"if {self.render_expression(condition)}"
        elif word == "for":
            names = [self.text(c) for c in children if c.type == "identifier"]
            collection = next(c for c in children if c.type == "expression")
            word = f"for {', '.join(names)} in {self.render_expression(collection)}"
        return "%{" + opening + word + closing + "}"

    # -- expressions as text -------------------------------------------------------------

    def render_expression(self, node: Node) -> str:
        return self.render([c for c in node.children if c.type != "comment"])

    def render(self, parts: list[Node]) -> str:
        """A term (primary plus postfix operators) as python-hcl2 writes it inside ``${}``."""
        return "".join(self.render_node(part) for part in parts)

    def render_node(self, node: Node) -> str:
        kind = node.type
        if kind == "expression":
            return self.render_expression(node)
        if kind in ("(", ")"):
            return kind
        if kind in ("variable_expr", "identifier"):
            return self.text(node)
        if kind == "get_attr":
            return "." + self.text(node.named_children[0])
        if kind == "index":
            inner = node.named_children[0]
            if inner.type == "legacy_index":
                return "." + number_text(self.text(inner)[1:])
            expression = next(c for c in inner.children if c.type == "expression")
            return "[" + self.render_expression(expression) + "]"
        if kind == "splat":
            inner = node.named_children[0]
            marker = ".*" if inner.type == "attr_splat" else "[*]"
            return marker + self.render([c for c in inner.named_children if c.type != "comment"])
        if kind == "literal_value":
            return str(self.literal(node, as_value=False))
        if kind == "template_expr":
            return self.template(node.named_children[0], as_value=False)
        if kind in ("collection_value", "for_expr", "operation"):
            return self.render_node(node.named_children[0])
        return self.render_compound(node)

    def render_compound(self, node: Node) -> str:
        kind = node.type
        named = [c for c in node.named_children if c.type != "comment"]
        if kind == "tuple":
            return "[" + ", ".join(self.render_expression(c) for c in named
                                   if c.type == "expression") + "]"
        if kind == "object":
            return "{" + ", ".join(self.render_element(c) for c in named
                                   if c.type == "object_elem") + "}"
        if kind == "function_call":
            return self.render_call(node)
        if kind == "conditional":
            condition, true, false = (self.render_expression(c) for c in named)
            return f"{condition} ? {true} : {false}"
        if kind == "unary_operation":
            parts = [c for c in node.children if c.type != "comment"]
            return parts[0].type + self.render(parts[1:])
        if kind == "binary_operation":
            parts = [c for c in node.children if c.type != "comment"]
            split = next(i for i, c in enumerate(parts) if not c.is_named and c.type not in "()")
            return (f"{self.render(parts[:split])} {parts[split].type} "
                    f"{self.render(parts[split + 1:])}")
        if kind in ("for_tuple_expr", "for_object_expr"):
            return self.render_for(node, named)
        raise ValueError(f"unexpected {kind} node")

    def render_element(self, node: Node) -> str:
        key, value = (c for c in node.children if c.type == "expression")
        return f"{self.render_expression(key)} = {self.render_expression(value)}"

    def render_call(self, node: Node) -> str:
        name = ""
        arguments: list[str] = []
        expand = ""
        for child in node.children:
            if child.type == "identifier":
                name = self.text(child)
            elif child.type == "function_arguments":
                for argument in child.children:
                    if argument.type == "expression":
                        arguments.append(self.render_expression(argument))
                    elif argument.type == "ellipsis":
                        expand = " ..."
        return f"{name}({', '.join(arguments)}{expand})"

    def render_for(self, node: Node, named: list[Node]) -> str:
        intro = named[1]
        names = [self.text(c) for c in intro.named_children if c.type == "identifier"]
        collection = next(c for c in intro.named_children if c.type == "expression")
        text = f"for {', '.join(names)} in {self.render_expression(collection)} : "
        expressions = [c for c in named if c.type == "expression"]
        if node.type == "for_tuple_expr":
            opening, closing = "[", "]"
            text += self.render_expression(expressions[0])
        else:
            opening, closing = "{", "}"
            text += (f"{self.render_expression(expressions[0])} => "
                     f"{self.render_expression(expressions[1])}")
            if any(c.type == "ellipsis" for c in named):
                text += "..."
        condition = next((c for c in named if c.type == "for_cond"), None)
        if condition is not None:
            expression = next(c for c in condition.named_children if c.type == "expression")
            text += f" if {self.render_expression(expression)}"
        return opening + text + closing


def _syntax_errors(root: Node, display: str, limit: int) -> list[ScanError]:
    """One error per outermost ERROR or MISSING node that starts before ``limit``."""
    errors: list[ScanError] = []
    if any(c.type == "object" for c in root.children):
        errors.append(ScanError(display, 1, "syntax error: expected attributes and blocks"))
    pending = [root] if root.has_error else []
    while pending:
        node = pending.pop()
        if node.start_byte >= limit:
            continue
        if node.is_missing:
            missing = _NAMES.get(node.type, node.type)
            if node.type not in _CLOSERS:
                before = node
                while before.prev_sibling is None and before.parent is not None:
                    before = before.parent
                before = before.prev_sibling or before
                errors.append(ScanError(display, before.end_point[0] + 1,
                                        f"syntax error: missing {missing!r}"))
                continue
            parent = node.parent
            while parent is not None and parent.type.endswith(("_start", "_end")):
                parent = parent.parent
            where = parent if parent is not None else node
            what = _NAMES.get(where.type, where.type.replace("_", " "))
            errors.append(ScanError(display, where.start_point[0] + 1,
                                    f"syntax error: {what} is not closed (missing {missing!r})"))
        elif node.is_error:
            lines = (node.text or b"").decode("utf-8", "replace").strip().splitlines()
            found = f"{lines[0][:40]!r}" if lines else "input"
            errors.append(ScanError(display, node.start_point[0] + 1,
                                    f"syntax error: unexpected {found}"))
        else:
            pending.extend(c for c in reversed(node.children) if c.has_error or c.is_missing)
    return errors
