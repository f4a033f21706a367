"""The compiled syntax tree of an expression or template, and its evaluation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from policycheck.loaders.hcl.expressions.bounds import (
    LimitExceeded,
    charge,
    check_length,
    check_size,
    check_string,
)
from policycheck.loaders.hcl.expressions.values import (
    MISSING,
    Computed,
    EvalError,
    NotKnown,
    Scope,
    computed,
    equal,
    get_attr,
    get_index,
    is_number,
    items,
    known,
    materialize,
    normalize_number,
    substitute,
    to_bool,
    to_number,
    to_string,
)
from policycheck.model import Reference, Unknown, UnknownValueError


class Node:
    """A compiled expression; ``run`` may return a :class:`Namespace`."""

    __slots__ = ()

    def run(self, scope: Scope) -> Any:
        raise NotImplementedError


def evaluate_node(node: Node, scope: Scope) -> Any:
    """The value of ``node``; unknown operands make only this node unknown."""
    try:
        return materialize(node.run(scope))
    except NotKnown as exc:
        return exc.unknown
    except UnknownValueError as exc:
        return exc.unknown


class Literal(Node):
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def run(self, scope: Scope) -> Any:
        return self.value


class Fail(Node):
    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    def run(self, scope: Scope) -> Any:
        raise EvalError(self.message)


class Name(Node):
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def run(self, scope: Scope) -> Any:
        return scope.lookup(self.name)


class Step:
    __slots__ = ()

    def apply(self, value: Any, scope: Scope) -> Any:
        raise NotImplementedError


class Attr(Step):
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def apply(self, value: Any, scope: Scope) -> Any:
        return get_attr(value, self.name)


class Index(Step):
    __slots__ = ("key",)

    def __init__(self, key: Node) -> None:
        self.key = key

    def apply(self, value: Any, scope: Scope) -> Any:
        result = get_index(value, evaluate_node(self.key, scope))
        if isinstance(result, Reference) and not result.attribute:
            scope.note(result.address)
        return result


class Splat(Step):
    __slots__ = ("steps",)

    def __init__(self, steps: tuple[Step, ...]) -> None:
        self.steps = steps

    def apply(self, value: Any, scope: Scope) -> Any:
        value = materialize(value)
        if isinstance(value, Reference):
            value = known(value, scope)
        if isinstance(value, Unknown):
            return value
        elements = [] if value is None else value if isinstance(value, list) else [value]
        return [materialize(_walk(element, self.steps, scope)) for element in elements]


def _walk(value: Any, steps: tuple[Step, ...], scope: Scope) -> Any:
    for step in steps:
        value = step.apply(value, scope)
    return value


class Traversal(Node):
    __slots__ = ("base", "steps")

    def __init__(self, base: Node, steps: tuple[Step, ...]) -> None:
        self.base = base
        self.steps = steps

    def run(self, scope: Scope) -> Any:
        return _walk(self.base.run(scope), self.steps, scope)


class Tuple(Node):
    __slots__ = ("elements",)

    def __init__(self, elements: tuple[Node, ...]) -> None:
        self.elements = elements

    def run(self, scope: Scope) -> Any:
        return [evaluate_node(e, scope) for e in self.elements]


class Object(Node):
    __slots__ = ("pairs",)

    def __init__(self, pairs: tuple[tuple[Node, Node], ...]) -> None:
        self.pairs = pairs

    def run(self, scope: Scope) -> Any:
        return {to_string(evaluate_node(k, scope)): evaluate_node(v, scope) for k, v in self.pairs}


class Call(Node):
    __slots__ = ("args", "expand", "name")

    def __init__(self, name: str, args: tuple[Node, ...], expand: bool) -> None:
        self.name = name
        self.args = args
        self.expand = expand

    def run(self, scope: Scope) -> Any:
        if self.name in ("try", "can"):
            return self._attempt(scope)
        function = scope.function(self.name)
        if function is None:
            return Unknown(f"function {self.name}() is not evaluated")
        args = [substitute(evaluate_node(a, scope), scope) for a in self.args]
        if self.expand and args:
            args[-1:] = known(args[-1])
        try:
            result = function(*args)
        except (NotKnown, UnknownValueError, EvalError, LimitExceeded):
            raise
        except Exception as exc:  # a function rejecting its arguments is an evaluation error
            raise EvalError(f"{self.name}(): {exc}") from None
        check_size(result)
        return result

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


class Conditional(Node):
    __slots__ = ("condition", "no", "yes")

    def __init__(self, condition: Node, yes: Node, no: Node) -> None:
        self.condition = condition
        self.yes = yes
        self.no = no

    def run(self, scope: Scope) -> Any:
        chosen = to_bool(known(evaluate_node(self.condition, scope), scope))
        return evaluate_node(self.yes if chosen else self.no, scope)


class Group(Node):
    __slots__ = ("inner",)

    def __init__(self, inner: Node) -> None:
        self.inner = inner

    def run(self, scope: Scope) -> Any:
        return self.inner.run(scope)


class Unary(Node):
    __slots__ = ("operand", "operator")

    def __init__(self, operator: str, operand: Node) -> None:
        self.operator = operator
        self.operand = operand

    def run(self, scope: Scope) -> Any:
        value = known(evaluate_node(self.operand, scope), scope)
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


class Binary(Node):
    __slots__ = ("left", "operator", "right")

    def __init__(self, operator: str, left: Node, right: Node) -> None:
        self.operator = operator
        self.left = left
        self.right = right

    def run(self, scope: Scope) -> Any:
        left = evaluate_node(self.left, scope)
        if self.operator in ("&&", "||"):
            return self._logical(left, scope)
        right = known(evaluate_node(self.right, scope), scope)
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
        second = _truth(evaluate_node(self.right, scope), scope)
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


class For(Node):
    __slots__ = ("collection", "condition", "group", "key", "key_name", "value", "value_name")

    def __init__(self, names: tuple[str, ...], collection: Node, key: Node | None,
                 value: Node, condition: Node | None, group: bool) -> None:
        self.key_name = names[0] if len(names) == 2 else None
        self.value_name = names[-1]
        self.collection = collection
        self.key = key
        self.value = value
        self.condition = condition
        self.group = group

    def run(self, scope: Scope) -> Any:
        collection = known(evaluate_node(self.collection, scope), scope)
        results: list[Any] = []
        grouped: dict[str, Any] = {}
        for key, element in items(collection):
            charge()
            names = {self.value_name: element}
            if self.key_name is not None:
                names[self.key_name] = key
            inner = _Bindings(scope, names)
            if self.condition is not None and not to_bool(known(evaluate_node(self.condition, inner),
                                                                inner)):
                continue
            value = evaluate_node(self.value, inner)
            if self.key is None:
                results.append(value)
                check_length(len(results))
                continue
            name = to_string(known(evaluate_node(self.key, inner), scope))
            if self.group:
                grouped.setdefault(name, []).append(value)
            elif name in grouped:
                raise EvalError(f"duplicate key {name!r} in for expression (use ... to group)")
            else:
                grouped[name] = value
            check_length(len(grouped))
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


class Template(Node):
    __slots__ = ("parts",)

    def __init__(self, parts: tuple[str | Node, ...]) -> None:
        self.parts = parts

    def run(self, scope: Scope) -> Any:
        return _join([part if isinstance(part, str) else _piece(part, scope)
                      for part in self.parts])


def _join(pieces: list[Any]) -> str | Unknown:
    """Rendered template pieces joined; unknown if any piece is (a :class:`Computed` if all are)."""
    unknowns = [p for p in pieces if isinstance(p, Unknown)]
    if not unknowns:
        return check_string("".join(pieces))
    plain = [u for u in unknowns if not isinstance(u, Computed)]
    if plain:
        return plain[0]
    return Computed(unknowns[0].reason, check_string("".join(
        p.placeholder if isinstance(p, Computed) else p for p in pieces)))


def _piece(node: Node, scope: Scope) -> Any:
    value = evaluate_node(node, scope)
    if isinstance(value, Reference):
        literal = scope.literal(value)
        value = computed(value) if literal is MISSING else literal
    if isinstance(value, Unknown):
        return value
    if value is None:
        raise EvalError("a null value cannot be used in a string template")
    return to_string(value)


class TemplateIf(Node):
    __slots__ = ("condition", "no", "yes")

    def __init__(self, condition: Node, yes: Template, no: Template) -> None:
        self.condition = condition
        self.yes = yes
        self.no = no

    def run(self, scope: Scope) -> Any:
        chosen = to_bool(known(evaluate_node(self.condition, scope), scope))
        return (self.yes if chosen else self.no).run(scope)


class TemplateFor(Node):
    __slots__ = ("body", "collection", "names")

    def __init__(self, names: tuple[str, ...], collection: Node, body: Template) -> None:
        self.names = names
        self.collection = collection
        self.body = body

    def run(self, scope: Scope) -> Any:
        collection = known(evaluate_node(self.collection, scope), scope)
        rendered: list[Any] = []
        for key, element in items(collection):
            charge()
            names = dict(zip(self.names, (key, element) if len(self.names) == 2 else (element,),
                             strict=True))
            rendered.append(self.body.run(_Bindings(scope, names)))
        return _join(rendered)
