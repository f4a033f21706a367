"""wafv2: web ACLs with their rules, and the associations PC-AWS-050 looks for."""

from __future__ import annotations

from typing import Any

import pytest

from policycheck.engine.live import LiveCollection, LiveOptions, judge_live
from policycheck.engine.registry import load_registry
from policycheck.live.aws.services import elbv2, wafv2
from policycheck.model import NotAssessed, Reference, Verdict
from tests.live.aws.audit import audit, network, verdicts
from tests.live.aws.conftest import Moto
from tests.live.aws.recorded import ACCOUNT, REGION, SCOPE, by_kind, judge, recorded

ACL = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/main/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
OPEN = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/open/a1b2c3d4-5678-90ab-cdef-EXAMPLE22222"
LB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"
STAGE = "arn:aws:apigateway:us-east-1::/restapis/abc123/stages/prod"
VISIBILITY = {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": "m"}


def _acl(name: str, arn: str, rules: list[dict[str, Any]]) -> dict[str, Any]:
    return recorded("wafv2", "GetWebACL", {"WebACL": {
        "Name": name, "Id": arn.rsplit("/", 1)[1], "ARN": arn, "DefaultAction": {"Allow": {}},
        "Rules": rules, "VisibilityConfig": VISIBILITY, "Capacity": 3}, "LockToken": "t"})["WebACL"]


def _raw() -> dict[str, Any]:
    rate = {"Name": "throttle", "Priority": 1, "Action": {"Block": {}}, "VisibilityConfig": VISIBILITY,
            "Statement": {"RateBasedStatement": {"Limit": 2000, "AggregateKeyType": "IP"}}}
    managed = {"Name": "common", "Priority": 0, "OverrideAction": {"None": {}},
               "VisibilityConfig": VISIBILITY, "Statement": {"ManagedRuleGroupStatement": {
                   "VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet"}}}
    protected = recorded("wafv2", "ListResourcesForWebACL", {"ResourceArns": [LB, STAGE]})
    return {"WebACLs": [_acl("main", ACL, [rate, managed]), _acl("open", OPEN, [managed])],
            "Resources": {ACL: protected["ResourceArns"], OPEN: []}}


def test_rules_are_terraform_blocks_and_judged_for_a_rate_rule() -> None:
    found = wafv2.normalise(_raw(), SCOPE)
    main, _ = by_kind(found, "aws_wafv2_web_acl")
    assert (main.get("id"), main.get("arn"), main.get("scope")) == (ACL.rsplit("/", 1)[1], ACL, "REGIONAL")
    assert main.get("rule.0.name") == "common"  # ordered by priority
    assert main.get("rule.1.statement.0.rate_based_statement.0.limit") == 2000
    assert main.get("rule.1.action") == [{"block": [{}]}]
    assert main.get("default_action") == [{"allow": [{}]}]
    verdicts = judge(found, "PC-AWS-051")
    assert verdicts[("PC-AWS-051", ACL)] is Verdict.PASS
    assert verdicts[("PC-AWS-051", OPEN)] is Verdict.FAIL


def test_cloudfront_acls_are_listed_in_us_east_1_only() -> None:
    edge = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE33333"

    class Api:
        def __init__(self, region: str) -> None:
            self.region, self.calls = region, []  # type: list[tuple[str, dict[str, Any]]]

        def map(self, read: Any, items: Any) -> list[Any]:
            return [read(item) for item in items]

        def call(self, operation: str, **params: Any) -> dict[str, Any]:
            self.calls.append((operation, params))
            if operation == "ListWebACLs":
                arn = edge if params["Scope"] == "CLOUDFRONT" else ACL
                return recorded("wafv2", operation, {"WebACLs": [
                    {"Name": arn.split("/")[-2], "Id": arn.rsplit("/", 1)[1], "ARN": arn, "LockToken": "t"}]})
            if operation == "GetWebACL":
                arn = edge if params["Scope"] == "CLOUDFRONT" else ACL
                return {"WebACL": _acl(arn.split("/")[-2], arn, [])}
            return recorded("wafv2", operation, {"ResourceArns": []})

    east, west = Api("us-east-1"), Api("eu-west-1")
    raw = wafv2.collect(east)  # type: ignore[arg-type]
    wafv2.collect(west)  # type: ignore[arg-type]
    assert [p["Scope"] for op, p in west.calls if op == "ListWebACLs"] == ["REGIONAL"]
    assert {p.get("WebACLArn") for op, p in east.calls if op == "ListResourcesForWebACL"} == {ACL}
    scopes = {r.address: r.get("scope") for r in wafv2.normalise(raw, SCOPE)}
    assert scopes == {ACL: "REGIONAL", edge: "CLOUDFRONT"}


def test_associations_protect_the_load_balancer() -> None:
    found = wafv2.normalise(_raw(), SCOPE)
    associations = by_kind(found, "aws_wafv2_web_acl_association")
    assert sorted(a.get("resource_arn") for a in associations) == [STAGE, LB]
    assert all(a.get("web_acl_arn") == Reference(ACL, "arn") and ACL in a.references for a in associations)
    assert associations[0].address.startswith(
        "arn:aws:wafv2:us-east-1:123456789012:aws_wafv2_web_acl_association/")
    balancer = recorded("elbv2", "DescribeLoadBalancers", {"LoadBalancers": [
        {"LoadBalancerArn": LB, "LoadBalancerName": "web", "Scheme": "internet-facing",
         "Type": "application"}]})
    lbs = elbv2.normalise(balancer, SCOPE)
    assert judge([*lbs, *found], "PC-AWS-050")[("PC-AWS-050", LB)] is Verdict.PASS
    assert judge(lbs, "PC-AWS-050")[("PC-AWS-050", LB)] is Verdict.FAIL


def test_waf_not_assessed_withholds_the_load_balancer_verdict() -> None:
    balancer = recorded("elbv2", "DescribeLoadBalancers", {"LoadBalancers": [
        {"LoadBalancerArn": LB, "LoadBalancerName": "web", "Scheme": "internet-facing"}]})
    denied = NotAssessed("aws", ACCOUNT, REGION, "wafv2", "ListWebACLs", "wafv2:ListWebACLs",
                         "AccessDeniedException: denied", wafv2.KINDS)
    collection = LiveCollection("aws", elbv2.normalise(balancer, SCOPE), [denied], scopes=1)
    report = judge_live(collection, LiveOptions(select=["PC-AWS-050"]), load_registry())
    assert [f for f in report.findings if f.policy_id == "PC-AWS-050"] == []
    assert report.exit_code == 2


@pytest.mark.slow
def test_against_moto_which_lacks_list_resources_for_web_acl(
        moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    """moto implements GetWebACL and AssociateWebACL but not ListResourcesForWebACL (it answers
    501/NotImplemented), so against moto wafv2 is honestly NOT ASSESSED and the load balancer's
    WAF verdict is withheld; the associations are covered by the recorded responses above."""
    _, subnets = network(moto)
    lb = moto.client("elbv2").create_load_balancer(Name="web", Subnets=subnets)["LoadBalancers"][0][
        "LoadBalancerArn"]
    waf = moto.client("wafv2")
    acl = waf.create_web_acl(Name="main", Scope="REGIONAL", DefaultAction={"Allow": {}},
                             VisibilityConfig=VISIBILITY, Rules=[])["Summary"]["ARN"]
    waf.associate_web_acl(WebACLArn=acl, ResourceArn=lb)
    code, report = audit(capsys, "elbv2,wafv2", "--select", "PC-AWS-050,PC-AWS-051")
    (gap,) = report["not_assessed"]
    assert (gap["service"], gap["where"], gap["call"], gap["permission"]) == (
        "wafv2", REGION, "ListResourcesForWebACL", "wafv2:ListResourcesForWebACL")
    assert verdicts(report) == {}  # PC-AWS-050 reads the associations; PC-AWS-051 the ACLs
    assert code == 2
