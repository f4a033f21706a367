"""Line-tracking YAML loading: plain values plus the line of every mapping key and list item.

Each document is composed into a node graph by libyaml when available (``yaml.CSafeLoader``,
else the pure-Python ``SafeLoader``) and then turned into plain dicts, lists and scalars by
:class:`_Builder`, which records ``dotted.path -> line`` as it goes. Deliberate differences from
``yaml.safe_load``:

- keys are always strings: a non-string scalar key keeps its source text (``on``, ``80``);
- timestamps stay strings (as Kubernetes reads them) and unknown tags are ignored;
- an alias shares the anchored value, and the lines inside it are recorded once, at the anchor
  (a list item that is an alias is located at its anchor too: composed nodes do not remember
  where an alias was written);
  alias expansion is bounded (:data:`MAX_ALIASES`, :data:`MAX_EXPANDED_NODES`), so a "billion
  laughs" document is rejected in microseconds, and recursive aliases are rejected;
- a duplicate key keeps the last value and produces a warning.

Problems carry 1-based lines. A syntax error ends the stream (documents before it are kept); a
document-level problem (alias limit, complex key) drops that document only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn, cast

import yaml
from yaml.constructor import SafeConstructor
from yaml.error import Mark, MarkedYAMLError
from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from policycheck.loaders.yamldoc import YamlDocument as YamlDocument  # re-exported
from policycheck.loaders.yamldoc import YamlProblem as YamlProblem

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

MAX_ALIASES = 10_000
MAX_EXPANDED_NODES = 1_000_000
MAX_DEPTH = 300

_MERGE = "tag:yaml.org,2002:merge"
_QUOTED_STYLES = frozenset("'\"|>")
_COMMENT_START = re.compile(r"(?:^|(?<=[ \t]))#", re.M)
_SEPARATOR = re.compile(r"^(?:---|\.\.\.)(?=[ \t]|$)", re.M)
_IN_PROGRESS = object()
_SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.I
)

_constructor = SafeConstructor()
_SCALARS: dict[str, Callable[[ScalarNode], Any]] = {
    "tag:yaml.org,2002:null": lambda _node: None,
    "tag:yaml.org,2002:bool": _constructor.construct_yaml_bool,
    "tag:yaml.org,2002:int": _constructor.construct_yaml_int,
    "tag:yaml.org,2002:float": _constructor.construct_yaml_float,
}
"""Scalar tags that become non-strings; every other scalar keeps its text."""


@dataclass(frozen=True, slots=True)
class Comment:
    line: int
    column: int
    text: str


class _DocumentProblem(Exception):
    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _problem(node: Node, message: str) -> _DocumentProblem:
    return _DocumentProblem(YamlProblem(node.start_mark.line + 1, message))


def iter_yaml(
    text: str, *, max_aliases: int = MAX_ALIASES, max_expanded: int = MAX_EXPANDED_NODES
) -> Iterator[YamlDocument | YamlProblem]:
    """Each document of ``text`` in order, or the problem that stopped it; never raises.

    Documents are built one at a time so that each node graph is freed before the next one is
    composed (keeping every graph alive makes the garbage collector dominate the run time).
    """
    errors: list[YamlProblem] = []
    builder = _Builder(max_aliases, max_expanded)
    for node in _compose_all(text, errors):
        try:
            yield builder.document(node)
        except _DocumentProblem as exc:
            yield exc.problem
    yield from errors


def iter_json(text: str) -> Iterator[YamlDocument | YamlProblem]:
    """A JSON text as one YAML document, lines included.

    Escaped surrogate pairs (``\\ud83d\\ude00``, which libyaml rejects) are decoded first; JSON
    that YAML still rejects is read by the json module, without lines.
    """
    items = list(iter_yaml(_SURROGATE_PAIR.sub(_decode_pair, text)))
    if not any(isinstance(item, YamlProblem) for item in items):
        yield from items
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield YamlProblem(exc.lineno, f"invalid JSON: {exc.msg}")
    except RecursionError:
        yield YamlProblem(1, "invalid JSON: nesting too deep")
    else:
        last = text.rstrip().count("\n") + 1
        yield YamlDocument(value, {}, 1, last, [], None)


def _decode_pair(match: re.Match[str]) -> str:
    high, low = int(match.group(2), 16), int(match.group(3), 16)
    return match.group(1) + chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


_LIBYAML = _SafeLoader.__name__ == "CSafeLoader"


class _Loader(_SafeLoader):
    """The safe loader with a per-stream cache of plain-scalar tags and no path resolvers
    (about 20% faster composition)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._plain_tags: dict[str, str] = {}

    def descend_resolver(self, current_node: Node | None, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is not ScalarNode or not implicit[0]:
            return _resolve(self, kind, value, implicit)
        tag = self._plain_tags.get(value)
        if tag is None:
            tag = self._plain_tags[value] = _resolve(self, kind, value, implicit)
        return tag


_resolve = cast(Callable[[_Loader, type[Node], Any, tuple[bool, bool]], str], _SafeLoader.resolve)


def _compose_all(text: str, errors: list[YamlProblem]) -> Iterator[Node]:
    loader: _Loader | None = None
    try:
        loader = _Loader(text)  # the pure-Python reader checks characters here
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                yield node
    except yaml.YAMLError as exc:
        errors.append(_yaml_problem(exc, text))
    except RecursionError:  # the pure-Python composer on absurdly deep nesting
        errors.append(YamlProblem(1, "invalid YAML: nesting too deep"))
    finally:
        if loader is not None:
            loader.dispose()


def _yaml_problem(exc: yaml.YAMLError, text: str) -> YamlProblem:
    """A PyYAML exception as a 1-based line and a one-line message."""
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "syntax error"
        if exc.context and exc.problem:
            message = f"{exc.problem} ({exc.context})"
        return YamlProblem(mark.line + 1 if mark else 1, f"invalid YAML: {message}")
    if isinstance(exc, ReaderError):
        # libyaml reports a byte offset, the Python reader a character offset
        if not _LIBYAML:
            line = text.count("\n", 0, exc.position) + 1
        else:
            line = text.encode().count(b"\n", 0, exc.position) + 1
        return YamlProblem(line, f"invalid YAML: {exc.reason} (character {exc.character!r})")
    return YamlProblem(1, f"invalid YAML: {exc}")


class _Builder:
    """Turns composed nodes into plain values, recording the line of every key and item."""

    def __init__(self, max_aliases: int, max_expanded: int) -> None:
        self._warnings: list[YamlProblem] = []
        self._max_aliases = max_aliases
        self._max_expanded = max_expanded
        self._aliases = 0
        self._expanded = 0
        self._total = 0
        self._built: dict[int, tuple[Any, int]] = {}
        self._lines: dict[str, int] = {}

    def document(self, node: Node) -> YamlDocument:
        self._built = {}  # anchors are scoped to one document
        self._lines = lines = dict[str, int]()
        self._warnings = warnings = list[YamlProblem]()
        value = self._build(node, "", 0)
        return YamlDocument(value, lines, node.start_mark.line + 1, end_line(node), warnings, node)

    def _build(self, node: Node, prefix: str, depth: int) -> Any:
        """The value of ``node``; ``prefix`` is its path plus ``.`` ("" for the root)."""
        if isinstance(node, ScalarNode):
            self._total += 1
            scalar = _SCALARS.get(node.tag)
            return node.value if scalar is None else scalar(node)
        key = id(node)
        seen = self._built.get(key)
        if seen is not None:
            return self._alias(node, *seen)
        if depth > MAX_DEPTH:
            raise _problem(node, f"nesting deeper than {MAX_DEPTH} levels")
        self._built[key] = (_IN_PROGRESS, 0)
        before = self._total
        if isinstance(node, MappingNode):
            value: Any = self._mapping(node, prefix, depth + 1)
        else:
            value = self._sequence(cast(SequenceNode, node), prefix, depth + 1)
        self._total += 1
        self._built[key] = (value, self._total - before)
        return value

    def _alias(self, node: Node, value: Any, size: int) -> Any:
        if value is _IN_PROGRESS:
            self._fail(node, "recursive alias (a node that contains itself)")
        self._aliases += 1
        self._expanded += size
        self._total += size
        if self._aliases > self._max_aliases:
            self._fail(node, f"more than {self._max_aliases} aliases")
        if self._expanded > self._max_expanded:
            self._fail(node, f"aliases expand to more than {self._max_expanded} nodes (YAML bomb?)")
        return value

    def _fail(self, node: Node, message: str) -> NoReturn:
        """Raise for the alias being built, at the line of its key or item (an alias node is
        the anchored node, so its own mark is the anchor's)."""
        line = next(reversed(self._lines.values()), node.start_mark.line + 1)
        raise _DocumentProblem(YamlProblem(line, message))

    def _sequence(self, node: SequenceNode, prefix: str, depth: int) -> list[Any]:
        lines = self._lines
        items: list[Any] = []
        for index, item in enumerate(node.value):
            path = f"{prefix}{index}"
            lines[path] = item.start_mark.line + 1
            items.append(self._build(item, path + ".", depth))
        return items

    def _mapping(self, node: MappingNode, prefix: str, depth: int) -> dict[str, Any]:
        lines = self._lines
        result: dict[str, Any] = {}
        merged: list[tuple[int, dict[str, Any]]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.extend(self._merge_sources(key_node, value_node, depth))
                continue
            key = _key(key_node)
            line = key_node.start_mark.line + 1
            if key in result:
                self._duplicate(prefix, key, line)
            lines[prefix + key] = line
            result[key] = self._build(value_node, f"{prefix}{key}.", depth)
        for line, source in merged:  # explicit keys win, then the earliest merged mapping
            for key, value in source.items():
                if key not in result:
                    result[key] = value
                    lines[prefix + key] = line
        return result

    def _duplicate(self, prefix: str, key: str, line: int) -> None:
        """Warn, and forget the lines under the value the duplicate replaces."""
        self._warnings.append(YamlProblem(line, f"duplicate key {key!r}; the last value is used"))
        stale = [p for p in self._lines if p.startswith(f"{prefix}{key}.")]
        for p in stale:
            del self._lines[p]

    def _merge_sources(
        self, key_node: Node, value_node: Node, depth: int
    ) -> list[tuple[int, dict[str, Any]]]:
        """The mappings a ``<<`` key merges, first one first, with the ``<<`` line."""
        sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
        if not all(isinstance(source, MappingNode) for source in sources):
            raise _problem(key_node, "a merge key (<<) needs a mapping or mappings")
        saved, self._lines = self._lines, {}  # lines inside the merged mapping stay at its anchor
        try:
            built = [self._build(source, "", depth) for source in sources]
        finally:
            self._lines = saved
        return [(key_node.start_mark.line + 1, mapping) for mapping in built]


def _key(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return str(node.value)  # a non-string key keeps its source text (`on`, `80`)
    raise _problem(node, "a mapping key must be a scalar, not a mapping or a list")


def _mark_line(mark: Mark) -> int:
    """1-based line a node ends on (an end at column 0 ends on the line before)."""
    return mark.line + 1 if mark.column else max(mark.line, 1)


def end_line(node: Node) -> int:
    """The last line of ``node``'s content (trailing comments and blank lines excluded)."""
    last = node.start_mark.line + 1
    while isinstance(node, CollectionNode) and not node.flow_style and node.value:
        tail = node.value[-1]
        if isinstance(node, MappingNode):
            last = max(last, _mark_line(tail[0].end_mark))
            tail = tail[1]
        node = tail
    return max(last, _mark_line(node.end_mark))


def item_end_lines(document: YamlDocument, key: str) -> list[int]:
    """The last line of each item of the root mapping's sequence ``key`` ([] if there is none)."""
    root = document.node
    if not isinstance(root, MappingNode):
        return []
    for key_node, value_node in root.value:
        if key_node.value == key and isinstance(value_node, SequenceNode):
            return [end_line(item) for item in value_node.value]
    return []


def separator_lines(text: str) -> list[int]:
    """1-based lines of the ``---`` and ``...`` document markers."""
    line_at = _line_counter(text)
    return [line_at(match.start()) for match in _SEPARATOR.finditer(text)]


def find_comments(text: str, needle: str) -> list[Comment]:
    """Comment-like ``#...`` texts containing ``needle``; see :func:`outside_scalars`."""
    line_at = _line_counter(text)
    found = []
    at = text.find(needle)
    while at >= 0:
        line_start = text.rfind("\n", 0, at) + 1
        line_end = len(text) if (end := text.find("\n", at)) < 0 else end
        hash_mark = _COMMENT_START.search(text, line_start, at)
        if hash_mark is not None:
            start = hash_mark.start()
            comment = text[start:line_end].rstrip()
            found.append(Comment(line_at(start), start - line_start, comment))
        at = text.find(needle, line_end)
    return found


def _line_counter(text: str) -> Callable[[int], int]:
    """``offset -> 1-based line`` for offsets asked in increasing order (linear overall)."""
    line, counted = 1, 0

    def line_at(offset: int) -> int:
        nonlocal line, counted
        line += text.count("\n", counted, offset)
        counted = offset
        return line

    return line_at


def outside_scalars(comments: Sequence[Comment], document: YamlDocument) -> list[Comment]:
    """The ``comments`` that are real comments, not text inside a quoted or block scalar of
    ``document``."""
    if not comments or document.node is None:
        return list(comments)
    spans = list(_quoted_spans(document.node))
    return [
        comment
        for comment in comments
        if not any(start <= (comment.line - 1, comment.column) < end for start, end in spans)
    ]


def _quoted_spans(root: Node) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """(line, column) ranges, 0-based, of the quoted and block scalars under ``root``."""
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.style in _QUOTED_STYLES:
                yield (
                    (node.start_mark.line, node.start_mark.column),
                    (node.end_mark.line, node.end_mark.column),
                )
        elif isinstance(node, MappingNode):
            stack.extend(n for pair in node.value for n in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
