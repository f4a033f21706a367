"""elbv2: load balancers, listeners and target groups in the provider's state shape."""

from __future__ import annotations

from typing import Any

import pytest

from policycheck.live.aws.services import elbv2
from policycheck.model import Reference, Verdict
from tests.live.aws.audit import audit, network, verdicts
from tests.live.aws.conftest import Moto
from tests.live.aws.recorded import SCOPE, by_kind, judge, recorded

LB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"
NLB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/inner/60dc6c495c0c9188"
TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067"
HTTP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/1"
PLAIN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/2"
HTTPS = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/3"
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"


def _raw() -> dict[str, Any]:
    balancers = recorded("elbv2", "DescribeLoadBalancers", {"LoadBalancers": [
        {"LoadBalancerArn": LB, "LoadBalancerName": "web", "Scheme": "internet-facing",
         "Type": "application", "VpcId": "vpc-1", "DNSName": "web-1.us-east-1.elb.amazonaws.com",
         "CanonicalHostedZoneId": "Z35SXDOTRQ7X7K", "IpAddressType": "ipv4",
         "CreatedTime": "2024-01-02T03:04:05Z", "State": {"Code": "active"},
         "SecurityGroups": ["sg-0123"],
         "AvailabilityZones": [{"ZoneName": "us-east-1a", "SubnetId": "subnet-a"}]},
        {"LoadBalancerArn": NLB, "LoadBalancerName": "inner", "Scheme": "internal", "Type": "network",
         "VpcId": "vpc-1", "AvailabilityZones": [{"ZoneName": "us-east-1b", "SubnetId": "subnet-b"}]},
    ]})["LoadBalancers"]
    web_attributes = recorded("elbv2", "DescribeLoadBalancerAttributes", {"Attributes": [
        {"Key": "access_logs.s3.enabled", "Value": "true"},
        {"Key": "access_logs.s3.bucket", "Value": "logs"},
        {"Key": "access_logs.s3.prefix", "Value": "web"},
        {"Key": "deletion_protection.enabled", "Value": "false"},
        {"Key": "idle_timeout.timeout_seconds", "Value": "60"}]})["Attributes"]
    inner_attributes = recorded("elbv2", "DescribeLoadBalancerAttributes", {"Attributes": [
        {"Key": "access_logs.s3.enabled", "Value": "false"},
        {"Key": "deletion_protection.enabled", "Value": "true"}]})["Attributes"]
    listeners = recorded("elbv2", "DescribeListeners", {"Listeners": [
        {"ListenerArn": HTTP, "LoadBalancerArn": LB, "Port": 80, "Protocol": "HTTP",
         "DefaultActions": [{"Type": "redirect", "Order": 1, "RedirectConfig": {
             "Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}]},
        {"ListenerArn": PLAIN, "LoadBalancerArn": LB, "Port": 8080, "Protocol": "HTTP",
         "DefaultActions": [{"Type": "forward", "TargetGroupArn": TG}]},
        {"ListenerArn": HTTPS, "LoadBalancerArn": LB, "Port": 443, "Protocol": "HTTPS",
         "SslPolicy": "ELBSecurityPolicy-2016-08", "Certificates": [{"CertificateArn": CERT}],
         "DefaultActions": [{"Type": "forward", "TargetGroupArn": TG}]},
    ]})["Listeners"]
    groups = recorded("elbv2", "DescribeTargetGroups", {"TargetGroups": [
        {"TargetGroupArn": TG, "TargetGroupName": "web", "Protocol": "HTTP", "Port": 8080,
         "VpcId": "vpc-1", "HealthCheckEnabled": True, "HealthCheckProtocol": "HTTP",
         "HealthCheckPort": "traffic-port", "HealthCheckIntervalSeconds": 30,
         "HealthCheckTimeoutSeconds": 5, "HealthyThresholdCount": 5, "UnhealthyThresholdCount": 2,
         "Matcher": {"HttpCode": "200"}, "TargetType": "instance", "LoadBalancerArns": [LB]}]})
    tags = recorded("elbv2", "DescribeTags", {"TagDescriptions": [
        {"ResourceArn": LB, "Tags": [{"Key": "team", "Value": "web"}]}]})
    return {"LoadBalancers": balancers, "Attributes": {LB: web_attributes, NLB: inner_attributes},
            "Listeners": listeners, "TargetGroups": groups["TargetGroups"],
            "Tags": {d["ResourceArn"]: d["Tags"] for d in tags["TagDescriptions"]}}


def test_load_balancers_carry_scheme_type_and_access_logs() -> None:
    found = elbv2.normalise(_raw(), SCOPE)
    web, inner = by_kind(found, "aws_lb")
    assert (web.address, web.get("id"), web.get("arn")) == (LB, LB, LB)
    assert web.get("internal") is False and inner.get("internal") is True
    assert (web.get("load_balancer_type"), inner.get("load_balancer_type")) == ("application", "network")
    assert web.get("access_logs") == [{"enabled": True, "bucket": "logs", "prefix": "web"}]
    assert web.get("idle_timeout") == 60 and web.get("tags") == {"team": "web"}
    sg = "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123"
    assert web.get("security_groups") == [Reference(sg)] and sg in web.references
    assert web.location.file == "aws://123456789012/us-east-1" and web.root == "aws://123456789012"
    verdicts = judge(found, "PC-AWS-095")
    assert verdicts[("PC-AWS-095", LB)] is Verdict.PASS
    assert verdicts[("PC-AWS-095", NLB)] is Verdict.FAIL


def test_listeners_are_judged_through_their_load_balancer() -> None:
    found = elbv2.normalise(_raw(), SCOPE)
    listeners = {r.address: r for r in by_kind(found, "aws_lb_listener")}
    https = listeners[HTTPS]
    assert https.get("load_balancer_arn") == Reference(LB, "arn") and LB in https.references
    assert (https.get("protocol"), https.get("ssl_policy"), https.get("certificate_arn")) == (
        "HTTPS", "ELBSecurityPolicy-2016-08", CERT)
    assert listeners[HTTP].get("default_action.0.redirect.0.protocol") == "HTTPS"
    verdicts = judge(found, "PC-AWS-030", "PC-AWS-031", "PC-AWS-050")
    assert verdicts[("PC-AWS-030", HTTP)] is Verdict.PASS
    assert verdicts[("PC-AWS-030", PLAIN)] is Verdict.FAIL
    assert verdicts[("PC-AWS-031", HTTPS)] is Verdict.FAIL
    assert verdicts[("PC-AWS-050", LB)] is Verdict.FAIL  # internet-facing ALB, no web ACL
    assert verdicts[("PC-AWS-050", NLB)] is Verdict.PASS


def test_target_group_health_check_block() -> None:
    found = elbv2.normalise(_raw(), SCOPE)
    (group,) = by_kind(found, "aws_lb_target_group")
    assert group.get("health_check.0.path") == "" and group.get("health_check.0.matcher") == "200"
    assert judge(found, "PC-AWS-034")[("PC-AWS-034", TG)] is Verdict.FAIL  # no path
    raw = _raw()
    raw["TargetGroups"][0]["HealthCheckPath"] = "/health"
    assert judge(elbv2.normalise(raw, SCOPE), "PC-AWS-034")[("PC-AWS-034", TG)] is Verdict.PASS


@pytest.mark.slow
def test_against_moto(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    vpc, subnets = network(moto)
    client = moto.client("elbv2")
    lb = client.create_load_balancer(Name="web", Subnets=subnets)["LoadBalancers"][0]["LoadBalancerArn"]
    group = client.create_target_group(Name="web", Protocol="HTTP", Port=80, VpcId=vpc,
                                       HealthCheckPath="/health")["TargetGroups"][0]["TargetGroupArn"]
    listener = client.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=[
        {"Type": "forward", "TargetGroupArn": group}])["Listeners"][0]["ListenerArn"]
    client.add_tags(ResourceArns=[lb], Tags=[{"Key": "team", "Value": "web"}])
    code, report = audit(capsys, "elbv2", "--fail-on", "medium")
    found = verdicts(report)
    assert found[("PC-AWS-030", listener)] == "fail"
    assert found[("PC-AWS-095", lb)] == "fail"
    assert found[("PC-AWS-034", group)] == "pass"
    assert ("PC-AWS-050", lb) not in found  # it reads the WAF associations: wafv2 was not read
    assert report["not_assessed"] == [] and code == 1
