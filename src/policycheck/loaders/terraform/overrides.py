"""Terraform override files merged into the blocks they override, by Terraform's rules.

``override.tf``, ``*_override.tf`` and their ``.tf.json`` forms are read after a directory's
other files, in lexical order. Each top-level block of an override file merges into the block
with the same header (type and labels; a provider also by its ``alias``):

- an argument replaces the argument of the same name;
- the nested blocks of one type replace *all* nested blocks of that type in the original
  (a ``dynamic "x"`` block counts as type ``x``); other types are kept;
- ``lifecycle`` is merged argument by argument; in a ``terraform`` block,
  ``required_providers`` is merged per provider and ``backend``/``cloud`` replace each other;
- each ``locals`` entry replaces the local of the same name, wherever it was declared.

An override block (or local) with no original is an error, as it is for Terraform.

Where merged values come from: the merged body keeps the original's ``__start_line__`` and
file (the resource is located at the original block), while ``__lines__`` holds the override
file's lines for the arguments and nested blocks it set, and :data:`ORIGINS` maps each such
top-level name to the override file. The loader passes :data:`ORIGINS` on as
``Resource.attribute_files``, so a finding on an overridden attribute names the override
file and line; comments in the override block (``policycheck:ignore``) keep their own file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policycheck.loaders.hcl.expressions import is_metadata
from policycheck.loaders.hcl.shape import COMMENTS, LINES, START_LINE
from policycheck.loaders.terraform.config import ORIGINS, Block, Local, ModuleConfig, blocks_of
from policycheck.model import ScanError

OVERRIDE_COMMENTS = "__override_comments__"
"""``[{"file", "line", "comments"}]``: the top-level comments of each merged override block."""

_PER_ARGUMENT = frozenset({"lifecycle"})
_EXCLUSIVE = {"backend": "cloud", "cloud": "backend"}


def is_override(name: str) -> bool:
    """Whether a file name is an override file (``override.tf``, ``db_override.tf.json``)."""
    for suffix in (".tf.json", ".tf"):
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            return stem == "override" or stem.endswith("_override")
    return False


def load_order(name: str) -> tuple[bool, str]:
    """Stable sort key: normal files first (in their order), then override files in lexical
    order."""
    override = is_override(name)
    return override, name if override else ""


def merge_file(config: ModuleConfig, body: dict[str, Any], file: str) -> list[ScanError]:
    """Merge every top-level block of an override file's ``body`` into ``config``."""
    errors: list[ScanError] = []
    for block in blocks_of(body, file):
        if block.kind == "locals":
            errors += _merge_locals(config, block)
            continue
        base = _base(config, block)
        if base is None:
            header = " ".join([block.kind, *(f'"{label}"' for label in block.labels)])
            errors.append(ScanError(file, block.line, f"override of {header}: no such block in "
                                    "the module's other files to override"))
            continue
        config.replace(base, Block(base.kind, base.labels, merge_body(base, block), base.file))
    return errors


def _base(config: ModuleConfig, block: Block) -> Block | None:
    if block.kind == "provider":
        alias = block.body.get("alias")
        return next((b for b in config.of_kind("provider")
                     if b.name == block.name and b.body.get("alias") == alias), None)
    if block.kind == "terraform":
        return next(iter(config.of_kind("terraform")), None)
    return config.find(block.kind, *block.labels)


def _merge_locals(config: ModuleConfig, block: Block) -> list[ScanError]:
    errors: list[ScanError] = []
    for name, value in block.body.items():
        if is_metadata(name):
            continue
        if name not in config.locals:
            errors.append(ScanError(block.file, block.line_of(name), f"override of local.{name}: "
                                    "no such local in the module's other files to override"))
            continue
        config.locals[name] = Local(name, value, block)
    config.invalidate()
    return errors


def merge_body(base: Block, override: Block) -> dict[str, Any]:
    """``base``'s body with ``override``'s arguments and nested blocks merged in."""
    merged = dict(base.body)
    lines = dict(base.body.get(LINES, {}))
    origins = dict(base.body.get(ORIGINS, {}))
    new_lines = override.body.get(LINES, {})
    for key, value in override.body.items():
        if is_metadata(key):
            continue
        if key == "dynamic":
            entries = list(_dynamic_entries(value))
            for label, _entry in entries:
                _drop(merged, lines, label)
                origins[label] = override.file
            merged["dynamic"] = [*merged.get("dynamic", []), *(e for _label, e in entries)]
            continue
        if key in _PER_ARGUMENT and base.kind in ("resource", "data"):
            merged[key] = _merge_single(merged.get(key), value)
            continue
        if base.kind == "terraform" and key == "required_providers":
            merged[key] = _merge_single(merged.get(key), value)
            continue
        _drop(merged, lines, key)
        if base.kind == "terraform" and key in _EXCLUSIVE:
            _drop(merged, lines, _EXCLUSIVE[key])
        merged[key] = value
        lines.update({p: n for p, n in new_lines.items() if _under(p, key)})
        origins[key] = override.file
    merged[LINES] = lines
    merged[ORIGINS] = origins
    merged[OVERRIDE_COMMENTS] = [
        *base.body.get(OVERRIDE_COMMENTS, []),
        {"file": override.file, "line": override.line,
         "comments": override.body.get(COMMENTS, [])},
    ]
    return merged


def _under(path: str, key: str) -> bool:
    return path == key or path.startswith(f"{key}.")


def _drop(body: dict[str, Any], lines: dict[str, int], key: str) -> None:
    """Remove ``key`` (an argument, its static blocks and its dynamic blocks) and its lines."""
    body.pop(key, None)
    for path in [p for p in lines if _under(p, key)]:
        del lines[path]
    entries = body.get("dynamic")
    if isinstance(entries, list):
        kept = [e for e in entries if not (isinstance(e, dict) and key in e)]
        if kept:
            body["dynamic"] = kept
        else:
            body.pop("dynamic")


def _dynamic_entries(value: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    for entry in value if isinstance(value, list) else ():
        if isinstance(entry, dict):
            for label, spec in entry.items():
                if not is_metadata(label):
                    yield label, {label: spec}


def _merge_single(base: Any, override: Any) -> Any:
    """A single nested block (``lifecycle``, ``required_providers``) merged per argument."""
    if not (isinstance(base, list) and base and isinstance(base[0], dict)):
        return override
    if not (isinstance(override, list) and override and isinstance(override[0], dict)):
        return override
    merged = {**base[0], **{k: v for k, v in override[0].items() if not is_metadata(k)}}
    return [merged]


def split_by_file(body: dict[str, Any], file: str) -> list[tuple[str, dict[str, Any]]]:
    """``body`` as parts per file: the original's part in ``file`` and, for a merged body, one
    part per override file (with the comments written in that file)."""
    origins: dict[str, str] = body.get(ORIGINS, {})
    if not origins:
        return [(file, body)]
    parts: list[tuple[str, dict[str, Any]]] = [
        (file, {k: v for k, v in body.items() if k not in origins})]
    for extra in body.get(OVERRIDE_COMMENTS, []):
        owned = {k: v for k, v in body.items() if origins.get(k) == extra["file"]}
        parts.append((extra["file"], {START_LINE: extra["line"], COMMENTS: extra["comments"],
                                      **owned}))
        origins = {k: f for k, f in origins.items() if f != extra["file"]}
    return parts
