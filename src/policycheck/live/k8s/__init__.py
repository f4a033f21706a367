"""Live Kubernetes: read a cluster with the official client, or a snapshot, as judged resources.

Public entry points (the CLI and the drift engine use only these):

- :class:`K8sOptions`, :func:`collect` (needs the ``k8s`` extra; ``kubernetes`` is imported
  only when a cluster is contacted),
- :func:`save_snapshot` / :func:`load_snapshot` (no ``kubernetes`` import, no network),
- :class:`K8sCollection`: ``resources`` (judged), ``owned`` and ``ownership`` (the owner chain:
  ``ownership.top_owner(address)``, ``ownership.chain(address)``), ``objects`` (normalised),
- :func:`normalise_object` (live object -> manifest shape; idempotent, usable on manifests).
"""

from __future__ import annotations

from policycheck.live.k8s.collect import K8sOptions, collect
from policycheck.live.k8s.collection import K8sCollection
from policycheck.live.k8s.normalise import normalise_object
from policycheck.live.k8s.snapshot import load_snapshot, save_snapshot

__all__ = ["K8sCollection", "K8sOptions", "collect", "load_snapshot", "normalise_object",
           "save_snapshot"]
