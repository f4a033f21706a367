"""The built-in checklist data, its JSON Schema, and users' checklist files."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from policycheck.checklist import (
    ChecklistError,
    Criterion,
    builtin_checklist,
    checklist_item_ids,
    load_checklist,
    parse_checklist,
)
from policycheck.engine.registry import load_registry
from policycheck.model import Severity

DATA = resources.files("policycheck").joinpath("data")
SCHEMA = json.loads(DATA.joinpath("checklist.schema.json").read_text("utf-8"))


def builtin_data() -> dict[str, Any]:
    return yaml.safe_load(DATA.joinpath("checklist.yaml").read_text("utf-8"))


def test_builtin_checklist_matches_the_seed_document() -> None:
    seed = Path(__file__).resolve().parents[3] / "shared" / "production-deployment-checklist.md"
    if not seed.is_file():
        pytest.skip("the seed checklist is not beside the repository")
    boxes = [line[6:].strip() for line in seed.read_text("utf-8").splitlines()
             if line.startswith("- [ ] ")]
    assert [i.text for i in builtin_checklist().items()] == boxes


def test_builtin_structure_and_tiers() -> None:
    checklist = builtin_checklist()
    assert len(list(checklist.items())) == 124 == len(checklist_item_ids())
    last = checklist.sections[-1]
    assert last.title == "Go/No-Go Decision Criteria"
    assert [(g.id, g.tier, len(g.items)) for g in last.groups] == [
        ("must-pass", "must", 5), ("should-pass", "should", 4), ("nice-to-have", "nice", 4)]
    assert all(i.criterion is None for s in checklist.sections[:-1] for i in s.items())
    assert checklist.item("must-pass/security-checks-passed").criterion == Criterion(
        ("security-hardening",), Severity.HIGH, False)
    assert checklist.item("must-pass/rollback-procedure-tested").criterion.attest


def test_every_policy_names_existing_items() -> None:
    registry = load_registry(entry_points=False)
    assert not [e for e in registry.errors if "checklist" in e.message]
    named = {c for p in registry for c in p.checklist}
    assert named and named <= checklist_item_ids()


def test_builtin_data_validates_against_the_schema() -> None:
    jsonschema.validate(builtin_data(), SCHEMA)


def _broken(mutate: str) -> dict[str, Any]:
    data = builtin_data()
    security = data["sections"][6]
    must = data["sections"][-1]["groups"][0]
    if mutate == "bad id":
        security["groups"][0]["items"][0]["id"] = "Firewall_Rules"
    elif mutate == "unknown key":
        security["groups"][0]["owner"] = "ops"
    elif mutate == "missing text":
        del security["groups"][0]["items"][0]["text"]
    elif mutate == "bad tier":
        must["tier"] = "critical"
    elif mutate == "criterion field outside a tier":
        security["groups"][0]["items"][0]["attest"] = True
    elif mutate == "bad severity":
        must["items"][0]["no-failures-at-or-above"] = "severe"
    elif mutate == "empty requires":
        must["items"][0]["requires"] = []
    return data


@pytest.mark.parametrize("mutate, message", [
    ("bad id", "group network-security item #1: id 'Firewall_Rules' must be lowercase words"),
    ("unknown key", "group #1: unknown key(s) owner"),
    ("missing text", "group network-security item #1: missing text"),
    ("bad tier", "group must-pass: tier must be one of must, should, nice"),
    ("criterion field outside a tier",
     "item network-security/firewall-rules-configured-minimum-required: attest is only allowed"),
    ("bad severity", "item must-pass/security-checks-passed: no-failures-at-or-above: unknown "
                     "severity 'severe'"),
    ("empty requires", "item must-pass/security-checks-passed: requires must be a non-empty list"),
])
def test_schema_and_loader_reject_the_same_mistakes(mutate: str, message: str) -> None:
    data = _broken(mutate)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(data, "team.yaml")
    assert str(caught.value).startswith("team.yaml: ")
    assert message in str(caught.value)


@pytest.mark.parametrize("change, message", [
    (lambda d: d["sections"][1]["groups"].append(
        {"id": "dependencies", "title": "Again", "items": []}),
     "group dependencies: the ID is used twice"),
    (lambda d: d["sections"][0]["groups"][0]["items"].append(
        {"id": "methods-snake-case-naming", "text": "Twice"}),
     "item code-structure/methods-snake-case-naming: the ID is used twice"),
    (lambda d: d["sections"][-1]["groups"][0]["items"][0].update(requires=["no-such-group"]),
     "requires 'no-such-group', which is no section, group or item"),
    (lambda d: d["sections"][-1]["groups"][1]["items"][0].update(requires=["must-pass"]),
     "requires 'must-pass', which holds Go/No-Go criteria"),
    (lambda d: d["sections"][-1]["groups"][0].update(tier="should"),
     "the Go/No-Go criteria need a group with tier: must"),
])
def test_references_the_schema_cannot_check(change: Any, message: str) -> None:
    data = builtin_data()
    change(data)
    with pytest.raises(ChecklistError, match=message):
        parse_checklist(data, "team.yaml")


def test_a_replacing_checklist_file(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(yaml.safe_dump({"title": "Team", "sections": [
        {"id": "release", "title": "Release", "groups": [
            {"id": "gates", "title": "Gates", "tier": "must", "items": [
                {"id": "pen-test", "text": "Pen test done"}]}]}]}))
    checklist = load_checklist(path)
    assert (checklist.title, checklist.origin) == ("Team", str(path))
    assert [i.id for i in checklist.items()] == ["gates/pen-test"]
    # a criterion with nothing to derive it from is answered by an attestation
    assert checklist.item("gates/pen-test").criterion == Criterion((), None, True)


def test_an_extending_checklist_file_merges_by_id(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(yaml.safe_dump({"title": "Shop checklist", "extends": "built-in", "sections": [
        {"id": "security-hardening", "groups": [
            {"id": "access-control", "items": [{"id": "sso-enforced", "text": "SSO enforced"}]},
            {"id": "secrets", "title": "Secrets", "items": [
                {"id": "vault-used", "text": "Secrets live in Vault"}]}]},
        {"id": "release", "title": "Release", "groups": [
            {"id": "release-gates", "title": "Release gates", "items": [
                {"id": "pen-test", "text": "Pen test done"}]}]},
        {"id": "go-no-go-decision-criteria", "groups": [
            {"id": "must-pass", "items": [
                {"id": "pen-test-passed", "text": "Pen test passed",
                 "requires": ["release-gates/pen-test"]}]}]}]}))
    checklist = load_checklist(path)
    assert checklist.title == "Shop checklist"
    assert len(list(checklist.items())) == 124 + 4
    assert [s.id for s in checklist.sections][-2:] == ["release", "go-no-go-decision-criteria"]
    security = next(s for s in checklist.sections if s.id == "security-hardening")
    assert [g.id for g in security.groups][-1] == "secrets"
    assert checklist.item("access-control/sso-enforced") is not None
    assert checklist.item("must-pass/pen-test-passed").criterion == Criterion(
        ("release-gates/pen-test",), None, False)


def test_unreadable_and_invalid_files(tmp_path: Path) -> None:
    with pytest.raises(ChecklistError, match="cannot read"):
        load_checklist(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [unclosed\n")
    with pytest.raises(ChecklistError, match=f"{bad}: invalid YAML"):
        load_checklist(bad)
    bad.write_text("title: T\nsections: {}\n")
    with pytest.raises(ChecklistError, match="sections must be a list"):
        load_checklist(bad)
    bad.write_text("title: T\nextends: somewhere\nsections: []\n")
    with pytest.raises(ChecklistError, match="extends must be 'built-in'"):
        load_checklist(bad)
