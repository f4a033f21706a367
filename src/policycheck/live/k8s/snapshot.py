"""Cluster snapshots: save what an audit read, judge it later offline.

A policycheck snapshot is JSON::

    {"format": "policycheck-snapshot", "version": 1, "source": "cluster",
     "tool": "0.1.0", "created": "2026-12-03T11:00:00+00:00",
     "cluster": "prod-eu", "namespaces": null | ["shop", ...], "excluded": [...],
     "objects": [<normalised objects, manifest-shaped, in collection order>],
     "not_assessed": [{"source", "account", "where", "service", "call", "permission",
                       "reason", "kinds"}]}

``objects`` are normalised (server-populated fields already dropped; Secrets are metadata and
``type`` only: the collector never receives their data, and loading drops any ``data`` a
hand-made file has). What ``kubectl get deploy,rs,pods,... -A -o json`` prints (a ``List``, or
a typed ``PodList``; YAML too) is accepted as well, so a cluster the tool cannot reach can be
audited from a colleague's export. Loading never imports ``kubernetes`` and needs no network.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from policycheck import __version__
from policycheck.errors import PolicycheckError
from policycheck.live.k8s.collection import SOURCE, K8sCollection, build_collection
from policycheck.live.k8s.kinds import KINDS
from policycheck.live.k8s.normalise import normalise_object
from policycheck.model import NotAssessed

FORMAT = "policycheck-snapshot"
VERSION = 1


class SnapshotError(PolicycheckError):
    """A snapshot file that cannot be read; the message names the file."""


def save_snapshot(path: Path, collection: K8sCollection) -> None:
    """Write ``collection`` (its normalised objects and NOT ASSESSED entries) to ``path``."""
    payload = {
        "format": FORMAT, "version": VERSION, "source": SOURCE, "tool": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "cluster": collection.cluster,
        "namespaces": list(collection.namespaces) if collection.namespaces is not None else None,
        "excluded": list(collection.excluded),
        "objects": collection.objects,
        "not_assessed": [asdict(entry) for entry in collection.not_assessed],
    }
    path.write_text(json.dumps(payload, separators=(",", ":")), "utf-8")


def load_snapshot(path: Path, *, cluster: str | None = None) -> K8sCollection:
    """The collection saved in ``path``: a policycheck snapshot or a kubectl ``List``.

    ``cluster`` renames the cluster; a kubectl List has no cluster name, so it defaults to the
    file's stem (``prod.json``: ``prod``)."""
    data = _read(path)
    if data.get("format") == FORMAT:
        return _policycheck(path, data, cluster)
    kind = data.get("kind")
    if isinstance(kind, str) and kind.endswith("List") and isinstance(data.get("items"), list):
        return _kubectl(path, data, cluster or path.stem)
    raise SnapshotError(f"{path}: neither a policycheck snapshot nor a kubectl List "
                        "(kubectl get ... -A -o json)")


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SnapshotError(f"cannot read snapshot {path}: {error}") from None
    try:
        data = json.loads(text)
    except ValueError:
        data = _yaml(path, text)
    if not isinstance(data, dict):
        raise SnapshotError(f"{path}: a snapshot is a JSON object")
    return data


def _yaml(path: Path, text: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as error:
        raise SnapshotError(f"{path}: neither JSON nor YAML: {error}") from None


def _policycheck(path: Path, data: dict[str, Any], cluster: str | None) -> K8sCollection:
    if data.get("source") != SOURCE:
        raise SnapshotError(f"{path}: a snapshot of source {data.get('source')!r}, not a cluster")
    if data.get("version") != VERSION:
        raise SnapshotError(f"{path}: snapshot version {data.get('version')!r} is not supported "
                            f"(this policycheck reads version {VERSION})")
    objects = data.get("objects")
    if not isinstance(objects, list):
        raise SnapshotError(f"{path}: the snapshot has no objects list")
    name = cluster or str(data.get("cluster") or path.stem)
    try:
        gaps = [NotAssessed(**{**entry, "account": name, "kinds": tuple(entry.get("kinds", ()))})
                for entry in data.get("not_assessed") or ()]
    except TypeError as error:
        raise SnapshotError(f"{path}: a not_assessed entry is malformed: {error}") from None
    namespaces = data.get("namespaces")
    return build_collection(name, _objects(path, objects), not_assessed=gaps,
                            namespaces=namespaces if isinstance(namespaces, list) else None,
                            excluded=data.get("excluded") or ())


def _kubectl(path: Path, data: dict[str, Any], cluster: str) -> K8sCollection:
    items = data["items"]
    list_kind = str(data["kind"])
    if list_kind != "List":  # a typed list (PodList): items carry no kind
        items = [{"apiVersion": data.get("apiVersion"), "kind": list_kind[:-4], **item}
                 for item in items if isinstance(item, dict)]
    objects = _objects(path, items)
    present = {obj["kind"] for obj in objects}
    absent = [spec.plural for spec in KINDS if spec.kind not in present]
    warnings = [f"{path}: the List holds no {', '.join(absent)}; if kubectl was not asked for "
                "them, verdicts that depend on them (default-deny NetworkPolicy, disruption "
                "budgets, ServiceAccounts, ...) are not reliable"] if absent else []
    return build_collection(cluster, objects, warnings=warnings)


def _objects(path: Path, items: list[Any]) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        if not (isinstance(item, dict) and isinstance(item.get("kind"), str)
                and isinstance(item.get("apiVersion"), str)):
            raise SnapshotError(f"{path}: item {index} is not a Kubernetes object "
                                "(it needs string apiVersion and kind)")
        objects.append(normalise_object(item, in_place=True))
    return objects
