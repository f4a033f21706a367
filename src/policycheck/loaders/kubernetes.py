"""Kubernetes manifest loader: YAML/JSON files, rendered Helm charts and Kustomize overlays.

A file is a Kubernetes file when a document is a mapping with string ``apiVersion`` and
``kind``; any other YAML/JSON (CI configs, Helm values, compose files, ...) is skipped silently
and not counted. See :mod:`policycheck.loaders.k8s.manifests` for addresses, lines and
suppressions.
"""

from __future__ import annotations

from collections.abc import Sequence

from policycheck.loaders.base import LoadOptions, LoadResult, SourceFile, read_text
from policycheck.loaders.k8s.manifests import parse_manifests
from policycheck.loaders.k8s.render import (
    NOT_RENDERED_HELM,
    NOT_RENDERED_KUSTOMIZE,
    render_helm,
    render_kustomize,
)

__all__ = ["NOT_RENDERED_HELM", "NOT_RENDERED_KUSTOMIZE", "load", "render_helm", "render_kustomize"]


def load(files: Sequence[SourceFile], options: LoadOptions) -> LoadResult:
    """The Kubernetes objects of ``files``; ``files`` counts only the Kubernetes files."""
    result = LoadResult()
    for source in files:
        text = read_text(source, result, options.limits.max_file_bytes)
        is_json = source.path.suffix.lower() == ".json"
        if text is not None and parse_manifests(text, source.display, result, is_json=is_json):
            result.files += 1
    return result
