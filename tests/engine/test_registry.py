from __future__ import annotations

from pathlib import Path

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
