from __future__ import annotations

from pathlib import Path

import pytest

from policycheck.engine.registry import Registry, builtin_policy_dir

GOOD = '''
"""## What
Demo."""
from policycheck.api import policy, passed

@policy(id="PC-ACME-001", title="Demo", severity="low", sources="tf", kinds="aws_s3_bucket",
        checklist="access-control/file-system-permissions-restricted")
def check(resource, ctx):
    yield passed()
'''


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_loads_policy_with_doc_and_location(tmp_path: Path) -> None:
    registry = Registry()
    registry.load_file(_write(tmp_path, "good.py", GOOD))
    policy = registry.get("PC-ACME-001")
    assert registry.errors == []
    assert policy is not None
    assert policy.doc.startswith("## What")
    assert policy.line == 6  # the decorator line, where the metadata is
    assert policy.file.endswith("good.py")


def test_duplicate_id_is_an_error_naming_both_files(tmp_path: Path) -> None:
    registry = Registry()
    registry.load_file(_write(tmp_path, "one.py", GOOD))
    registry.load_file(_write(tmp_path, "two.py", GOOD))
    assert len(registry) == 1
    assert len(registry.errors) == 1
    error = registry.errors[0]
    assert error.file.endswith("two.py")
    assert "duplicate policy ID PC-ACME-001" in error.message
    assert "one.py" in error.message


def test_bad_id_and_unknown_checklist_item_are_reported_with_line(tmp_path: Path) -> None:
    registry = Registry()
    registry.load_file(_write(tmp_path, "bad_id.py", GOOD.replace("PC-ACME-001", "ACME1")))
    registry.load_file(_write(tmp_path, "bad_item.py", GOOD.replace(
        "access-control/file-system-permissions-restricted", "nowhere/nothing")))
    messages = sorted(e.message for e in registry.errors)
    assert len(messages) == 2
    assert "not of the form PC-<DOMAIN>-<NNN>" in messages[1] or "not of the form" in messages[0]
    assert any("unknown checklist item(s) nowhere/nothing" in m for m in messages)
    assert len(registry) == 0


def test_syntax_error_names_file_and_line_and_others_still_load(tmp_path: Path) -> None:
    directory = tmp_path / "rules"
    directory.mkdir()
    _write(directory, "a_broken.py", "x = 1\ndef oops(:\n")
    _write(directory, "b_good.py", GOOD)
    registry = Registry()
    registry.load_directory(directory)
    assert registry.get("PC-ACME-001") is not None
    assert [(Path(e.file).name, e.line) for e in registry.errors] == [("a_broken.py", 2)]


def test_exception_at_import_names_line(tmp_path: Path) -> None:
    registry = Registry()
    registry.load_file(_write(tmp_path, "boom.py", "import os\n\nraise RuntimeError('nope')\n"))
    assert [(e.line, "RuntimeError: nope" in e.message) for e in registry.errors] == [(3, True)]


def test_builtin_directory_exists() -> None:
    assert builtin_policy_dir().is_dir()


def test_gate_scope_is_only_for_the_policies_the_gates_compute() -> None:
    from policycheck.api import policy
    from policycheck.engine.policy import PolicyDefinitionError

    def check(graph: object, ctx: object) -> list[object]:
        raise AssertionError("a gate-scoped policy is never called")

    gate = policy(id="PC-PLAN-002", title="Gate", severity="high", sources="plan", scope="gate")(check)
    assert gate.scope == "gate"
    with pytest.raises(PolicyDefinitionError, match="only for the policies the engine's gates"):
        policy(id="PC-ACME-002", title="Not a gate", severity="low", sources="plan", scope="gate")(check)
    with pytest.raises(PolicyDefinitionError, match="only for the policies the engine's gates"):
        policy(id="PC-DRIFT-003", title="Gate as graph", severity="low", sources="plan",
               scope="graph")(check)
    with pytest.raises(PolicyDefinitionError, match="scope must be one of"):
        policy(id="PC-ACME-003", title="Bad", severity="low", sources="plan",
               scope="everything")(check)  # type: ignore[arg-type]


def test_builtin_gate_policies_are_declared_and_never_scheduled() -> None:
    from policycheck.engine.registry import load_registry
    from policycheck.engine.runner import Selection, schedule_run
    from policycheck.model import Location, Resource, ResourceGraph

    registry = load_registry()
    gates = [p for p in registry if p.scope == "gate"]
    assert sorted(p.id for p in gates) == ["PC-DRIFT-001", "PC-DRIFT-002", "PC-DRIFT-003", "PC-DRIFT-004",
                                           "PC-PLAN-002"]
    graph = ResourceGraph([Resource("aws_s3_bucket", "aws_s3_bucket.b", "plan", {}, Location("p.json", 1, 1))])
    schedule = schedule_run(graph, Selection(gates))
    assert sorted(r.policy.id for r in schedule.rules) == sorted(p.id for p in gates)
    assert schedule.graph_rules == [] and schedule.by_kind == {} and schedule.every_kind == []
