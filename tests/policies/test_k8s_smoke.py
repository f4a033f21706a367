"""Smoke checks of the Kubernetes policies on hand-built ``cluster`` objects.

The annotated fixtures under k8s_fixtures/ are the main proof; these cases pin what fixtures
cannot show: per-finding severities, parameters, and that live-cluster objects (source
``cluster``) are judged like manifests and never matched with manifest objects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from policycheck.engine.policy import Policy
from policycheck.engine.registry import Registry
from policycheck.engine.runner import Selection, run_policies
from policycheck.model import Finding, Location, Resource, ResourceGraph, Severity, Verdict

POLICIES = Path(__file__).resolve().parents[2] / "policies" / "k8s"


def load(policy_id: str) -> Policy:
    number = policy_id.rsplit("-", 1)[1]
    registry = Registry()
    for path in POLICIES.glob(f"pc_k8s_{number}_*.py"):
        registry.load_file(path)
    assert not registry.errors, registry.errors
    found = registry.get(policy_id)
    assert found is not None
    return found


def obj(kind: str, name: str, source: str = "cluster", namespace: str = "prod",
        **attributes: Any) -> Resource:
    body = {"kind": kind, "metadata": {"name": name, "namespace": namespace}, **attributes}
    return Resource(kind, f"{kind}/{namespace}/{name}", source, body, Location("live", 1, 1))


def pod(name: str, *containers: dict[str, Any], source: str = "cluster") -> Resource:
    return obj("Pod", name, source, spec={"containers": list(containers)})


def findings(policy_id: str, *resources: Resource,
             params: dict[str, Any] | None = None) -> list[Finding]:
    policy = load(policy_id)
    selection = Selection([policy], params={policy_id: params} if params else {})
    outcome = run_policies(ResourceGraph(resources), selection)
    assert not outcome.errors, outcome.errors
    return outcome.findings


def failures(found: list[Finding]) -> list[tuple[str, Severity]]:
    return [(f.message, f.severity) for f in found if f.verdict is Verdict.FAIL]


def test_privileged_is_critical_and_escalation_high() -> None:
    found = findings("PC-K8S-012", pod(
        "p",
        {"name": "priv", "securityContext": {"privileged": True}},
        {"name": "esc"},
        {"name": "ok", "securityContext": {"allowPrivilegeEscalation": False}},
    ))
    assert [s for _, s in failures(found)] == [Severity.CRITICAL, Severity.HIGH]
    assert [f.verdict for f in found][-1] is Verdict.PASS


def test_dangerous_capabilities_are_high_missing_drop_medium() -> None:
    found = findings("PC-K8S-013", pod("p", {
        "name": "app", "securityContext": {"capabilities": {"add": ["SYS_ADMIN"]}},
    }))
    assert [s for _, s in failures(found)] == [Severity.MEDIUM, Severity.HIGH]


def test_cpu_limit_only_required_by_parameter() -> None:
    container = {"name": "app", "resources": {"requests": {"cpu": "100m"}}}
    assert failures(findings("PC-K8S-002", pod("p", container))) == []
    required = failures(findings("PC-K8S-002", pod("p", container),
                                 params={"require_cpu_limit": True}))
    assert [m for m, _ in required] == ['container "app" has no resources.limits.cpu']


def test_rate_limit_annotations_parameter() -> None:
    ingress = obj("Ingress", "i", metadata={
        "name": "i", "annotations": {"haproxy.org/rate-limit-requests": "10"}})
    assert len(failures(findings("PC-K8S-031", ingress))) == 1
    custom = findings("PC-K8S-031", ingress,
                      params={"rate_limit_annotations": ["haproxy.org/rate-limit-requests"]})
    assert failures(custom) == []


def test_cluster_objects_are_not_matched_with_manifest_objects() -> None:
    live = pod("web", {"name": "web"})
    deny = obj("NetworkPolicy", "deny", "k8s", spec={"podSelector": {}})
    found = findings("PC-K8S-020", live, deny)
    assert [(f.verdict, f.source, f.resource) for f in found] == [
        (Verdict.FAIL, "cluster", "Pod/prod/web")]
    live_deny = obj("NetworkPolicy", "deny", spec={"podSelector": {}})
    assert [f.verdict for f in findings("PC-K8S-020", live, live_deny)] == [Verdict.PASS]
