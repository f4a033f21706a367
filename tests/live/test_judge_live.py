"""The engine's live step: what a collector could not read is never a pass, and is reported."""

from __future__ import annotations

import json
from typing import Any

from policycheck.engine.live import LiveCollection, LiveOptions, judge_live
from policycheck.engine.registry import load_registry
from policycheck.model import NotAssessed, Resource, Verdict, live_location, live_scope
from policycheck.reporters import FORMATS, render

CLUSTER = "prod-eu"


def _object(kind: str, name: str, namespace: str, spec: dict[str, Any]) -> Resource:
    body = {"apiVersion": "v1", "kind": kind, "metadata": {"name": name, "namespace": namespace},
            "spec": spec}
    return Resource(kind=kind, address=f"{CLUSTER}/{namespace}/{kind}/{name}", source="cluster",
                    attributes=body, location=live_location("cluster", CLUSTER, namespace),
                    root=f"k8s://{CLUSTER}")


def _deployment(namespace: str) -> Resource:
    container = {"name": "web", "image": "web:1.2.3",
                 "resources": {"limits": {"memory": "1Gi"}, "requests": {"memory": "1Gi", "cpu": "1"}}}
    return _object("Deployment", "web", namespace, {
        "replicas": 2, "selector": {"matchLabels": {"app": "web"}},
        "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [container]}}})


DENIED = NotAssessed(source="cluster", account=CLUSTER, where="shop", service="networkpolicies",
                     call="list networkpolicies", permission="list networkpolicies",
                     reason="403 Forbidden", kinds=("NetworkPolicy",))


def _judge(gaps: list[NotAssessed]) -> Any:
    collection = LiveCollection("cluster", [_deployment("shop"), _deployment("blog")], gaps, scopes=2)
    return judge_live(collection, LiveOptions(select=["PC-K8S-020", "PC-K8S-001"]), load_registry())


def _verdicts(report: Any, policy_id: str) -> dict[str, Verdict]:
    return {f.resource: f.verdict for f in report.findings if f.policy_id == policy_id}


def test_a_denied_kind_withholds_the_policies_that_read_it_in_that_namespace_only() -> None:
    report = _judge([DENIED])
    assert f"{CLUSTER}/shop/Deployment/web" not in _verdicts(report, "PC-K8S-020")
    assert _verdicts(report, "PC-K8S-020") == {f"{CLUSTER}/blog/Deployment/web": Verdict.FAIL}
    # a policy that does not read NetworkPolicy still judges the namespace
    assert _verdicts(report, "PC-K8S-001")[f"{CLUSTER}/shop/Deployment/web"] is Verdict.PASS
    assert report.exit_code == 2
    report.errors_fail = False
    assert report.exit_code == 1


def test_without_gaps_both_namespaces_are_judged() -> None:
    report = _judge([])
    assert set(_verdicts(report, "PC-K8S-020")) == {f"{CLUSTER}/shop/Deployment/web",
                                                    f"{CLUSTER}/blog/Deployment/web"}
    assert report.exit_code == 1


def test_every_format_names_the_denied_call() -> None:
    report = _judge([DENIED])
    for fmt in FORMATS:
        text = render(fmt, report)
        assert "list networkpolicies" in text, fmt
    data = json.loads(render("json", report))
    assert data["not_assessed"] == [{
        "source": "cluster", "account": CLUSTER, "where": "shop", "service": "networkpolicies",
        "call": "list networkpolicies", "permission": "list networkpolicies",
        "reason": "403 Forbidden", "kinds": ["NetworkPolicy"]}]
    assert data["findings"][0]["file"].startswith("k8s://prod-eu/")
    assert "1 not assessed" in render("text", report)
    assert "ERROR" in render("text", report)
    report.errors_fail = False  # --no-fail-on-error: the gate may pass, the report still says partial
    assert "1 not assessed, so not everything was judged" in render("text", report)


def test_live_locations_round_trip() -> None:
    location = live_location("aws", "123456789012", "us-east-1")
    assert location.file == "aws://123456789012/us-east-1"
    assert live_scope(location.file) == ("123456789012", "us-east-1")
    assert live_scope(live_location("aws", "123456789012").file) == ("123456789012", "")
    assert live_scope("services/api/main.tf") is None
