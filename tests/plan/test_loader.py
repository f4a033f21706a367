"""The plan loader on real Terraform output, on the fixtures, and on files that are no plans."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from policycheck.loaders.base import LoadOptions, LoadResult, SourceFile
from policycheck.loaders.plan.loader import NOT_A_PLAN, is_plan, load_plan, split_plans
from policycheck.loaders.plan.model import PlanOptions
from policycheck.loaders.plan.values import Sensitive
from policycheck.model import Reference, Resource, Unknown
from policycheck.testing.plan_document import UNKNOWN, Instance, plan_document, refs

HERE = Path(__file__).parent
REAL = HERE / "data" / "terraform_data"
FIXTURES = HERE.parents[1] / "terraform_fixtures" / "plan"


def _load(path: Path, display: str | None = None, **options: object) -> LoadResult:
    return load_plan(SourceFile(path, display or path.name), LoadOptions(),
                     PlanOptions(**options))  # type: ignore[arg-type]


def _by_address(resources: list[Resource]) -> dict[str, Resource]:
    return {r.address: r for r in resources}


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_terraform_output_gives_planned_and_prior_objects(tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    shutil.copy(REAL / "update.json", plan_file)
    loaded = _load(plan_file)
    assert loaded.errors == [] and loaded.files == 1
    planned = _by_address(loaded.resources)
    plan = loaded.plans[0]
    prior = _by_address(plan.prior)
    assert sorted(planned) == ['module.child.terraform_data.c["k1"]', "terraform_data.a",
                               "terraform_data.b[0]"]
    assert {a: r.change for a, r in prior.items()} == {
        "terraform_data.a": "update", "terraform_data.b[0]": "replace",
        "terraform_data.b[1]": "delete", 'module.child.terraform_data.c["k1"]': "update"}
    a, b0 = planned["terraform_data.a"], planned["terraform_data.b[0]"]
    assert (a.kind, a.source, a.change) == ("terraform_data", "plan", "update")
    assert a.get("input.name") == "demo2" and prior["terraform_data.a"].get("input.name") == "demo"
    assert isinstance(a.get("output"), Unknown)
    assert a.get("output").reason == "terraform_data.a.output is known only after apply"
    assert b0.get("input") == Reference("terraform_data.a", "id")
    assert b0.references == {"terraform_data.a"}
    secret = b0.get("triggers_replace.0")
    assert isinstance(secret, Sensitive) and "hunter" not in f"{secret} {b0.attributes}"
    child = planned['module.child.terraform_data.c["k1"]']
    assert child.get("input") == Reference("terraform_data.a", "output")  # through var.in
    assert plan.labels["terraform_data.b[0]"] == "replace: triggers_replace"
    assert str(plan.changes["terraform_data.a"][0]) == 'input.name: "demo" -> "demo2"'
    assert a.location.file == "plan.json" and a.location.line == 1  # one-line JSON


def test_plan_in_its_terraform_root_points_at_the_blocks() -> None:
    loaded = _load(REAL / "update.json", "data/update.json")
    planned = _by_address(loaded.resources)
    deleted = _by_address(loaded.plans[0].prior)["terraform_data.b[1]"]
    assert planned["terraform_data.b[0]"].location.file == "data/main.tf"
    assert planned["terraform_data.b[0]"].location.line == _line_of(
        REAL / "main.tf", 'resource "terraform_data" "b"')
    assert planned["terraform_data.b[0]"].line_of("triggers_replace") == _line_of(
        REAL / "main.tf", "triggers_replace")
    assert deleted.location == planned["terraform_data.b[0]"].location  # the block that had it
    assert planned['module.child.terraform_data.c["k1"]'].location.file == "data/child/main.tf"


def test_source_option_maps_a_plan_kept_elsewhere(tmp_path: Path) -> None:
    shutil.copy(REAL / "update.json", tmp_path / "update.json")
    loaded = _load(tmp_path / "update.json", source=REAL, source_display="infra")
    assert {r.location.file for r in loaded.resources} == {"infra/main.tf", "infra/child/main.tf"}
    missing = _load(tmp_path / "update.json", source=tmp_path, source_display="elsewhere")
    assert missing.warnings == ["elsewhere: no .tf files; findings point into the plan"]


def test_pretty_printed_plan_points_at_each_entry() -> None:
    path = FIXTURES / "destroy" / "plan.json"
    text = path.read_text()
    loaded = _load(path)
    changes_start = text.index('"resource_changes"')
    for address in ("aws_db_instance.main", "aws_ebs_volume.scratch"):
        resource = _by_address(loaded.resources)[address]
        entry = text.index(f'"address": {json.dumps(address)}', changes_start)
        assert resource.location.line == text.count("\n", 0, entry) + 1
    deleted = _by_address(loaded.plans[0].prior)['module.storage.aws_dynamodb_table.this["sessions"]']
    assert deleted.change == "delete" and deleted.location.line > 1


def test_computed_paths_follow_the_configuration(tmp_path: Path) -> None:
    document = plan_document([
        Instance("aws_db_instance", "a", ["create"], None,
                 {"identifier": "a", "password": "literal", "username": "app", "id": UNKNOWN},
                 expressions={"identifier": {"constant_value": "a"},
                              "password": {"constant_value": "literal"},
                              "username": refs("var.user")})])
    (tmp_path / "p.json").write_text(json.dumps(document))
    resource = _load(tmp_path / "p.json").resources[0]
    assert resource.is_literal("identifier") and resource.is_literal("password")
    assert not resource.is_literal("username") and not resource.is_literal("id")


@pytest.mark.parametrize(("text", "line", "message"), [
    ('{\n  "format_version": "1.2",\n  "planned_values": {\n}}}', 4, "invalid JSON: Extra data"),
    ('{"apiVersion": "v1", "kind": "ConfigMap"}', 1, NOT_A_PLAN),
    ('[1, 2]', 1, NOT_A_PLAN),
    ('{"format_version": "1.0", "terraform_version": "1.9.8", "values": {}}', 1,
     NOT_A_PLAN + ": it is the JSON of a state"),
    ('{"format_version": "2.0", "planned_values": {}}', 1,
     "unsupported plan format_version '2.0': policycheck reads format 1.x"),
    ('{"format_version": "1.2", "resource_changes": {}}', 1, "resource_changes is not a list"),
])
def test_files_that_are_no_readable_plan_are_errors(tmp_path: Path, text: str, line: int,
                                                     message: str) -> None:
    (tmp_path / "x.json").write_text(text)
    loaded = _load(tmp_path / "x.json")
    assert loaded.resources == []
    assert [(e.file, e.line) for e in loaded.errors] == [("x.json", line)]
    assert loaded.errors[0].message.startswith(message)


def test_plans_are_recognised_by_their_first_bytes(tmp_path: Path) -> None:
    big_variables = {"blob": {"value": "x" * 10000}}
    files = {
        "plan.json": REAL / "update.json",
        "late.json": {"format_version": "1.2", "terraform_version": "1.9.8",
                      "variables": big_variables, "planned_values": {}},
        "state.json": {"format_version": "1.0", "terraform_version": "1.9.8", "values": {}},
        "k8s.json": {"apiVersion": "v1", "kind": "ConfigMap",
                     "data": {"format_version": "1", "terraform_version": "1", "planned_values": 1}},
    }
    sources = []
    for name, content in files.items():
        path = tmp_path / name
        if isinstance(content, Path):
            shutil.copy(content, path)
        else:
            path.write_text(json.dumps(content, indent=2))
        sources.append(SourceFile(path, name))
    plans, others = split_plans(sources)
    assert [p.display for p in plans] == ["plan.json", "late.json"]
    assert [o.display for o in others] == ["state.json", "k8s.json"]
    assert not is_plan(tmp_path / "missing.json")
