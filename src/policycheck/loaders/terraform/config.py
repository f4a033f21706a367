"""A module directory's configuration: its parsed files split into top-level blocks."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from policycheck.loaders.hcl.expressions import is_metadata
from policycheck.loaders.hcl.shape import END_LINE, LINES, START_LINE

_TWO_LABELS = ("resource", "data")
_ONE_LABEL = ("module", "variable", "output", "provider")
_LOCAL_REFERENCE = re.compile(r"\blocal\.([A-Za-z_][\w-]*)")
ORIGINS = "__origins__"
"""In a body merged with override files: top-level name -> the override file that set it."""


@dataclass(frozen=True, slots=True)
class Block:
    """A top-level block: ``kind`` (resource, data, ...), its labels, body and file."""

    kind: str
    labels: tuple[str, ...]
    body: dict[str, Any]
    file: str

    @property
    def name(self) -> str:
        return self.labels[-1]

    @property
    def line(self) -> int:
        return int(self.body.get(START_LINE, 1))

    @property
    def end_line(self) -> int:
        return int(self.body.get(END_LINE, self.line))

    def line_of(self, attribute: str) -> int:
        return int(self.body.get(LINES, {}).get(attribute, self.line))

    def file_of(self, attribute: str) -> str:
        """The file ``attribute`` is written in (an override file may have set it)."""
        return str(self.body.get(ORIGINS, {}).get(attribute, self.file))

    def site(self, attribute: str) -> str:
        return f"{self.file_of(attribute)}:{self.line_of(attribute)}"


@dataclass(frozen=True, slots=True)
class Local:
    name: str
    value: Any
    block: Block


@dataclass
class ModuleConfig:
    """Every block of one directory's ``.tf``/``.tf.json`` files."""

    path: Path
    display: str
    blocks: list[Block] = field(default_factory=list)
    locals: dict[str, Local] = field(default_factory=dict)
    _index: dict[tuple[str, tuple[str, ...]], Block] = field(default_factory=dict)

    def add(self, body: dict[str, Any], file: str) -> None:
        for block in blocks_of(body, file):
            if block.kind == "locals":
                for name, value in block.body.items():
                    if not is_metadata(name):
                        self.locals[name] = Local(name, value, block)
            else:
                self.blocks.append(block)
                self._index[block.kind, block.labels] = block

    def replace(self, old: Block, new: Block) -> None:
        """Put ``new`` (``old`` merged with an override) where ``old`` was."""
        self.blocks[self.blocks.index(old)] = new
        self._index[new.kind, new.labels] = new
        self.invalidate()

    def invalidate(self) -> None:
        """Forget what was derived from the blocks and locals (after an override merged)."""
        for derived in ("resource_types", "local_order"):
            self.__dict__.pop(derived, None)

    @functools.cached_property
    def resource_types(self) -> frozenset[str]:
        return frozenset(b.labels[0] for b in self.blocks if b.kind == "resource")

    @functools.cached_property
    def local_order(self) -> list[str]:
        """Local names, each after the locals it references (cycles broken arbitrarily)."""
        order: list[str] = []
        seen: set[str] = set()
        for start in self.locals:
            stack = [(start, iter(_local_references(self.locals[start].value)))]
            seen.add(start)
            while stack:
                name, pending = stack[-1]
                following = next((n for n in pending if n in self.locals and n not in seen), None)
                if following is None:
                    stack.pop()
                    order.append(name)
                else:
                    seen.add(following)
                    stack.append((following,
                                  iter(_local_references(self.locals[following].value))))
        return order

    def of_kind(self, kind: str) -> list[Block]:
        return [b for b in self.blocks if b.kind == kind]

    def find(self, kind: str, *labels: str) -> Block | None:
        return self._index.get((kind, labels))


def _local_references(value: Any) -> list[str]:
    if isinstance(value, str):
        return _LOCAL_REFERENCE.findall(value)
    if isinstance(value, list):
        return [n for v in value for n in _local_references(v)]
    if isinstance(value, dict):
        return [n for k, v in value.items() if not is_metadata(k) for n in _local_references(v)]
    return []


def blocks_of(body: dict[str, Any], file: str) -> Iterator[Block]:
    """The top-level blocks of one parsed file."""
    for kind, entries in body.items():
        if is_metadata(kind) or not isinstance(entries, list):
            continue
        depth = 2 if kind in _TWO_LABELS else 1 if kind in _ONE_LABEL else 0
        for entry in entries:
            if isinstance(entry, dict):
                yield from _labelled(kind, entry, depth, (), file)


def _labelled(
    kind: str, entry: dict[str, Any], depth: int, labels: tuple[str, ...], file: str
) -> Iterator[Block]:
    if depth == 0:
        yield Block(kind, labels, entry, file)
        return
    for label, inner in entry.items():
        if not is_metadata(label) and isinstance(inner, dict):
            yield from _labelled(kind, inner, depth - 1, (*labels, label), file)


def is_local_source(source: object) -> TypeGuard[str]:
    return isinstance(source, str) and source.startswith(("./", "../"))


def read_manifest(root: Path) -> dict[str, str] | None:
    """Module key (``vpc``, ``vpc.subnets``) -> directory relative to ``root``, from the
    manifest ``terraform init`` writes; ``None`` when there is none."""
    manifest = root / ".terraform" / "modules" / "modules.json"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    modules = data.get("Modules") if isinstance(data, dict) else None
    if not isinstance(modules, list):
        return None
    return {
        entry["Key"]: entry["Dir"]
        for entry in modules
        if isinstance(entry, dict) and isinstance(entry.get("Key"), str)
        and isinstance(entry.get("Dir"), str)
    }
