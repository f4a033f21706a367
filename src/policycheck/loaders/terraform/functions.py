"""The Terraform functions the loader evaluates (the common, side-effect-free ones).

Arguments arrive evaluated; a function that needs a known value calls :func:`known` (directly
or through the converters), which turns the call into that :class:`Unknown`.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import math
import re
from collections.abc import Callable
from typing import Any

from policycheck.loaders.hcl.expressions import (
    Computed,
    EvalError,
    NotKnown,
    equal,
    items,
    known,
    normalize_number,
    to_bool,
    to_number,
    to_string,
    type_name,
)
from policycheck.loaders.hcl.expressions.bounds import (
    MAX_RANGE,
    MAX_STRING,
    LimitExceeded,
    check_chars,
    check_length,
)
from policycheck.model import Reference, Unknown

_FORMAT_VERB = re.compile(r"%(%|[-+# 0]*\d*(?:\.\d+)?[a-z])")


def _list(value: Any) -> list[Any]:
    value = known(value)
    if isinstance(value, list):
        return value
    raise EvalError(f"a list is required, not {type_name(value)}")


def _map(value: Any) -> dict[str, Any]:
    value = known(value)
    if isinstance(value, dict):
        return value
    raise EvalError(f"a map is required, not {type_name(value)}")


def _unique(values: list[Any]) -> list[Any]:
    result: list[Any] = []
    for value in values:
        if not any(equal(value, seen) for seen in result):
            result.append(value)
    return result


def _jsonable(value: Any) -> Any:
    if isinstance(value, Computed):
        return value.placeholder
    if isinstance(value, Reference):
        return "${" + str(value) + "}"
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return known(value)


def jsonencode(value: Any) -> str:
    """JSON text; a reference (or a string built from one) is encoded as ``${address.attr}``."""
    return json.dumps(_jsonable(value), sort_keys=True, separators=(",", ":"))


def jsondecode(text: Any) -> Any:
    return json.loads(to_string(text))


def yamldecode(text: Any) -> Any:
    """One YAML document as plain values (timestamps and other YAML-only types as strings)."""
    import yaml  # only here: importing PyYAML costs a tenth of a small scan's start-up

    return _plain(yaml.safe_load(to_string(text)))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    return str(value)


def merge(*maps: Any) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for value in maps:
        if value is not None:
            result.update(_map(value))
    return result


def concat(*lists: Any) -> list[Any]:
    parts = [_list(value) for value in lists]
    check_length(sum(map(len, parts)))
    return [item for part in parts for item in part]


def lookup(collection: Any, key: Any, *default: Any) -> Any:
    mapping = _map(collection)
    name = to_string(key)
    if name in mapping:
        return mapping[name]
    if default:
        return default[0]
    raise EvalError(f"lookup: no key {name!r} and no default")


def length(value: Any) -> int:
    value = known(value)
    if isinstance(value, str | list | dict):
        return len(value)
    raise EvalError(f"length: cannot take the length of {type_name(value)}")


def format_(spec: Any, *args: Any) -> str:
    text = to_string(spec)
    values = iter(args)

    def verb(match: re.Match[str]) -> str:
        code = match.group(1)
        if code == "%":
            return "%"
        value = known(next(values))
        letter = code[-1]
        width = re.match(r"[-+# 0]*(\d*)(?:\.(\d+))?", code)
        if width and max(int(width.group(1) or 0), int(width.group(2) or 0)) > MAX_STRING:
            raise LimitExceeded(f"format: the width of %{code} is over the {MAX_STRING} limit")
        if letter in "sv":
            return ("%" + code[:-1] + "s") % (
                json.dumps(value) if isinstance(value, list | dict) else to_string(value)
            )
        if letter == "q":
            return json.dumps(to_string(value))
        if letter == "t":
            return "true" if to_bool(value) else "false"
        if letter in "dfegxXob":
            return ("%" + code) % (int(to_number(value)) if letter in "dxXob" else to_number(value))
        raise EvalError(f"format: unsupported verb %{code}")

    return _FORMAT_VERB.sub(verb, text)


def join(separator: Any, *lists: Any) -> str:
    glue = to_string(separator)
    pieces: list[str] = []
    size = 0
    for value in lists:
        for item in _list(value):
            pieces.append(to_string(item))
            size += len(pieces[-1]) + len(glue)
            check_chars(size)
    return glue.join(pieces)


def split(separator: Any, text: Any) -> list[str]:
    return to_string(text).split(to_string(separator))


def replace(text: Any, search: Any, replacement: Any) -> str:
    subject, pattern, new = to_string(text), to_string(search), to_string(replacement)
    if len(pattern) > 1 and pattern.startswith("/") and pattern.endswith("/"):
        return re.sub(pattern[1:-1], re.sub(r"\$\{?(\w+)\}?", r"\\g<\1>", new), subject)
    matches = subject.count(pattern) if pattern else len(subject) + 1
    check_chars(len(subject) + matches * (len(new) - len(pattern)))
    return subject.replace(pattern, new)


def tostring(value: Any) -> str | None:
    return None if known(value) is None else to_string(value)


def tonumber(value: Any) -> int | float | None:
    return None if known(value) is None else to_number(value)


def tobool(value: Any) -> bool | None:
    return None if known(value) is None else to_bool(value)


def toset(value: Any) -> list[Any]:
    """A set as a list: duplicates removed, strings sorted like Terraform's sets."""
    unique = _unique(_list(value))
    if all(isinstance(v, str) for v in unique):
        return sorted(unique)
    return unique


