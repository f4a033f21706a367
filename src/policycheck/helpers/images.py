"""Images built from scanned Dockerfiles and the Kubernetes containers that run them.

Mapping rule (shared by PC-XREF-001, PC-XREF-002 and PC-DOCKER-002): a container's image maps
to a scanned Dockerfile when

1. the config ``images:`` mapping (the policy parameter ``images``: image -> Dockerfile path
   relative to the scan) names the image, by its full reference or by its name without tag and
   digest; the Dockerfile is the scanned one whose display path is that path, or ends with
   ``/<path>`` below the fewest directories (the scan path). A mapped image maps only this way,
   even when no scanned Dockerfile matches;
2. otherwise, when the image's repository name (its last path segment, without registry, tag
   or digest) equals the name of the directory holding a scanned Dockerfile.

Only workloads from Kubernetes manifests (source ``k8s``) are considered.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from policycheck.helpers.docker import (
    Instruction,
    final_instructions,
    parse_image,
    scope_before,
    substitute,
)
from policycheck.helpers.kubernetes import WORKLOAD_KINDS, Container, integer, iter_containers
from policycheck.model import Resource, ResourceGraph, Unknown

DOCKERFILE_KIND = "dockerfile"
MANIFEST_SOURCE = "k8s"
_EXPOSE = re.compile(r"^(?P<low>\d+)(?:-(?P<high>\d+))?(?:/(?P<protocol>[A-Za-z]+))?$")


def _normalised(path: str) -> str:
    return posixpath.normpath(path.replace("\\", "/")).removeprefix("./")


def _configured_path(image: str, images_param: Mapping[str, str]) -> str | None:
    """The Dockerfile path the ``images`` mapping gives ``image``, if it names it."""
    if image in images_param:
        return images_param[image]
    name = parse_image(image).name
    for key, path in images_param.items():
        ref = parse_image(key)
        if ref.tag is None and ref.digest is None and ref.name == name:
            return path
    return None


@dataclass(slots=True)
class _Dockerfiles:
    """The scanned Dockerfiles of a graph, in graph order, by what an image may map them by."""

    by_directory: dict[str, list[Resource]] = field(default_factory=dict)
    """By the name of the directory holding them."""
    by_tail: dict[str, list[Resource]] = field(default_factory=dict)
    """By their normalised display path and each of its tails after a ``/``."""
    nearest: dict[str, list[Resource]] = field(default_factory=dict)
    """By a configured path: the matching ones below the fewest directories (filled on use)."""

    def nearest_root(self, wanted: str) -> list[Resource]:
        """The Dockerfiles whose display path is ``wanted`` below the fewest leading directories
        (the scan path the user gave), so ``Dockerfile`` names the one at the scan root only."""
        found = self.nearest.get(wanted)
        if found is None:
            matching = self.by_tail.get(wanted, [])
            depth = min((_normalised(d.address).count("/") for d in matching), default=0)
            found = self.nearest[wanted] = [
                d for d in matching if _normalised(d.address).count("/") == depth]
        return found


_DOCKERFILES: WeakKeyDictionary[ResourceGraph, _Dockerfiles] = WeakKeyDictionary()


def _dockerfiles(graph: ResourceGraph) -> _Dockerfiles:
    """The Dockerfile index of ``graph``, built once."""
    index = _DOCKERFILES.get(graph)
    if index is None:
        index = _DOCKERFILES[graph] = _Dockerfiles()
        for dockerfile in graph.of_kind(DOCKERFILE_KIND):
            directory = posixpath.basename(posixpath.dirname(dockerfile.address))
            index.by_directory.setdefault(directory, []).append(dockerfile)
            shown = _normalised(dockerfile.address)
            tails = [shown] + [shown[i + 1:] for i, char in enumerate(shown) if char == "/"]
            for tail in tails:
                index.by_tail.setdefault(tail, []).append(dockerfile)
    return index


def repository_name(image: str) -> str:
    """The last path segment of an image reference: ``registry:5000/shop/api:1.2`` -> ``api``."""
    return parse_image(image).name.rsplit("/", 1)[-1]


def dockerfiles_for_image(
    image: str, graph: ResourceGraph, images_param: Mapping[str, str]
) -> list[Resource]:
    """The scanned Dockerfiles an image is built from (see the module doc for the rule).

    The first call for a graph indexes its Dockerfiles; later calls look up.
    """
    index = _dockerfiles(graph)
    configured = _configured_path(image, images_param)
    if configured is not None:
        return list(index.nearest_root(_normalised(configured)))
    return list(index.by_directory.get(repository_name(image), ()))


@dataclass(frozen=True, slots=True)
class RunningContainer:
    """A container of a Kubernetes workload, as found by :func:`workloads_for_dockerfile`."""

    workload: Resource
    container: Container

    @property
    def label(self) -> str:
        """``container "api" of Deployment/shop/api``."""
        return f"{self.container.label} of {self.workload.address}"

    @property
    def has_liveness_probe(self) -> bool:
        return bool(self.container.get("livenessProbe"))


def image_of(container: Container) -> str | None:
    """The container's image reference, ``None`` when absent or not a plain string."""
    image = container.get("image")
    return image if isinstance(image, str) and image else None


