"""One finding per thing a user fixes: owned workloads are judged on their top controller.

A Deployment's ReplicaSets and Pods, a CronJob's Jobs and their Pods, a StatefulSet's or
DaemonSet's Pods all carry the controller's pod template: judging them too would repeat every
finding three times, on objects nobody edits. :func:`resolve` follows each workload's
controller ``ownerReference`` (the one with ``controller: true``) to a collected workload of the
same namespace and sets the owned object aside; the top of each chain is judged.

- A bare Pod, and a static (mirror) Pod, whose owner is its Node, are judged as Pods.
- A workload whose controller was not collected (excluded, denied, or a kind the audit does not
  read, such as an Argo Rollout) is judged itself, and its findings say so (see ``notes``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from policycheck.helpers.kubernetes import WORKLOAD_KINDS
from policycheck.model import Resource

MIRROR_ANNOTATION = "kubernetes.io/config.mirror"
NODE = "Node"


def controller_ref(attributes: Mapping[str, Any]) -> tuple[str, str] | None:
    """``(kind, name)`` of the object's controlling owner, or None."""
    metadata = attributes.get("metadata")
    refs = metadata.get("ownerReferences") if isinstance(metadata, Mapping) else None
    for ref in refs if isinstance(refs, list) else ():
        if isinstance(ref, Mapping) and ref.get("controller") is True:
            return str(ref.get("kind") or ""), str(ref.get("name") or "")
    return None


def namespace_key(resource: Resource) -> tuple[str, str, str]:
    metadata = resource.attributes.get("metadata")
    metadata = metadata if isinstance(metadata, Mapping) else {}
    return str(metadata.get("namespace") or ""), resource.kind, str(metadata.get("name") or "")


def is_mirror_pod(resource: Resource) -> bool:
    """A static pod's mirror: annotated ``kubernetes.io/config.mirror`` or owned by its Node."""
    annotations = resource.get("metadata.annotations")
    if isinstance(annotations, Mapping) and MIRROR_ANNOTATION in annotations:
        return True
    ref = controller_ref(resource.attributes)
    return ref is not None and ref[0] == NODE


@dataclass(slots=True)
class Ownership:
    """The workloads split into those judged and those judged on their controller."""

    judged: list[Resource] = field(default_factory=list)
    owned: list[Resource] = field(default_factory=list)
    owner_of: dict[str, str] = field(default_factory=dict)
    """Address of each owned object -> address of its (collected) controller."""
    notes: dict[str, str] = field(default_factory=dict)
    """Address of a judged workload whose controller was not collected -> why it is judged."""

    def top_owner(self, address: str) -> str:
        """The address of the object that is judged for ``address`` (itself when not owned)."""
        seen = {address}
        while address in self.owner_of:
            address = self.owner_of[address]
            if address in seen:
                break
            seen.add(address)
        return address

    def chain(self, address: str) -> list[str]:
        """``address``, its controller, that one's controller, ... up to the top owner."""
        found = [address]
        while found[-1] in self.owner_of and self.owner_of[found[-1]] not in found:
            found.append(self.owner_of[found[-1]])
        return found


def resolve(resources: Iterable[Resource]) -> Ownership:
    """Split ``resources`` (any kinds, in order) by controller ownership."""
    items = list(resources)
    workloads = {namespace_key(r): r for r in items if r.kind in WORKLOAD_KINDS}
    ownership = Ownership()
    for resource in items:
        ref = controller_ref(resource.attributes) if resource.kind in WORKLOAD_KINDS else None
        if ref is None or (resource.kind == "Pod" and is_mirror_pod(resource)):
            ownership.judged.append(resource)
            continue
        namespace = namespace_key(resource)[0]
        owner = workloads.get((namespace, *ref))
        if owner is not None and owner is not resource:
            ownership.owned.append(resource)
            ownership.owner_of[resource.address] = owner.address
        else:
            ownership.judged.append(resource)
            ownership.notes[resource.address] = (
                f"judged as a {resource.kind}: its controller {ref[0]}/{ref[1]} was not collected")
    return ownership