def tolist(value: Any) -> list[Any]:
    return _list(value)


def tomap(value: Any) -> dict[str, Any]:
    return _map(value)


def coalesce(*values: Any) -> Any:
    for value in values:
        value = known(value)
        if value is not None and value != "":
            return value
    raise EvalError("coalesce: no non-null, non-empty argument")


def coalescelist(*lists: Any) -> list[Any]:
    return next((v for v in map(_list, lists) if v), [])


def contains(collection: Any, value: Any) -> bool:
    return any(equal(item, value) for item in _list(collection))


def keys(mapping: Any) -> list[str]:
    return sorted(_map(mapping))


def values(mapping: Any) -> list[Any]:
    return [value for _, value in items(_map(mapping))]


def element(collection: Any, index: Any) -> Any:
    elements = _list(collection)
    if not elements:
        raise EvalError("element: empty list")
    return elements[int(to_number(index)) % len(elements)]


def flatten(value: Any) -> list[Any]:
    result: list[Any] = []
    for item in _list(value):
        if isinstance(item, list):
            result.extend(flatten(item))
            check_length(len(result))
        else:
            if isinstance(item, Unknown):
                raise NotKnown(item)
            result.append(item)
    return result


def distinct(value: Any) -> list[Any]:
    return _unique(_list(value))


def compact(value: Any) -> list[Any]:
    return [item for item in _list(value) if known(item) not in (None, "")]


def min_(*numbers: Any) -> int | float:
    return min(to_number(n) for n in numbers)


def max_(*numbers: Any) -> int | float:
    return max(to_number(n) for n in numbers)


def cidrsubnet(prefix: Any, newbits: Any, netnum: Any) -> str:
    network = ipaddress.ip_network(to_string(prefix), strict=False)
    new_prefix = network.prefixlen + int(to_number(newbits))
    size = 1 << (network.max_prefixlen - new_prefix)
    address = network.network_address + int(to_number(netnum)) * size
    subnet = ipaddress.ip_network(f"{address}/{new_prefix}")
    if not subnet.subnet_of(network):  # type: ignore[arg-type]
        raise EvalError("cidrsubnet: netnum does not fit in the prefix")
    return str(subnet)


def substr(text: Any, offset: Any, count: Any) -> str:
    subject, start, size = to_string(text), int(to_number(offset)), int(to_number(count))
    if start < 0:
        start += len(subject)
    return subject[start:] if size < 0 else subject[start : start + size]


