"""Evaluation of HCL expressions as python-hcl2 renders them: ``"${expr}"`` and templates.

Every string of a parsed body is a template. It is parsed once (memoized per string) with
tree-sitter-hcl, wrapped in a heredoc so literal text needs no re-escaping, into a small syntax
tree; a template that is a single interpolation keeps its value's type. A :class:`Scope` supplies
names, functions and reference bookkeeping.

Unresolvable values are :class:`Unknown`; code that needs a known value raises :class:`NotKnown`,
which turns the enclosing expression (not its siblings) into that Unknown. Expressions Terraform
would reject raise :class:`EvalError`; :func:`evaluate` reports them and yields an Unknown.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import tree_sitter
import tree_sitter_hcl

from policycheck.model import Reference, Unknown, UnknownValueError

_MARKER = "__PC__"
_PREFIX = f"x = <<{_MARKER}\n".encode()
_STEPS = ("get_attr", "index", "splat")
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


class EvalError(Exception):
    """An expression Terraform would reject (type mismatch, missing key, bad syntax ...)."""


class NotKnown(Exception):
    """Raised where a known value is needed but ``unknown`` was found."""

    def __init__(self, unknown: Unknown) -> None:
        super().__init__(unknown.reason)
        self.unknown = unknown


@dataclass(frozen=True, slots=True, eq=False)
class Computed(Unknown):
    """An unknown string whose shape is known, e.g. ``${aws_s3_bucket.b.arn}/*``.

    It is an :class:`Unknown` to policies; ``jsonencode`` renders it as ``placeholder``.
    """

    placeholder: str = ""


class _Missing:
    """The type of :data:`MISSING`."""


MISSING = _Missing()


class Namespace:
    """A name resolved one traversal step at a time (``var``, a resource type, a module)."""

    label = "value"

    def attr(self, name: str) -> Any:
        raise EvalError(f"{self.label} has no attribute {name!r}")

    def index(self, key: Any) -> Any:
        raise EvalError(f"{self.label} cannot be indexed")

    def value(self) -> Any:
        raise EvalError(f"{self.label} cannot be used as a value")


class Multi(Namespace):
    """Several instances (``count``/``for_each``): index to pick one; as a value, all."""

    def __init__(self, label: str, items: list[Any] | dict[str, Any]) -> None:
        self.label = label
        self.items = items

    def attr(self, name: str) -> Any:
        raise EvalError(f"{self.label} has several instances: pick one, e.g. {self.label}[0]")

    def index(self, key: Any) -> Any:
        return _index(self.items, key)

    def value(self) -> Any:
        if isinstance(self.items, dict):
            return {k: materialize(v) for k, v in self.items.items()}
        return [materialize(v) for v in self.items]


class Scope(Protocol):
    """What expressions can see."""

    def lookup(self, name: str) -> Any:
        """The value (or :class:`Namespace`) of a root name; raise EvalError if undefined."""

    def function(self, name: str) -> Callable[..., Any] | None:
        """The implementation of a function, or ``None`` when it is not supported."""

    def note(self, address: str) -> None:
        """Record that the expression references the resource at ``address``."""

    def literal(self, reference: Reference) -> Any:
        """The referenced attribute's literal config value, or :data:`MISSING`."""


def materialize(value: Any) -> Any:
    return value.value() if isinstance(value, Namespace) else value


def known(value: Any, scope: Scope | None = None) -> Any:
    """``value`` itself, or raise :class:`NotKnown` if it is unknown or an unresolved reference."""
    if isinstance(value, Reference):
        literal = scope.literal(value) if scope is not None else MISSING
        if literal is MISSING:
            raise NotKnown(computed(value))
        return literal
    if isinstance(value, Unknown):
        raise NotKnown(value)
    return value


def computed(reference: Reference) -> Computed:
    return Computed(f"{reference} is known only after apply", "${" + str(reference) + "}")


def substitute(value: Any, scope: Scope) -> Any:
    """``value`` with references replaced by their literal config values where known."""
    if isinstance(value, Reference):
        literal = scope.literal(value)
        return value if literal is MISSING else literal
    if isinstance(value, list):
        return [substitute(v, scope) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, scope) for k, v in value.items()}
    return value


# --- value semantics -------------------------------------------------------------------------


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def to_number(value: Any) -> int | float:
    value = known(value)
    if is_number(value):
        return value  # type: ignore[no-any-return]
    if isinstance(value, str):
        for convert in (int, float):
            try:
                return convert(value.strip())
            except ValueError:
                pass
        raise EvalError(f"{value!r} is not a number")
    raise EvalError(f"a number is required, not {type_name(value)}")


def to_bool(value: Any) -> bool:
    value = known(value)
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return bool(value == "true")
    raise EvalError(f"a bool is required, not {type_name(value)}")


def to_string(value: Any) -> str:
    value = known(value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return format_number(value)
    raise EvalError(f"a string is required, not {type_name(value)}")


def format_number(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def normalize_number(value: float) -> int | float:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return int(value)
    return value


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def equal(left: Any, right: Any) -> bool:
    """Terraform equality: values of different types are never equal."""
    left, right = known(left), known(right)
    if is_number(left) and is_number(right):
        return bool(left == right)
    if type_name(left) != type_name(right):
        return False
    if isinstance(left, list):
        return len(left) == len(right) and all(map(equal, left, right))
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(equal(left[k], right[k]) for k in left)
    return bool(left == right)


def items(collection: Any) -> Iterator[tuple[Any, Any]]:
    """(key, value) pairs of a list (index order) or map (key order)."""
    collection = known(collection)
    if isinstance(collection, list):
        yield from enumerate(collection)
    elif isinstance(collection, dict):
        for key in sorted(collection):
            yield key, collection[key]
    else:
        raise EvalError(f"cannot iterate over {type_name(collection)}")


def instance_key(key: Any) -> str:
    """The address suffix of an instance: ``[0]``, ``["web"]``."""
    key = known(key)
    if is_number(key) and float(key).is_integer():
        return f"[{int(key)}]"
    if isinstance(key, str):
        return f"[{json.dumps(key)}]"
    raise EvalError(f"an instance key must be a whole number or a string, not {type_name(key)}")


def get_attr(value: Any, name: str) -> Any:
    if isinstance(value, Namespace):
        return value.attr(name)
    if isinstance(value, Unknown):
        return value
    if isinstance(value, Reference):
        return Reference(value.address, f"{value.attribute}.{name}" if value.attribute else name)
    if isinstance(value, dict):
        if name in value:
            return value[name]
        raise EvalError(f"object has no attribute {name!r}")
    raise EvalError(f"cannot read attribute {name!r} of {type_name(value)}")


def _index(value: Any, key: Any) -> Any:
    if isinstance(value, Namespace):
        return value.index(key)
    if isinstance(value, Unknown):
        return value
    key = known(key)
    if isinstance(value, Reference):
        if value.attribute:
            return Reference(value.address, f"{value.attribute}.{to_string(key)}")
        return Reference(value.address + instance_key(key), "")
    if isinstance(value, list):
        position = to_number(key)
        if not isinstance(position, int) or not 0 <= position < len(value):
            raise EvalError(f"index {key!r} is out of range for a list of {len(value)}")
        return value[position]
    if isinstance(value, dict):
        name = to_string(key)
        if name in value:
            return value[name]
        raise EvalError(f"map has no element {name!r}")
    raise EvalError(f"cannot index {type_name(value)}")


# --- syntax tree ------------------------------------------------------------------------------


class _Node:
    """A compiled expression; ``run`` may return a :class:`Namespace`."""

    __slots__ = ()

    def run(self, scope: Scope) -> Any:
        raise NotImplementedError


def _eval(node: _Node, scope: Scope) -> Any:
    """The value of ``node``; unknown operands make only this node unknown."""
    try:
        return materialize(node.run(scope))
    except NotKnown as exc:
        return exc.unknown
    except UnknownValueError as exc:
        return exc.unknown


class _Literal(_Node):
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def run(self, scope: Scope) -> Any:
        return self.value


class _Fail(_Node):
    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    def run(self, scope: Scope) -> Any:
        raise EvalError(self.message)


class _Name(_Node):
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def run(self, scope: Scope) -> Any:
        return scope.lookup(self.name)


class _Step:
    __slots__ = ()

    def apply(self, value: Any, scope: Scope) -> Any:
        raise NotImplementedError


class _Attr(_Step):
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def apply(self, value: Any, scope: Scope) -> Any:
        return get_attr(value, self.name)


class _Index(_Step):
    __slots__ = ("key",)

    def __init__(self, key: _Node) -> None:
        self.key = key

    def apply(self, value: Any, scope: Scope) -> Any:
        result = _index(value, _eval(self.key, scope))
        if isinstance(result, Reference) and not result.attribute:
            scope.note(result.address)
        return result


class _Splat(_Step):
    __slots__ = ("steps",)

    def __init__(self, steps: tuple[_Step, ...]) -> None:
        self.steps = steps

    def apply(self, value: Any, scope: Scope) -> Any:
        value = materialize(value)
        if isinstance(value, Reference):
            value = known(value, scope)
        if isinstance(value, Unknown):
            return value
        elements = [] if value is None else value if isinstance(value, list) else [value]
        return [materialize(_walk(element, self.steps, scope)) for element in elements]


def _walk(value: Any, steps: tuple[_Step, ...], scope: Scope) -> Any:
    for step in steps:
        value = step.apply(value, scope)
    return value


class _Traversal(_Node):
    __slots__ = ("base", "steps")

    def __init__(self, base: _Node, steps: tuple[_Step, ...]) -> None:
        self.base = base
        self.steps = steps

    def run(self, scope: Scope) -> Any:
        return _walk(self.base.run(scope), self.steps, scope)


class _Tuple(_Node):
    __slots__ = ("elements",)

    def __init__(self, elements: tuple[_Node, ...]) -> None:
        self.elements = elements

    def run(self, scope: Scope) -> Any:
        return [_eval(e, scope) for e in self.elements]


class _Object(_Node):
    __slots__ = ("pairs",)

    def __init__(self, pairs: tuple[tuple[_Node, _Node], ...]) -> None:
        self.pairs = pairs

    def run(self, scope: Scope) -> Any:
        return {to_string(_eval(k, scope)): _eval(v, scope) for k, v in self.pairs}


class _Call(_Node):
    __slots__ = ("args", "expand", "name")

    def __init__(self, name: str, args: tuple[_Node, ...], expand: bool) -> None:
        self.name = name
        self.args = args
        self.expand = expand

    def run(self, scope: Scope) -> Any:
        if self.name in ("try", "can"):
            return self._attempt(scope)
        function = scope.function(self.name)
        if function is None:
            return Unknown(f"function {self.name}() is not evaluated")
        args = [substitute(_eval(a, scope), scope) for a in self.args]
        if self.expand and args:
            args[-1:] = known(args[-1])
        try:
            return function(*args)
        except (NotKnown, UnknownValueError, EvalError):
            raise
        except Exception as exc:  # a function rejecting its arguments is an evaluation error
            raise EvalError(f"{self.name}(): {exc}") from None

    def _attempt(self, scope: Scope) -> Any:
        for arg in self.args:
            try:
                value = materialize(arg.run(scope))
            except EvalError:
                continue
            return True if self.name == "can" and not isinstance(value, Unknown) else value
        if self.name == "can":
            return False
        raise EvalError("no argument of try() could be evaluated")


class _Conditional(_Node):
    __slots__ = ("condition", "no", "yes")

    def __init__(self, condition: _Node, yes: _Node, no: _Node) -> None:
        self.condition = condition
        self.yes = yes
        self.no = no

    def run(self, scope: Scope) -> Any:
        chosen = to_bool(known(_eval(self.condition, scope), scope))
        return _eval(self.yes if chosen else self.no, scope)


class _Group(_Node):
    __slots__ = ("inner",)

    def __init__(self, inner: _Node) -> None:
        self.inner = inner

    def run(self, scope: Scope) -> Any:
        return self.inner.run(scope)


class _Unary(_Node):
    __slots__ = ("operand", "operator")

    def __init__(self, operator: str, operand: _Node) -> None:
        self.operator = operator
        self.operand = operand

    def run(self, scope: Scope) -> Any:
        value = known(_eval(self.operand, scope), scope)
        if self.operator == "!":
            return not to_bool(value)
        return -to_number(value)


_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "%": lambda a, b: a % b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
}


class _Binary(_Node):
    __slots__ = ("left", "operator", "right")

    def __init__(self, operator: str, left: _Node, right: _Node) -> None:
        self.operator = operator
        self.left = left
        self.right = right

    def run(self, scope: Scope) -> Any:
        left = _eval(self.left, scope)
        if self.operator in ("&&", "||"):
            return self._logical(left, scope)
        right = known(_eval(self.right, scope), scope)
        left = known(left, scope)
        if self.operator in ("==", "!="):
            return equal(left, right) == (self.operator == "==")
        try:
            result = _ARITHMETIC[self.operator](to_number(left), to_number(right))
        except ZeroDivisionError:
            raise EvalError("division by zero") from None
        return normalize_number(result) if is_number(result) else result

    def _logical(self, left: Any, scope: Scope) -> bool:
        decisive = self.operator == "||"  # the operand value that decides the result alone
        first = _truth(left, scope)
        if first is decisive:
            return decisive
        second = _truth(_eval(self.right, scope), scope)
        if second is decisive:
            return decisive
        for value in (first, second):
            if isinstance(value, Unknown):
                raise NotKnown(value)
        return not decisive


def _truth(value: Any, scope: Scope) -> bool | Unknown:
    try:
        return to_bool(known(value, scope))
    except NotKnown as exc:
        return exc.unknown


class _For(_Node):
    __slots__ = ("collection", "condition", "group", "key", "key_name", "value", "value_name")

    def __init__(self, names: tuple[str, ...], collection: _Node, key: _Node | None,
                 value: _Node, condition: _Node | None, group: bool) -> None:
        self.key_name = names[0] if len(names) == 2 else None
        self.value_name = names[-1]
        self.collection = collection
        self.key = key
        self.value = value
        self.condition = condition
        self.group = group

    def run(self, scope: Scope) -> Any:
        collection = known(_eval(self.collection, scope), scope)
        results: list[Any] = []
        grouped: dict[str, Any] = {}
        for key, element in items(collection):
            names = {self.value_name: element}
            if self.key_name is not None:
                names[self.key_name] = key
            inner = _Bindings(scope, names)
            if self.condition is not None and not to_bool(known(_eval(self.condition, inner),
                                                                inner)):
                continue
            value = _eval(self.value, inner)
            if self.key is None:
                results.append(value)
                continue
            name = to_string(known(_eval(self.key, inner), scope))
            if self.group:
                grouped.setdefault(name, []).append(value)
            elif name in grouped:
                raise EvalError(f"duplicate key {name!r} in for expression (use ... to group)")
            else:
                grouped[name] = value
        return results if self.key is None else grouped


class _Bindings:
    """A scope with some names bound (for-expression variables, iterators)."""

    def __init__(self, parent: Scope, names: dict[str, Any]) -> None:
        self.parent = parent
        self.names = names

    def lookup(self, name: str) -> Any:
        if name in self.names:
            return self.names[name]
        return self.parent.lookup(name)

    def function(self, name: str) -> Callable[..., Any] | None:
        return self.parent.function(name)

    def note(self, address: str) -> None:
        self.parent.note(address)

    def literal(self, reference: Reference) -> Any:
        return self.parent.literal(reference)


def bind(scope: Scope, names: dict[str, Any]) -> Scope:
    """``scope`` with ``names`` bound on top."""
    return _Bindings(scope, names)


# --- templates --------------------------------------------------------------------------------


class _Template(_Node):
    __slots__ = ("parts",)

    def __init__(self, parts: tuple[str | _Node, ...]) -> None:
        self.parts = parts

    def run(self, scope: Scope) -> Any:
        return _join([part if isinstance(part, str) else _piece(part, scope)
                      for part in self.parts])


def _join(pieces: list[Any]) -> str | Unknown:
    """Rendered template pieces joined; unknown if any piece is (a :class:`Computed` if all are)."""
    unknowns = [p for p in pieces if isinstance(p, Unknown)]
    if not unknowns:
        return "".join(pieces)
    plain = [u for u in unknowns if not isinstance(u, Computed)]
    if plain:
        return plain[0]
    return Computed(unknowns[0].reason, "".join(
        p.placeholder if isinstance(p, Computed) else p for p in pieces))


def _piece(node: _Node, scope: Scope) -> Any:
    value = _eval(node, scope)
    if isinstance(value, Reference):
        literal = scope.literal(value)
        value = computed(value) if literal is MISSING else literal
    if isinstance(value, Unknown):
        return value
    if value is None:
        raise EvalError("a null value cannot be used in a string template")
    return to_string(value)


class _TemplateIf(_Node):
    __slots__ = ("condition", "no", "yes")

    def __init__(self, condition: _Node, yes: _Template, no: _Template) -> None:
        self.condition = condition
        self.yes = yes
        self.no = no

    def run(self, scope: Scope) -> Any:
        chosen = to_bool(known(_eval(self.condition, scope), scope))
        return (self.yes if chosen else self.no).run(scope)


class _TemplateFor(_Node):
    __slots__ = ("body", "collection", "names")

    def __init__(self, names: tuple[str, ...], collection: _Node, body: _Template) -> None:
        self.names = names
        self.collection = collection
        self.body = body

    def run(self, scope: Scope) -> Any:
        collection = known(_eval(self.collection, scope), scope)
        rendered: list[Any] = []
        for key, element in items(collection):
            names = dict(zip(self.names, (key, element) if len(self.names) == 2 else (element,),
                             strict=True))
            rendered.append(self.body.run(_Bindings(scope, names)))
        return _join(rendered)


# --- compiling tree-sitter nodes ---------------------------------------------------------------


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

    def expression(self, node: tree_sitter.Node) -> _Node:
        kind = node.type
        if kind in ("expression", "operation", "collection_value", "template_expr", "for_expr"):
            return self.sequence(node.children)
        if kind == "literal_value":
            return self.literal(node.children[0])
        if kind == "variable_expr":
            return _Name(self.text(node))
        if kind == "function_call":
            return self.call(node)
        if kind == "binary_operation":
            return self.binary(node.children)
        if kind == "unary_operation":
            return _Unary(self.text(node.children[0]), self.sequence(node.children[1:]))
        if kind == "conditional":
            condition, yes, no = (self.expression(c) for c in node.named_children)
            return _right_conditional(condition, yes, no)
        if kind == "tuple":
            return _Tuple(tuple(self.expression(c) for c in node.named_children
                                if c.type == "expression"))
        if kind == "object":
            return _Object(tuple(self.element(c) for c in node.named_children
                                 if c.type == "object_elem"))
        if kind in ("for_tuple_expr", "for_object_expr"):
            return self.for_expression(node)
        if kind in ("quoted_template", "heredoc_template"):
            return self.string(node)
        raise EvalError(f"unsupported expression {kind}")

    def sequence(self, children: list[tree_sitter.Node]) -> _Node:
        """A primary expression (possibly parenthesised) followed by traversal steps."""
        named = [c for c in children if c.is_named]
        if not named:
            raise EvalError("empty expression")
        base = self.expression(named[0])
        if isinstance(base, _Conditional) and not children[0].is_named:
            base = _Group(base)  # parenthesised: not to be regrouped
        steps = tuple(self.step(c) for c in named[1:] if c.type in _STEPS)
        return _Traversal(base, steps) if steps else base

    def binary(self, children: list[tree_sitter.Node]) -> _Node:
        position = next(i for i, c in enumerate(children) if not c.is_named and i > 0
                        and self.text(c) not in ("(", ")"))
        operator = self.text(children[position])
        return _Binary(operator, self.sequence(children[:position]),
                       self.sequence(children[position + 1 :]))

    def step(self, node: tree_sitter.Node) -> _Step:
        if node.type == "get_attr":
            return _Attr(self.text(node.named_children[0]))
        if node.type == "index":
            inner = node.named_children[0]
            if inner.type == "legacy_index":
                return _Index(_Literal(int(self.text(inner).lstrip("."))))
            return _Index(self.expression(inner.named_children[0]))
        splat = node.named_children[0]
        return _Splat(tuple(self.step(c) for c in splat.named_children if c.type in _STEPS))

    def literal(self, node: tree_sitter.Node) -> _Node:
        text = self.text(node)
        if node.type == "numeric_lit":
            number = float(text)
            return _Literal(int(text) if text.isdigit() else number)
        if node.type == "bool_lit":
            return _Literal(text == "true")
        if node.type == "null_lit":
            return _Literal(None)
        return self.string(node)

    def call(self, node: tree_sitter.Node) -> _Node:
        arguments = next((c for c in node.named_children if c.type == "function_arguments"), None)
        args: tuple[_Node, ...] = ()
        expand = False
        if arguments is not None:
            args = tuple(self.expression(c) for c in arguments.named_children
                         if c.type == "expression")
            expand = any(c.type == "ellipsis" for c in arguments.named_children)
        return _Call(self.text(node.named_children[0]), args, expand)

    def element(self, node: tree_sitter.Node) -> tuple[_Node, _Node]:
        key_node, value_node = (c for c in node.named_children if c.type == "expression")
        key = self.expression(key_node)
        if isinstance(key, _Name) and [c.type for c in key_node.children] == ["variable_expr"]:
            key = _Literal(key.name)
        return key, self.expression(value_node)

    def for_expression(self, node: tree_sitter.Node) -> _Node:
        intro = node.named_children[1]
        names = tuple(self.text(c) for c in intro.named_children if c.type == "identifier")
        collection = self.expression(next(c for c in intro.named_children
                                          if c.type == "expression"))
        body = [c for c in node.named_children[2:] if c.type == "expression"]
        condition = next((c for c in node.named_children if c.type == "for_cond"), None)
        return _For(
            names,
            collection,
            self.expression(body[0]) if len(body) == 2 else None,
            self.expression(body[-1]),
            self.expression(condition.named_children[0]) if condition is not None else None,
            any(c.type == "ellipsis" for c in node.named_children),
        )

    def string(self, node: tree_sitter.Node) -> _Node:
        if node.type == "string_lit" or node.type == "quoted_template":
            start, end = node.children[0].end_byte, node.children[-1].start_byte
            return self.template(node, start, end, quoted=True)
        opener, closer = node.children[1], node.children[-1]
        start = self.source.index(b"\n", opener.end_byte) + 1
        end = self.source.rindex(b"\n", 0, closer.start_byte) + 1
        return self.template(node, start, max(start, end), quoted=False)

    def template(self, node: tree_sitter.Node, start: int, end: int, quoted: bool) -> _Node:
        parts = self.parts(node, start, end, quoted)
        if not parts:
            return _Literal("")
        if len(parts) == 1 and isinstance(parts[0], str):
            return _Literal(parts[0])
        return _Template(tuple(parts))

    def parts(self, node: tree_sitter.Node, start: int, end: int, quoted: bool) -> list[str | _Node]:
        """Literal text and interpolations/directives of ``node`` between two byte offsets."""
        parts: list[str | _Node] = []
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

    def hole(self, node: tree_sitter.Node, quoted: bool) -> _Node:
        if node.type == "template_interpolation":
            return self.expression(next(c for c in node.named_children if c.type == "expression"))
        directive = node.named_children[0]
        children = directive.named_children
        if directive.type == "template_if":
            intro, closer = children[0], children[-1]
            other = next((c for c in children if c.type == "template_else_intro"), None)
            split = other.start_byte if other is not None else closer.start_byte
            yes = _Template(tuple(self.parts(directive, intro.end_byte, split, quoted)))
            no = _Template(tuple(self.parts(directive, other.end_byte, closer.start_byte, quoted))
                           if other is not None else ())
            condition = next(c for c in intro.named_children if c.type == "expression")
            return _TemplateIf(self.expression(condition), yes, no)
        intro, closer = children[0], children[-1]
        names = tuple(self.text(c) for c in intro.named_children if c.type == "identifier")
        collection = next(c for c in intro.named_children if c.type == "expression")
        body = _Template(tuple(self.parts(directive, intro.end_byte, closer.start_byte, quoted)))
        return _TemplateFor(names, self.expression(collection), body)


def _right_conditional(condition: _Node, yes: _Node, no: _Node) -> _Conditional:
    """``condition ? yes : no``, regrouped: tree-sitter-hcl reads ``a ? b : c ? d : e`` as
    ``(a ? b : c) ? d : e``; HCL means ``a ? b : (c ? d : e)``."""
    if isinstance(condition, _Conditional):
        return _Conditional(condition.condition, condition.yes,
                            _right_conditional(condition.no, yes, no))
    return _Conditional(condition, yes, no)


@functools.lru_cache(maxsize=16384)
def compile_template(text: str) -> _Node:
    """The syntax tree of a python-hcl2 string (template or ``"${expr}"``), memoized."""
    content = text.encode()
    source = _PREFIX + content + f"\n{_MARKER}\n".encode()
    tree = _parser().parse(source)
    if tree.root_node.has_error:
        return _Fail(f"cannot parse expression {_short(text)}")
    template = tree.root_node.named_children[0].named_children[0].named_children[-1]
    while template.type != "heredoc_template" and template.named_children:
        template = template.named_children[0]
    compiler = _Compiler(source)
    try:
        parts = compiler.parts(template, len(_PREFIX), len(_PREFIX) + len(content), quoted=False)
    except Exception as exc:  # an unexpected tree shape is an unparsable expression
        return _Fail(f"cannot parse expression {_short(text)}: {exc}")
    if len(parts) == 1 and isinstance(parts[0], _Node):
        return parts[0]
    return _Template(tuple(parts))


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


# --- public evaluation -------------------------------------------------------------------------


def evaluate_string(text: str, scope: Scope, on_error: Callable[[str], None]) -> Any:
    """The value of one python-hcl2 string; an evaluation error is reported and becomes Unknown."""
    if "${" not in text and "%{" not in text:
        return text
    try:
        return _eval(compile_template(text), scope)
    except EvalError as exc:
        on_error(str(exc))
        return Unknown(f"cannot evaluate {_short(text)}: {exc}")


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
