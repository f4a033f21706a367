from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, fail, passed, policy
from policycheck.engine.runner import Selection, run_policies
from policycheck.model import Location, ResourceGraph, Severity, Unknown, Verdict


def _resource(address: str, **attributes: object) -> Resource:
    return Resource("aws_db_instance", address, "tf", attributes, Location("main.tf", 3, 9),
                    attribute_lines={"storage_encrypted": 5})


@policy(id="PC-TEST-001", title="Encrypted", severity="high", sources="tf",
        kinds="aws_db_instance")
def encrypted(resource: Resource, ctx: Context) -> Iterator[Result]:
    if resource.get("storage_encrypted"):
        yield passed()
    else:
        yield fail("not encrypted", at="storage_encrypted")


@policy(id="PC-TEST-002", title="Crashes", severity="low", sources="tf", kinds="aws_db_instance")
def crashes(resource: Resource, ctx: Context) -> Iterator[Result]:
    raise KeyError("boom")
    yield passed()


def test_fail_points_at_attribute_line_and_pass_counts() -> None:
    graph = ResourceGraph([_resource("a", storage_encrypted=False),
                           _resource("b", storage_encrypted=True)])
    outcome = run_policies(graph, Selection([encrypted]))
    verdicts = [(f.resource, f.verdict, f.location.line) for f in outcome.findings]
    assert verdicts == [("a", Verdict.FAIL, 5), ("b", Verdict.PASS, 3)]


def test_unknown_value_becomes_unknown_verdict_naming_it() -> None:
    graph = ResourceGraph([_resource("a", storage_encrypted=Unknown("var.enc has no value"))])
    outcome = run_policies(graph, Selection([encrypted]))
    assert [(f.verdict, f.message) for f in outcome.findings] == [
        (Verdict.UNKNOWN, "cannot decide: var.enc has no value")]


def test_crash_is_an_error_and_other_policies_still_run() -> None:
    graph = ResourceGraph([_resource("a", storage_encrypted=False)])
    outcome = run_policies(graph, Selection([crashes, encrypted]))
    assert [f.policy_id for f in outcome.findings] == ["PC-TEST-001"]
    assert len(outcome.errors) == 1
    assert "PC-TEST-002 failed on a: KeyError" in outcome.errors[0].message
    assert outcome.errors[0].file.endswith("test_runner.py")


def test_severity_override_and_params() -> None:
    graph = ResourceGraph([_resource("a", storage_encrypted=False)])
    outcome = run_policies(graph, Selection([encrypted], severity={"PC-TEST-001": Severity.LOW}))
    assert outcome.findings[0].severity is Severity.LOW


def test_other_sources_are_not_judged() -> None:
    other = Resource("aws_db_instance", "x", "k8s", {}, Location("f", 1, 1))
    assert run_policies(ResourceGraph([other]), Selection([encrypted])).findings == []
