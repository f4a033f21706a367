"""Kustomize overlays: rendered with ``kubectl kustomize``, judged at their source lines.

An overlay is built through a throw-away wrapper kustomization (in a temporary directory, never
in the user's tree) that adds ``buildMetadata: [originAnnotations]``, so every rendered object
names the file it came from. Each rendered object is then located in that source document:
its lines, and its ``policycheck:ignore`` comments, are the source file's; a field that a
strategic-merge patch of the overlay (or of a component it includes) sets points at the
patch's line instead. The origin annotation is removed before judging.

:func:`tree_files` lists every file a build reads (the kustomization files of the overlay, of
the bases and components it includes, and the files they name), which keys the cache.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from policycheck.loaders.base import LoadResult
from policycheck.loaders.confine import inside
from policycheck.loaders.k8s.manifests import parse_manifests
from policycheck.model import Resource, Suppression

KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
ORIGIN = "config.kubernetes.io/origin"
_IDENTITY = ("metadata", "apiVersion", "kind")
_PATH_KEYS = ("resources", "bases", "components", "patchesStrategicMerge", "crds", "configurations")
_REMOTE = ("http://", "https://", "git@", "github.com/", "ssh://", "git::")


def kustomization_file(directory: Path) -> Path | None:
    return next((directory / n for n in KUSTOMIZATION_FILES if (directory / n).is_file()), None)


def read_kustomization(directory: Path) -> dict[str, Any]:
    """The kustomization of ``directory`` (``{}`` when it is missing or unreadable: kustomize
    itself reports those)."""
    file = kustomization_file(directory)
    if file is None:
        return {}
    try:
        value = yaml.safe_load(file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return value if isinstance(value, dict) else {}


def is_component(directory: Path) -> bool:
    """A ``kind: Component`` is rendered only as part of the overlays that include it."""
    return read_kustomization(directory).get("kind") == "Component"


def _local_entries(kustomization: Mapping[str, Any]) -> Iterator[str]:
    """The local paths a kustomization names (resources, components, patch and generator files)."""
    for key in _PATH_KEYS:
        for entry in kustomization.get(key) or ():
            if isinstance(entry, str) and not entry.startswith(_REMOTE):
                yield entry
    for patch in kustomization.get("patches") or ():
        if isinstance(patch, dict) and isinstance(patch.get("path"), str):
            yield patch["path"]
    for key in ("configMapGenerator", "secretGenerator"):
        for generator in kustomization.get(key) or ():
            if isinstance(generator, dict):
                for source in (*(generator.get("files") or ()), *(generator.get("envs") or ())):
                    if isinstance(source, str):
                        yield source.partition("=")[2] or source


@dataclass(slots=True)
class Tree:
    """What one overlay's build reads."""

    files: set[Path] = field(default_factory=set)
    patches: list[Path] = field(default_factory=list)
    """Strategic-merge patch files, in the order kustomize applies them (bases first)."""


def tree(directory: Path, seen: set[Path] | None = None) -> Tree:
    """Every local file the build of ``directory`` reads, and its patch files."""
    found = Tree()
    seen = set() if seen is None else seen
    directory = directory.resolve()
    if directory in seen:
        return found
    seen.add(directory)
    file = kustomization_file(directory)
    if file is None:
        return found
    found.files.add(file)
    kustomization = read_kustomization(directory)
    patch_names = {p["path"] for p in kustomization.get("patches") or ()
                   if isinstance(p, dict) and isinstance(p.get("path"), str)}
    patch_names.update(p for p in kustomization.get("patchesStrategicMerge") or () if isinstance(p, str))
    for entry in _local_entries(kustomization):
        target = (directory / entry).resolve()
        if target.is_dir():
            inner = tree(target, seen)
            found.files |= inner.files
            found.patches.extend(inner.patches)
        elif target.is_file():
            found.files.add(target)
            if entry in patch_names:
                found.patches.append(target)
    return found


def tree_files(directory: Path) -> tuple[Path, ...]:
    return tuple(sorted(tree(directory).files))


def build_directory(directory: Path) -> tempfile.TemporaryDirectory[str]:
    """A temporary wrapper kustomization that builds ``directory`` with origin annotations."""
    wrapper = tempfile.TemporaryDirectory(prefix="policycheck-kustomize-")
    relative = os.path.relpath(directory.resolve(), Path(wrapper.name).resolve())
    (Path(wrapper.name) / "kustomization.yaml").write_text(
        yaml.safe_dump({"resources": [relative], "buildMetadata": ["originAnnotations"]}), "utf-8")
    return wrapper


def _display_of(path: Path, directory: Path, display: str) -> str:
    """``path`` shown the way the scan shows the overlay ``directory`` (as ``display``)."""
    relative = os.path.relpath(path, directory.resolve())
    return os.path.normpath(os.path.join(display, relative)) if display not in ("", ".") \
        else os.path.normpath(relative)


def _name(resource: Resource) -> str:
    metadata = resource.attributes.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    return name if isinstance(name, str) else ""


def _same_object(source: Resource, rendered: Resource) -> bool:
    """A source document is the rendered object when kind matches and the rendered name is the
    source name with a prefix and/or suffix (``namePrefix``, ``nameSuffix``)."""
    name, target = _name(source), _name(rendered)
    return source.kind == rendered.kind and bool(name) and name in target