def range_(*bounds: Any) -> list[int | float]:
    numbers = [to_number(b) for b in bounds]
    start, stop, step = (0, numbers[0], 1) if len(numbers) == 1 else (*numbers, 1)[:3]
    if step == 0:
        raise EvalError("range: step must not be zero")
    count = max(0, math.ceil((stop - start) / step))
    if count > MAX_RANGE:
        raise LimitExceeded(f"range() of {count} values is over the limit of {MAX_RANGE} "
                            "(Terraform's own limit)")
    return [normalize_number(start + i * step) for i in range(count)]


def zipmap(names: Any, elements: Any) -> dict[str, Any]:
    return dict(zip(map(to_string, _list(names)), _list(elements), strict=True))


def one(value: Any) -> Any:
    elements = _list(value)
    if len(elements) > 1:
        raise EvalError("one: the list has more than one element")
    return elements[0] if elements else None


def slice_(value: Any, start: Any, end: Any) -> list[Any]:
    return _list(value)[int(to_number(start)) : int(to_number(end))]


def index(value: Any, wanted: Any) -> int:
    for position, item in enumerate(_list(value)):
        if equal(item, wanted):
            return position
    raise EvalError("index: the value is not in the list")


def sort(value: Any) -> list[str]:
    return sorted(to_string(v) for v in _list(value))


def after_apply(name: str) -> Callable[..., Unknown]:
    """A function whose result exists only at apply time (``timestamp()``, ``uuid()``)."""
    return lambda *_: Unknown(f"{name}() is known only after apply")


def _string_function(operation: Callable[[str], Any]) -> Callable[[Any], Any]:
    return lambda text: operation(to_string(text))


def _trim(text: Any, chars: Any) -> str:
    return to_string(text).strip(to_string(chars))


def _number_function(operation: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda number: normalize_number(operation(to_number(number)))


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "jsonencode": jsonencode,
    "jsondecode": jsondecode,
    "yamldecode": yamldecode,
    "merge": merge,
    "concat": concat,
    "lookup": lookup,
    "length": length,
    "format": format_,
    "join": join,
    "split": split,
    "replace": replace,
    "tostring": tostring,
    "tonumber": tonumber,
    "tobool": tobool,
    "tolist": tolist,
    "toset": toset,
    "tomap": tomap,
    "coalesce": coalesce,
    "coalescelist": coalescelist,
    "contains": contains,
    "keys": keys,
    "values": values,
    "element": element,
    "flatten": flatten,
    "distinct": distinct,
    "compact": compact,
    "min": min_,
    "max": max_,
    "cidrsubnet": cidrsubnet,
    "substr": substr,
    "range": range_,
    "zipmap": zipmap,
    "one": one,
    "slice": slice_,
    "index": index,
    "sort": sort,
    "reverse": lambda value: _list(value)[::-1],
    "lower": _string_function(str.lower),
    "upper": _string_function(str.upper),
    "title": _string_function(str.title),
    "trimspace": _string_function(str.strip),
    "trim": _trim,
    "trimprefix": lambda text, prefix: to_string(text).removeprefix(to_string(prefix)),
    "trimsuffix": lambda text, suffix: to_string(text).removesuffix(to_string(suffix)),
    "startswith": lambda text, prefix: to_string(text).startswith(to_string(prefix)),
    "endswith": lambda text, suffix: to_string(text).endswith(to_string(suffix)),
    "strlen": lambda text: len(to_string(text)),
    "base64encode": _string_function(lambda s: base64.b64encode(s.encode()).decode()),
    "base64decode": _string_function(lambda s: base64.b64decode(s).decode()),
    "abs": _number_function(abs),
    "ceil": _number_function(math.ceil),
    "floor": _number_function(math.floor),
    "signum": _number_function(lambda n: (n > 0) - (n < 0)),
    "alltrue": lambda value: all(to_bool(v) for v in _list(value)),
    "anytrue": lambda value: any(to_bool(v) for v in _list(value)),
    "sensitive": lambda value: value,
    "nonsensitive": lambda value: value,
    "timestamp": after_apply("timestamp"),
    "uuid": after_apply("uuid"),
    "bcrypt": after_apply("bcrypt"),
}
