"""Kubernetes manifests as the declared side of a cluster drift run, loaded exactly as ``scan``
loads them (discovery, the Kubernetes loader, Helm charts and Kustomize overlays rendered)."""

from __future__ import annotations

import os
from collections.abc import Sequence

from policycheck.drift.model import Declared
from policycheck.loaders.base import LoadOptions
from policycheck.loaders.discovery import Discovered, discover

SOURCE = "k8s"


def load_manifests(paths: Sequence[str], exclude: Sequence[str] = ()) -> Declared:
    """The Kubernetes objects under ``paths`` (files and directories), as a scan of them sees them.

    This is the one call site of the scan's loaders: when ``engine.scan.load_sources`` changes
    shape, only this function follows."""
    from policycheck.engine.scan import load_sources

    found = discover(paths, exclude)
    kubernetes = Discovered(manifests=found.manifests, helm_charts=found.helm_charts,
                            kustomizations=found.kustomizations, errors=found.errors)
    loaded = load_sources(kubernetes, LoadOptions(env=dict(os.environ)))
    return Declared("cluster", resources=[r for r in loaded.resources if r.source == SOURCE],
                    errors=list(loaded.errors), warnings=list(loaded.warnings), files=loaded.files)
