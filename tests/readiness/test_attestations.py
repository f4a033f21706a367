"""Reading policycheck-attestations.yaml: valid entries, expiry, and errors naming file, line
and item."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from policycheck.checklist import Checklist, builtin_checklist
from policycheck.readiness.attestations import (
    ATTESTATIONS_FILE,
    Attestation,
    AttestationError,
    find_attestations,
    read_attestations,
)

TODAY = date(2025, 6, 1)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ATTESTATIONS_FILE
    path.write_text(text, "utf-8")
    return path


def test_entries_by_item_with_their_lines(tmp_path: Path, small: Checklist) -> None:
    path = write(tmp_path, """\
attestations:
  - item: docs/runbook
    by: Dana <dana@example.com>
    date: 2025-03-02
    evidence: https://wiki.example.com/runbook
    until: 2025-09-30

  - item: must/rollback
    by: Sam
    date: "2025-04-01"
    note: rehearsed on staging
""")
    found = read_attestations(path, small, TODAY)
    assert found == {
        "docs/runbook": Attestation("docs/runbook", "Dana <dana@example.com>", date(2025, 3, 2),
                                    "https://wiki.example.com/runbook", "", date(2025, 9, 30), 2),
        "must/rollback": Attestation("must/rollback", "Sam", date(2025, 4, 1), "",
                                     "rehearsed on staging", None, 8),
    }
    assert not found["docs/runbook"].expired(date(2025, 9, 30))
    assert found["docs/runbook"].expired(date(2025, 10, 1))
    assert not found["must/rollback"].expired(date(2999, 1, 1))


ENTRY = "attestations:\n  - item: docs/oncall\n    by: Sam\n    date: 2025-03-02\n    note: ok\n"


@pytest.mark.parametrize("text, message", [
    (ENTRY.replace("docs/oncall", "docs/on-call"),
     ":2: docs/on-call: no such checklist item; did you mean docs/oncall?"),
    (ENTRY.replace("docs/oncall", "must/secure"),
     ":2: must/secure: this Go/No-Go criterion is derived from other items"),
    (ENTRY.replace("    by: Sam\n", ""), ":2: docs/oncall: by (who) and date (when) are required"),
    (ENTRY.replace("    note: ok\n", ""), ":2: docs/oncall: give evidence (a link) or a note"),
    (ENTRY.replace("2025-03-02", "2025-07-01"), ":2: docs/oncall: date 2025-07-01 is in the future"),
    (ENTRY.replace("2025-03-02", "March 2nd"),
     ":2: docs/oncall: date must be a date (YYYY-MM-DD), not 'March 2nd'"),
    (ENTRY + "    until: 2025-01-01\n",
     ":2: docs/oncall: until 2025-01-01 is before date 2025-03-02"),
    (ENTRY + "    expires: 2025-01-01\n", ":2: docs/oncall: unknown key(s) expires"),
    (ENTRY + ENTRY.split("\n", 1)[1], ":6: docs/oncall: attested twice (first at line 2)"),
    (ENTRY.replace("    by: Sam", "    by: [Sam]"), ":2: docs/oncall: by must be text"),
    ("attestations:\n  - docs/oncall\n", ":2: an attestation must be a mapping"),
    ("attestations:\n  - by: Sam\n", ":2: item (a checklist item ID) is required"),
    ("- item: docs/oncall\n", ": expected a mapping with one key, attestations"),
    ("attestations: [\n", ": invalid YAML"),
])
def test_errors_name_file_line_and_item(tmp_path: Path, small: Checklist, text: str,
                                        message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(AttestationError) as caught:
        read_attestations(path, small, TODAY)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)


def test_looked_up_in_the_first_scan_path(tmp_path: Path) -> None:
    assert find_attestations([str(tmp_path)]) is None
    path = write(tmp_path, ENTRY)
    assert find_attestations([str(tmp_path), "elsewhere"]) == path
    (tmp_path / "main.tf").write_text("")
    assert find_attestations([str(tmp_path / "main.tf")]) == path


def test_the_example_file_is_valid_and_answers_every_must_pass_prerequisite() -> None:
    checklist = builtin_checklist()
    found = read_attestations(EXAMPLES / ATTESTATIONS_FILE, checklist, TODAY)
    assert "must-pass/rollback-procedure-tested" in found
    assert all(a.evidence or a.note for a in found.values())
    assert [i for i, a in found.items() if a.expired(TODAY)] == [
        "incident-response/contact-information-current"]
