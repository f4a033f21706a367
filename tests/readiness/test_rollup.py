"""Item states computed from hand-made findings and attestations, and the tier decision.

The small checklist of conftest.py: network/firewall (PC-TEST-001), network/tls (PC-TEST-002),
data/encryption (PC-TEST-003), docs/runbook and docs/oncall (manual); criteria must/secure,
must/rollback, should/clean.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date

from policycheck.checklist import parse_checklist
from policycheck.model import Finding, ScanError
from policycheck.readiness.attestations import Attestation
from policycheck.readiness.evidence import Evidence
from policycheck.readiness.report import Readiness, assess
from policycheck.readiness.rollup import State

Make = Callable[..., Finding]
Attest = Callable[..., Attestation]


def states(readiness: Readiness, *item_ids: str) -> list[State]:
    return [readiness.result(i).state for i in item_ids]


def test_item_states_from_findings(assess_small, finding: Make) -> None:
    readiness = assess_small([
        finding("PC-TEST-001", "pass", line=1),
        finding("PC-TEST-001", "fail", line=2),  # one failure among passes: FAIL
        finding("PC-TEST-002", "pass", line=3),
    ])  # PC-TEST-003 ran and produced nothing: NOT APPLICABLE
    assert states(readiness, "network/firewall", "network/tls", "data/encryption",
                  "docs/runbook") == [State.FAIL, State.PASS, State.NOT_APPLICABLE, State.OPEN]
    firewall = readiness.result("network/firewall")
    assert [f.location.line for f in firewall.failing] == [2]
    assert firewall.passed == 1 and firewall.policies == ("PC-TEST-001",)
    assert readiness.result("docs/runbook").reasons == ("manual item: needs an attestation",)


def test_findings_count_for_every_item_they_name(assess_small, finding: Make) -> None:
    shared = finding("PC-TEST-009", "fail", items=("network/tls", "data/encryption"))
    readiness = assess_small([shared], ran=frozenset({"PC-TEST-009"}))
    assert states(readiness, "network/tls", "data/encryption") == [State.FAIL, State.FAIL]
    # the item's policies are its mapped ones plus those whose findings name it
    assert readiness.result("network/tls").policies == ("PC-TEST-002", "PC-TEST-009")


def test_unknown_leaves_the_item_open_unless_unknown_fails(assess_small, finding: Make) -> None:
    findings = [finding("PC-TEST-001", "pass", line=1), finding("PC-TEST-001", "unknown", line=2)]
    lenient = assess_small(findings).result("network/firewall")
    assert lenient.state is State.OPEN and len(lenient.undecided) == 1
    assert "UNKNOWN" in lenient.reasons[0]
    strict = assess_small(findings, unknown_fails=True).result("network/firewall")
    assert strict.state is State.FAIL and [f.location.line for f in strict.failing] == [2]


def test_suppressed_failures_are_accepted_not_failing(assess_small, finding: Make) -> None:
    result = assess_small([finding("PC-TEST-001", "fail", suppressed=True)]).result(
        "network/firewall")
    assert result.state is State.PASS
    assert len(result.accepted) == 1 and result.failing == ()
    assert result.reasons == ("1 suppressed finding accepted",)


def test_policies_that_did_not_run_leave_the_item_open(assess_small) -> None:
    readiness = assess_small([], ran=frozenset({"PC-TEST-002"}))
    assert states(readiness, "network/firewall", "network/tls") == [State.OPEN,
                                                                    State.NOT_APPLICABLE]
    assert "did not run (PC-TEST-001)" in readiness.result("network/firewall").reasons[0]


def test_attestations_answer_open_items_and_expire(assess_small, finding: Make,
                                                  attestation: Attest) -> None:
    readiness = assess_small(
        [finding("PC-TEST-001", "unknown")],
        [attestation("docs/runbook"),
         attestation("docs/oncall", until=date(2025, 5, 31)),  # TODAY is 2025-06-01
         attestation("network/firewall", until=date(2025, 6, 1))])  # last valid day
    assert states(readiness, "docs/runbook", "docs/oncall", "network/firewall") == [
        State.ATTESTED, State.EXPIRED, State.ATTESTED]
    assert readiness.result("docs/runbook").attestation is not None
    assert readiness.result("docs/oncall").reasons == (
        "the attestation by Dana <dana@example.com> expired on 2025-05-31",)


def test_evidence_wins_over_attestations(assess_small, finding: Make, attestation: Attest) -> None:
    readiness = assess_small([finding("PC-TEST-001", "fail"), finding("PC-TEST-002", "pass")],
                             [attestation("network/firewall"), attestation("network/tls")])
    assert states(readiness, "network/firewall", "network/tls") == [State.FAIL, State.PASS]
    assert readiness.result("network/firewall").attestation is None
    assert readiness.notes == (
        "network/firewall: the attestation by Dana <dana@example.com> is not used: evidence "
        "decides the item (FAIL)",
        "network/tls: the attestation by Dana <dana@example.com> is not used: evidence decides "
        "the item (PASS)",
    )


def test_go_when_every_must_criterion_holds(assess_small, passing: list[Finding],
                                            attestation: Attest) -> None:
    readiness = assess_small(passing, [attestation("docs/runbook"),
                                       attestation("must/rollback")])
    assert states(readiness, "must/secure", "must/rollback", "should/clean") == [
        State.PASS, State.ATTESTED, State.PASS]
    decision = readiness.decision
    assert (decision.status, decision.exit_code, decision.reasons, decision.advisories) == (
        "GO", 0, (), ())


def test_security_criterion_fails_on_any_high_finding_anywhere(
        assess_small, passing: list[Finding], finding: Make, attestation: Attest) -> None:
    outside = finding("PC-OTHER-001", "fail", items=("docs/oncall",), severity="critical")
    readiness = assess_small([*passing, outside], [attestation("docs/runbook"),
                                                   attestation("must/rollback")],
                             ran=frozenset({*{f.policy_id for f in passing}, "PC-OTHER-001"}))
    secure = readiness.result("must/secure")
    assert secure.state is State.FAIL
    assert secure.reasons == ("1 failing finding at or above high: PC-OTHER-001",)
    assert secure.failing == (outside,)
    assert readiness.decision.reasons == (
        "Must Pass: Security checks passed: FAIL (1 failing finding at or above high: "
        "PC-OTHER-001)",)
    assert readiness.decision.exit_code == 1


def test_a_medium_finding_in_a_required_section_fails_the_criterion(
        assess_small, passing: list[Finding], finding: Make) -> None:
    medium = finding("PC-TEST-003", "fail", severity="medium", line=9)
    secure = assess_small([*passing, medium]).result("must/secure")
    assert secure.state is State.FAIL
    assert secure.reasons == ("Security: 1 item FAIL: data/encryption",)


def test_criterion_open_until_required_items_and_itself_are_attested(
        assess_small, passing: list[Finding], attestation: Attest) -> None:
    none = assess_small(passing).result("must/rollback")
    assert none.state is State.OPEN
    assert none.reasons == ("docs/runbook is OPEN", "needs an attestation of the criterion itself")
    only_item = assess_small(passing, [attestation("docs/runbook")]).result("must/rollback")
    assert only_item.reasons == ("needs an attestation of the criterion itself",)
    expired = assess_small(passing, [attestation("docs/runbook"), attestation(
        "must/rollback", until=date(2025, 1, 1))]).result("must/rollback")
    assert expired.state is State.EXPIRED


def test_criterion_not_applicable_when_nothing_it_requires_was_in_scope(assess_small) -> None:
    assert assess_small([]).result("must/secure").state is State.NOT_APPLICABLE


def test_should_tier_shortfalls_are_advisories(assess_small, passing: list[Finding],
                                               finding: Make, attestation: Attest) -> None:
    low = finding("PC-OTHER-002", "fail", items=("docs/oncall",), severity="low")
    readiness = assess_small([*passing, low], [attestation("docs/runbook"),
                                               attestation("must/rollback")])
    assert readiness.result("should/clean").state is State.FAIL
    assert readiness.decision.go and readiness.decision.exit_code == 0
    assert readiness.decision.advisories == (
        "Should Pass: No failing checks: FAIL (1 failing finding at or above low: PC-OTHER-002)",)


def test_scan_errors_make_the_run_incomplete(assess_small, passing: list[Finding],
                                            attestation: Attest) -> None:
    readiness = assess_small(passing, [attestation("docs/runbook"), attestation("must/rollback")],
                             errors=[ScanError("main.tf", 3, "syntax error")])
    decision = readiness.decision
    assert (decision.status, decision.complete, decision.exit_code) == ("NO-GO", False, 2)
    assert decision.reasons == ("1 file or source could not be judged (see errors)",)


def test_checklist_without_criteria_needs_every_item(small_data, finding: Make) -> None:
    small_data["sections"] = small_data["sections"][:1]
    checklist = parse_checklist(small_data, "plain.yaml")
    evidence = Evidence("test", (finding("PC-TEST-001", "pass"), finding("PC-TEST-002", "fail")),
                        frozenset({"PC-TEST-001", "PC-TEST-002", "PC-TEST-003"}))
    readiness = assess(checklist, [evidence], {}, {"data/encryption": ("PC-TEST-003",)},
                       today=date(2025, 6, 1))
    assert readiness.decision.reasons == ("Security: Endpoints use TLS: FAIL (1 failing finding "
                                          "(PC-TEST-002))",)


def test_section_and_group_status_take_the_worst_state(assess_small, passing: list[Finding],
                                                       attestation: Attest) -> None:
    readiness = assess_small(passing[:2], [attestation("docs/oncall", until=date(2025, 1, 1))])
    security, operations, _ = readiness.sections
    assert [g.status for g in security.groups] == [State.PASS, State.NOT_APPLICABLE]
    assert security.status is State.PASS
    assert operations.status is State.EXPIRED  # EXPIRED outranks OPEN
    failing = dataclasses.replace(passing[0], verdict=passing[0].verdict.FAIL)
    assert assess_small([failing, *passing[1:]]).sections[0].status is State.FAIL


def test_policies_naming_a_criterion_directly_are_its_own_evidence(
        assess_small, passing: list[Finding], finding: Make) -> None:
    direct = finding("PC-TEST-007", "fail", items=("must/secure",), severity="low", line=30)
    ran = frozenset({*(f.policy_id for f in passing), "PC-TEST-007"})
    secure = assess_small([*passing, direct], ran=ran).result("must/secure")
    assert secure.state is State.FAIL
    assert secure.policies == ("PC-TEST-007",) and secure.failing == (direct,)
    assert secure.reasons == ("own evidence: 1 failing finding (PC-TEST-007)",)
