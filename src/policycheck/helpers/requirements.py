"""Reading ``requirements`` resources and judging version pins (also used for ``pip install``)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from policycheck.model import Location, Resource, ResourceGraph

Requirement = Mapping[str, Any]

_COMMIT = re.compile(r"@([0-9a-fA-F]{40}|[0-9a-fA-F]{64})(?:[#?]|$)")
_ARCHIVE_HASH = re.compile(r"#(?:sha256|sha384|sha512)=[0-9a-fA-F]+")
_VCS = re.compile(r"^(?:git|hg|svn|bzr)\+|^git@|^git://|\.git(?:[@#]|$)")


def is_development_name(text: str) -> bool:
    """Whether a file, directory or group name marks development or test use."""
    lowered = text.lower()
    return "dev" in lowered or "test" in lowered


def canonical(name: str) -> str:
    """The PEP 503 normalised project name (``Flask_SQLAlchemy`` -> ``flask-sqlalchemy``)."""
    from packaging.utils import canonicalize_name  # packaging: imported by the scans that use it

    return str(canonicalize_name(name))


def is_pinned(specifier: str) -> bool:
    """Whether a version specifier fixes one version: an ``==`` without ``*``, or ``===``."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        parsed = SpecifierSet(specifier)
    except InvalidSpecifier:
        return False
    return any(
        spec.operator == "===" or (spec.operator == "==" and "*" not in spec.version)
        for spec in parsed
    )


def is_unpinned_requirement(text: str) -> bool:
    """Whether ``text`` is a PEP 508 requirement naming a package that no exact version pins
    (``flask``, ``flask>=2``); URL requirements and text that is not a requirement are not."""
    from packaging.requirements import InvalidRequirement
    from packaging.requirements import Requirement as Pep508

    try:
        requirement = Pep508(text)
    except InvalidRequirement:
        return False
    return requirement.url is None and not is_pinned(str(requirement.specifier))


def is_local(url: str) -> bool:
    """Whether a requirement URL is a local path (``./pkg``, ``/abs``, ``file:``)."""
    return url.startswith((".", "/", "~", "file:"))


def url_pin_problem(url: str, hashes: list[str]) -> str | None:
    """Why a URL requirement is not pinned, or ``None`` when it is.

    A VCS URL needs a full commit hash (``@<40 hex>``); an archive URL needs a ``#sha256=``
    fragment or ``--hash``; local paths are the project's own code.
    """
    if is_local(url):
        return None
    if _VCS.search(url):
        return None if _COMMIT.search(url) else "VCS requirement not pinned to a full commit hash"
    if _ARCHIVE_HASH.search(url) or hashes:
        return None
    return "URL requirement without a hash"


def requirement_location(requirement: Requirement) -> Location:
    """Where a requirement entry of a ``requirements`` resource is written."""
    return Location(requirement["file"], requirement["line"], requirement["line"])


def shipped_requirements(
    resource: Resource, graph: ResourceGraph
) -> Iterator[tuple[str, Requirement]]:
    """``(path, entry)`` of the entries a requirement file installs, outside dev/test groups.

    An entry read through ``-r`` from another production file that the scan judges on its own
    is left to that file, so each requirement is reported once.
    """
    for index, requirement in enumerate(resource.attributes.get("requirements", ())):
        group = requirement.get("group")
        if group and is_development_name(group):
            continue
        if requirement["file"] != resource.address:
            owner = graph.get(requirement["file"], "deps")
            if owner is not None and owner.attributes.get("production"):
                continue
        yield f"requirements.{index}", requirement
