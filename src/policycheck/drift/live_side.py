"""The live side of a drift run: a collection (read now, or from a snapshot) and the matching
:class:`~policycheck.drift.sides.AwsSide` / :class:`~policycheck.drift.sides.K8sSide`.

boto3 and kubernetes are imported only by the collectors when they contact AWS or a cluster.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from policycheck.drift.sides import AwsSide, K8sSide
from policycheck.engine.live import LiveCollection
from policycheck.engine.policy import Policy
from policycheck.errors import UsageError
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws import AwsOptions, RawCollection
    from policycheck.live.k8s import K8sCollection


@dataclass(slots=True)
class LiveSide:
    collection: LiveCollection
    side: AwsSide | K8sSide
    objects: list[Resource]
    """Every live object to match (for Kubernetes also those judged on their controller)."""
    unjudgeable: Callable[[Iterable[Policy]], list[str]] = lambda policies: []
    """The IDs of the policies that read what was not collected (they judge neither side)."""


def snapshot_source(path: Path) -> str:
    """``aws`` or ``cluster``: what a snapshot file holds (its ``source``, or a kubectl List)."""
    try:
        head = json.loads(path.read_text("utf-8"))
    except OSError as error:
        raise UsageError(f"cannot read snapshot {path}: {error.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        return "cluster"  # kubectl may also write YAML; the Kubernetes loader says what is wrong
    if isinstance(head, dict) and head.get("source") in ("aws", "cluster"):
        return str(head["source"])
    if isinstance(head, dict) and str(head.get("kind", "")).endswith("List"):
        return "cluster"
    raise UsageError(f"{path}: not a policycheck snapshot (no source) nor a kubectl List")


def aws_side(raw: RawCollection) -> LiveSide:
    """An AWS collection with what it read: every (account, region, type) whose service answered."""
    from policycheck.live.aws import ALL_SERVICES
    from policycheck.live.aws.raw import to_collection

    kinds = {module.SERVICE: tuple(module.KINDS) for module in ALL_SERVICES}
    reads = {(account.account, read.region, kind) for account in raw.accounts for read in account.reads
             if read.not_assessed is None for kind in kinds.get(read.service, ())}
    from policycheck.live.aws import unjudgeable

    collection = to_collection(raw, ALL_SERVICES)
    return LiveSide(collection, AwsSide(reads, collection.not_assessed), collection.resources,
                    lambda policies: unjudgeable(policies, raw))


def read_aws(options: AwsOptions | None, snapshot: Path | None) -> LiveSide:
    from policycheck.live.aws import gather, save_snapshot
    from policycheck.live.aws.snapshot import read_snapshot

    if snapshot is not None:
        return aws_side(read_snapshot(snapshot))
    assert options is not None
    raw = gather(options)
    if options.snapshot is not None:
        save_snapshot(options.snapshot, raw)
    return aws_side(raw)


def k8s_side(collection: K8sCollection, default_namespace: str) -> LiveSide:
    from policycheck.live.k8s.kinds import KINDS
    from policycheck.loaders.k8s.manifests import CLUSTER_SCOPED

    scoped = frozenset({spec.kind for spec in KINDS if not spec.namespaced} | set(CLUSTER_SCOPED))
    side = K8sSide(frozenset(spec.kind for spec in KINDS), collection.namespaces, collection.excluded,
                   collection.not_assessed, dict(collection.ownership.owner_of), scoped, default_namespace)
    return LiveSide(collection, side, [*collection.resources, *collection.owned])