def mapped_containers(
    workload: Resource, graph: ResourceGraph, images_param: Mapping[str, str]
) -> Iterator[tuple[RunningContainer, Resource]]:
    """Each long-running container of ``workload`` (regular containers and native sidecars)
    with each scanned Dockerfile its image maps to."""
    for container in iter_containers(workload, init=True):
        image = image_of(container)
        if container.long_running and image is not None:
            for dockerfile in dockerfiles_for_image(image, graph, images_param):
                yield RunningContainer(workload, container), dockerfile


def workloads_for_dockerfile(
    dockerfile: Resource, graph: ResourceGraph, images_param: Mapping[str, str]
) -> list[RunningContainer]:
    """Every long-running container of a workload in a scanned manifest whose image maps to
    ``dockerfile``, in graph order.

    The first call for a graph and ``images_param`` maps every such container; later calls
    look up (an ``images_param`` that cannot be a key, not text to text, is mapped per call).
    """
    key = tuple(images_param.items())
    try:
        hash(key)
    except TypeError:
        return _running_by_dockerfile(graph, images_param).get(dockerfile, [])
    per_graph = _RUNNING.setdefault(graph, {})
    running = per_graph.get(key)
    if running is None:
        running = per_graph[key] = _running_by_dockerfile(graph, images_param)
    return list(running.get(dockerfile, ()))


_RUNNING: WeakKeyDictionary[
    ResourceGraph, dict[tuple[tuple[str, str], ...], dict[Resource, list[RunningContainer]]]
] = WeakKeyDictionary()


def _running_by_dockerfile(
    graph: ResourceGraph, images_param: Mapping[str, str]
) -> dict[Resource, list[RunningContainer]]:
    """Each scanned Dockerfile with the long-running manifest containers whose image maps to it."""
    found: dict[Resource, list[RunningContainer]] = {}
    for workload in graph.of_kind(*WORKLOAD_KINDS):
        if workload.source == MANIFEST_SOURCE:
            for running, built_from in mapped_containers(workload, graph, images_param):
                found.setdefault(built_from, []).append(running)
    return found


def effective_healthcheck(dockerfile: Resource) -> tuple[str, Instruction] | None:
    """The final image's last HEALTHCHECK as ``(path, instruction)``; ``None`` when it has none
    or the last one is ``HEALTHCHECK NONE``."""
    checks = list(final_instructions(dockerfile, "HEALTHCHECK"))
    if not checks:
        return None
    path, instruction = checks[-1]
    if [a.upper() for a in instruction["args"]] == ["NONE"]:
        return None
    return path, instruction


@dataclass(frozen=True, slots=True)
class PortRange:
    """Ports ``low``..``high`` (inclusive) of a protocol (lower case: ``tcp``, ``udp``)."""

    low: int
    high: int
    protocol: str

    def __contains__(self, port: object) -> bool:
        return (isinstance(port, Port) and port.protocol == self.protocol
                and self.low <= port.number <= self.high)

    def __str__(self) -> str:
        span = str(self.low) if self.low == self.high else f"{self.low}-{self.high}"
        return f"{span}/{self.protocol}"


@dataclass(frozen=True, slots=True)
class Port:
    number: int
    protocol: str

    def __str__(self) -> str:
        return f"{self.number}/{self.protocol}"


@dataclass(frozen=True, slots=True)
class Exposed:
    """One EXPOSE argument of the final image: its ports, or why they are not known."""

    path: str
    text: str
    ports: PortRange | Unknown


def exposed_ports(dockerfile: Resource) -> Iterator[Exposed]:
    """Each EXPOSE argument of the final image (inherited stages included), with ARG/ENV
    values substituted; a variable without a value makes the ports :class:`Unknown`."""
    for path, instruction in final_instructions(dockerfile, "EXPOSE"):
        variables = scope_before(dockerfile, path)
        for arg in instruction["args"]:
            text = substitute(arg, variables)
            yield Exposed(path, arg, text if isinstance(text, Unknown) else _port_range(text))


def _port_range(text: str) -> PortRange | Unknown:
    match = _EXPOSE.match(text.strip())
    if match is None:
        return Unknown(f"EXPOSE {text!r} is not a port")
    low = int(match["low"])
    high = int(match["high"] or low)
    return PortRange(low, high, (match["protocol"] or "tcp").lower())


@dataclass(frozen=True, slots=True)
class Declared:
    """One ``ports`` entry of a container: its port, or why it is not known."""

    path: str
    port: Port | Unknown


def declared_ports(container: Container) -> Iterator[Declared]:
    """Each ``ports[].containerPort`` of a container (protocol defaults to TCP)."""
    ports = container.get("ports")
    if not isinstance(ports, list):
        return
    for index, entry in enumerate(ports):
        number = integer(entry.get("containerPort")) if isinstance(entry, Mapping) else None
        if number is None:
            continue
        path = container.at(f"ports.{index}.containerPort")
        protocol = entry.get("protocol", "TCP")
        if isinstance(number, Unknown):
            yield Declared(path, number)
        elif not isinstance(protocol, str):
            yield Declared(path, Unknown(f"protocol {protocol!r} is not known"))
        else:
            yield Declared(path, Port(number, protocol.lower()))
