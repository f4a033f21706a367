"""Elastic Load Balancing v2: load balancers (with their attributes), listeners, target groups.

Calls: one paginated DescribeLoadBalancers and DescribeTargetGroups per region, DescribeTags in
batches of 20 ARNs, and per load balancer DescribeLoadBalancerAttributes and DescribeListeners
(neither takes several load balancers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.live.aws.shape import chunks, ref, resource, security_group_refs, tag_map, with_tags
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "elbv2"
GLOBAL = False
ACTIONS = {
    "DescribeLoadBalancers": "elasticloadbalancing:DescribeLoadBalancers",
    "DescribeLoadBalancerAttributes": "elasticloadbalancing:DescribeLoadBalancerAttributes",
    "DescribeListeners": "elasticloadbalancing:DescribeListeners",
    "DescribeTargetGroups": "elasticloadbalancing:DescribeTargetGroups",
    "DescribeTags": "elasticloadbalancing:DescribeTags",
}
KINDS = ("aws_lb", "aws_lb_listener", "aws_lb_target_group")
TAG_BATCH = 20


def collect(api: ServiceApi) -> dict[str, Any]:
    balancers = api.paginate("DescribeLoadBalancers", "LoadBalancers")
    groups = api.paginate("DescribeTargetGroups", "TargetGroups")
    lb_arns = [lb["LoadBalancerArn"] for lb in balancers]
    settings = api.map(lambda arn: api.call("DescribeLoadBalancerAttributes", LoadBalancerArn=arn)
                       .get("Attributes", []), lb_arns)
    listeners = api.map(lambda arn: api.paginate("DescribeListeners", "Listeners", LoadBalancerArn=arn), lb_arns)
    batches = api.map(lambda batch: api.call("DescribeTags", ResourceArns=batch).get("TagDescriptions", []),
                      chunks([*lb_arns, *(g["TargetGroupArn"] for g in groups)], TAG_BATCH))
    return {"LoadBalancers": balancers, "Attributes": dict(zip(lb_arns, settings, strict=True)),
            "Listeners": [listener for found in listeners for listener in found], "TargetGroups": groups,
            "Tags": {d["ResourceArn"]: d.get("Tags", []) for batch in batches for d in batch}}


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    tags = raw.get("Tags", {})
    found = [_load_balancer(lb, raw.get("Attributes", {}).get(lb["LoadBalancerArn"], []),
                            tags.get(lb["LoadBalancerArn"]), scope)
             for lb in raw.get("LoadBalancers", [])]
    found += [_listener(listener, scope) for listener in raw.get("Listeners", [])]
    found += [_target_group(group, tags.get(group["TargetGroupArn"]), scope)
              for group in raw.get("TargetGroups", [])]
    return found


def _flag(value: str | None) -> bool:
    return str(value).lower() == "true"


def _load_balancer(lb: dict[str, Any], settings: list[dict[str, Any]], tags: Any,
                   scope: Scope) -> Resource:
    arn = lb["LoadBalancerArn"]
    values = {s["Key"]: s.get("Value") for s in settings if "Key" in s}
    access_logs = [{"enabled": _flag(values.get("access_logs.s3.enabled")),
                    "bucket": values.get("access_logs.s3.bucket") or "",
                    "prefix": values.get("access_logs.s3.prefix") or ""}] if settings else []
    attributes: dict[str, Any] = {
        "id": arn, "arn": arn, "arn_suffix": arn.split(":loadbalancer/", 1)[-1],
        "name": lb.get("LoadBalancerName"), "dns_name": lb.get("DNSName"),
        "zone_id": lb.get("CanonicalHostedZoneId"),
        "internal": lb.get("Scheme") == "internal",
        "load_balancer_type": lb.get("Type", "application"),
        "ip_address_type": lb.get("IpAddressType"), "vpc_id": lb.get("VpcId"),
        "security_groups": security_group_refs(scope, lb.get("SecurityGroups", [])),
        "subnets": [zone["SubnetId"] for zone in lb.get("AvailabilityZones", []) if "SubnetId" in zone],
        "access_logs": access_logs,
        "enable_deletion_protection": _flag(values.get("deletion_protection.enabled")),
        "drop_invalid_header_fields": _flag(values.get("routing.http.drop_invalid_header_fields.enabled")),
    }
    if "idle_timeout.timeout_seconds" in values:
        attributes["idle_timeout"] = int(values["idle_timeout.timeout_seconds"] or 0)
    return resource(scope, "aws_lb", arn, with_tags(attributes, tag_map(tags)))


def _action(action: dict[str, Any]) -> dict[str, Any]:
    redirect = action.get("RedirectConfig")
    fixed = action.get("FixedResponseConfig")
    return {
        "type": action.get("Type"), "order": action.get("Order"),
        "target_group_arn": action.get("TargetGroupArn"),
        "redirect": [{"protocol": redirect.get("Protocol", "#{protocol}"),
                      "port": redirect.get("Port", "#{port}"), "host": redirect.get("Host", "#{host}"),
                      "path": redirect.get("Path", "/#{path}"), "query": redirect.get("Query", "#{query}"),
                      "status_code": redirect.get("StatusCode")}] if redirect else [],
        "fixed_response": [{"content_type": fixed.get("ContentType"), "message_body": fixed.get("MessageBody"),
                            "status_code": fixed.get("StatusCode")}] if fixed else [],
    }


def _listener(listener: dict[str, Any], scope: Scope) -> Resource:
    arn = listener["ListenerArn"]
    certificates = [c["CertificateArn"] for c in listener.get("Certificates", []) if "CertificateArn" in c]
    attributes = {
        "id": arn, "arn": arn,
        "load_balancer_arn": ref(listener["LoadBalancerArn"], "arn"),
        "port": listener.get("Port"), "protocol": listener.get("Protocol"),
        "ssl_policy": listener.get("SslPolicy", ""),
        "certificate_arn": certificates[0] if certificates else None,
        "alpn_policy": (listener.get("AlpnPolicy") or [None])[0],
        "default_action": [_action(a) for a in sorted(listener.get("DefaultActions", []),
                                                        key=lambda a: a.get("Order", 0))],
    }
    return resource(scope, "aws_lb_listener", arn, attributes)


def _target_group(group: dict[str, Any], tags: Any, scope: Scope) -> Resource:
    arn = group["TargetGroupArn"]
    health_check = [{
        "enabled": bool(group.get("HealthCheckEnabled", True)),
        "path": group.get("HealthCheckPath", ""), "port": group.get("HealthCheckPort"),
        "protocol": group.get("HealthCheckProtocol"),
        "interval": group.get("HealthCheckIntervalSeconds"),
        "timeout": group.get("HealthCheckTimeoutSeconds"),
        "healthy_threshold": group.get("HealthyThresholdCount"),
        "unhealthy_threshold": group.get("UnhealthyThresholdCount"),
        "matcher": (group.get("Matcher") or {}).get("HttpCode") or (group.get("Matcher") or {}).get("GrpcCode", ""),
    }]
    attributes = {
        "id": arn, "arn": arn, "arn_suffix": arn.split(":", 5)[-1],
        "name": group.get("TargetGroupName"), "port": group.get("Port"),
        "protocol": group.get("Protocol"), "protocol_version": group.get("ProtocolVersion"),
        "vpc_id": group.get("VpcId"), "target_type": group.get("TargetType"),
        "load_balancer_arns": list(group.get("LoadBalancerArns", [])),
        "health_check": health_check,
    }
    return resource(scope, "aws_lb_target_group", arn, with_tags(attributes, tag_map(tags)))