def aligned_paths(source: Any, rendered: Any, source_path: str = "",
                  rendered_path: str = "") -> Iterator[tuple[str, str]]:
    """``(source path, rendered path)`` of each value ``source`` sets, matching list items of
    named objects (containers, ports, env) by ``name`` as a strategic merge does."""
    if isinstance(source, dict) and isinstance(rendered, dict):
        for key, value in source.items():
            if key in rendered:
                inner = f"{source_path}.{key}" if source_path else str(key)
                outer = f"{rendered_path}.{key}" if rendered_path else str(key)
                yield inner, outer
                yield from aligned_paths(value, rendered[key], inner, outer)
    elif isinstance(source, list) and isinstance(rendered, list):
        names = {item.get("name"): i for i, item in enumerate(rendered)
                 if isinstance(item, dict) and isinstance(item.get("name"), str)}
        for index, item in enumerate(source):
            at = names.get(item.get("name")) if isinstance(item, dict) else None
            if at is None and index < len(rendered):
                at = index
            if at is not None:
                inner, outer = f"{source_path}.{index}", f"{rendered_path}.{at}"
                yield inner, outer
                yield from aligned_paths(item, rendered[at], inner, outer)


class SourceIndex:
    """The parsed source documents of an overlay's files, parsed once each."""

    def __init__(self, directory: Path, display: str) -> None:
        self.directory = directory
        self.display = display
        self._parsed: dict[Path, list[Resource]] = {}

    def documents(self, path: Path) -> list[Resource]:
        if path not in self._parsed:
            result = LoadResult()
            try:
                text = path.read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
            parse_manifests(text, _display_of(path, self.directory, self.display), result)
            self._parsed[path] = result.resources
        return self._parsed[path]

    def find(self, path: Path, rendered: Resource) -> Resource | None:
        return next((doc for doc in self.documents(path) if _same_object(doc, rendered)), None)


def _without_origin(attributes: Mapping[str, Any]) -> dict[str, Any]:
    body = dict(attributes)
    metadata = dict(body.get("metadata") or {})
    annotations = {k: v for k, v in (metadata.get("annotations") or {}).items() if k != ORIGIN}
    if annotations:
        metadata["annotations"] = annotations
    else:
        metadata.pop("annotations", None)
    body["metadata"] = metadata
    return body


def _origin(resource: Resource, wrapper: Path) -> Path | None:
    metadata = resource.attributes.get("metadata")
    annotations = metadata.get("annotations") if isinstance(metadata, dict) else None
    text = annotations.get(ORIGIN) if isinstance(annotations, dict) else None
    if not isinstance(text, str):
        return None
    try:
        origin = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    path = origin.get("path") if isinstance(origin, dict) else None
    if not isinstance(path, str) or origin.get("repo"):
        return None
    return (wrapper / path).resolve()


def _traced(rendered: Resource, source: Resource, patches: list[Resource]) -> Resource:
    """``rendered`` located in ``source``, with the lines of the fields ``patches`` set."""
    body = _without_origin(rendered.attributes)
    lines: dict[str, int] = {}
    for source_path, rendered_path in aligned_paths(source.attributes, body):
        if source_path in source.attribute_lines:
            lines[rendered_path] = source.attribute_lines[source_path]
    files: dict[str, str] = {}
    suppressions: list[Suppression] = list(source.suppressions)
    for patch in patches:
        for patch_path, rendered_path in aligned_paths(patch.attributes, body):
            if patch_path not in patch.attribute_lines or patch_path.startswith(_IDENTITY):
                continue
            # a mapping or list the source has too only locates the patch's own fields
            if rendered_path in lines and isinstance(patch.get(patch_path), dict | list):
                continue
            lines[rendered_path] = patch.attribute_lines[patch_path]
            files[rendered_path] = patch.location.file
        suppressions.extend(patch.suppressions)
    covered = {s.policy_id for s in suppressions}
    suppressions.extend(s for s in rendered.suppressions if s.policy_id not in covered)
    return replace(rendered, attributes=body, location=source.location, attribute_lines=lines,
                   attribute_files=files, suppressions=tuple(suppressions))


def trace_to_sources(rendered: LoadResult, directory: Path, display: str, wrapper: Path,
                     roots: Sequence[Path] = ()) -> None:
    """Relocate every object of ``rendered`` (built from ``directory`` through ``wrapper``) to its
    source document; an object whose source cannot be found, or lies outside the scan ``roots``
    (a symbolic link kustomize followed), keeps the overlay's location."""
    index = SourceIndex(directory, display)
    patch_docs = [doc for path in tree(directory).patches for doc in index.documents(path)]
    traced = []
    for resource in rendered.resources:
        origin = _origin(resource, wrapper)
        source = index.find(origin, resource) if origin is not None and inside(origin, roots) else None
        if source is None:
            traced.append(replace(resource, attributes=_without_origin(resource.attributes)))
            continue
        patches = [p for p in patch_docs if _same_object(p, resource)]
        traced.append(_traced(resource, source, patches))
    rendered.resources = traced
