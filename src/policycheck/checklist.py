"""The production deployment checklist shipped with the package (``data/checklist.yaml``)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    id: str
    text: str
    section: str
    group: str


@functools.cache
def checklist_items() -> tuple[ChecklistItem, ...]:
    """Every item of the built-in checklist, in document order; IDs are ``<group>/<item>``."""
    text = resources.files("policycheck").joinpath("data/checklist.yaml").read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(text, Loader=loader)
    return tuple(
        ChecklistItem(f"{group['id']}/{item['id']}", item["text"], section["title"], group["title"])
        for section in data["sections"]
        for group in section["groups"]
        for item in group["items"]
    )


@functools.cache
def checklist_item_ids() -> frozenset[str]:
    return frozenset(item.id for item in checklist_items())
