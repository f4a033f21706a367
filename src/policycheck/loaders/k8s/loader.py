"""The Kubernetes loaders: manifest files, rendered Helm charts and rendered Kustomize overlays.

A file is a Kubernetes file when a document is a mapping with string ``apiVersion`` and
``kind``; any other YAML/JSON (CI configs, Helm values, compose files, ...) is skipped silently
and not counted. See :mod:`policycheck.loaders.k8s.manifests` for addresses, lines and
suppressions, :mod:`policycheck.loaders.k8s.render` for rendering. A chart or an overlay is one
unit with unknown inputs (never cached); an overlay that renders replaces the raw manifests of
its directory.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence

from policycheck.loaders.base import LoadOptions, LoadResult, SourceFile, Unit, read_text
from policycheck.loaders.discovery import Discovered
from policycheck.loaders.protocol import FileLoader

# The parsing and rendering modules (and the YAML parser) are imported on first load, as for
# the other loaders: a scan pays only for what it reads.


def load(files: Sequence[SourceFile], options: LoadOptions) -> LoadResult:
    """The Kubernetes objects of ``files``; ``files`` counts only the Kubernetes files."""
    from policycheck.loaders.k8s.manifests import parse_manifests

    result = LoadResult()
    for source in files:
        text = read_text(source, result, options.limits.max_file_bytes)
        is_json = source.path.suffix.lower() == ".json"
        if text is not None and parse_manifests(text, source.display, result, is_json=is_json):
            result.files += 1
    return result


class KustomizeLoader:
    """``kubectl kustomize`` of each overlay directory (a warning when kubectl is missing)."""

    name = "kustomize"

    def claim(self, found: Discovered) -> None:
        """With kubectl, the files of every overlay and component are judged as rendered."""
        if found.kustomizations and shutil.which("kubectl") is not None:
            overlays = {d.path for d in found.kustomizations}
            found.manifests = [m for m in found.manifests if m.path.parent not in overlays]

    def units(self, found: Discovered, inputs: bool = True) -> list[Unit]:
        """One unit per overlay, keyed on every file its build reads. Components, and bases that
        another scanned overlay includes, are rendered only inside the overlays that include them
        (their findings point at the same source lines, once per overlay)."""
        if not found.kustomizations:
            return []
        from policycheck.loaders.k8s.kustomize import KUSTOMIZATION_FILES, is_component, tree_files

        trees = {d.path: tree_files(d.path) for d in found.kustomizations if not is_component(d.path)}
        included = {file.parent for path, files in trees.items() for file in files
                    if file.name in KUSTOMIZATION_FILES and file.parent != path.resolve()}
        return [Unit(self.name, (d,), trees[d.path]) for d in found.kustomizations
                if d.path in trees and d.path.resolve() not in included]

    def load(self, files: Sequence[SourceFile], options: LoadOptions) -> LoadResult:
        from policycheck.loaders.k8s.render import NOT_RENDERED_KUSTOMIZE, render_kustomize

        result = LoadResult()
        for directory in files:
            overlay = render_kustomize(directory.path, directory.display, options)
            if overlay is None:
                result.warnings.append(NOT_RENDERED_KUSTOMIZE.format(display=directory.display))
            else:
                result.extend(overlay)
        return result


def _render_charts(files: Sequence[SourceFile], options: LoadOptions) -> LoadResult:
    from policycheck.loaders.k8s.render import render_helm

    result = LoadResult()
    for chart in files:
        result.extend(render_helm(chart.path, chart.display, options))
    return result


KUBERNETES = FileLoader("kubernetes", lambda found: found.manifests, load)
HELM = FileLoader("helm", lambda found: found.helm_charts, _render_charts, inputs=lambda _: None)
KUSTOMIZE = KustomizeLoader()
