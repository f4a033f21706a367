"""CloudFront distributions (global): cache behaviours' viewer protocol policy and the viewer
certificate. One paginated ListDistributions: its summaries carry both, so no
GetDistributionConfig per distribution. Tags are not read (one call per distribution).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.live.aws.shape import resource
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "cloudfront"
GLOBAL = True
ACTIONS = {"ListDistributions": "cloudfront:ListDistributions"}
KINDS = ("aws_cloudfront_distribution",)


def collect(api: ServiceApi) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    marker: str | None = None
    while True:  # paged by Marker: the list sits one level down (DistributionList.Items)
        page = api.call("ListDistributions", **({"Marker": marker} if marker else {})).get("DistributionList", {})
        items += page.get("Items", [])
        marker = page.get("NextMarker") if page.get("IsTruncated") else None
        if not marker:
            return {"Items": items}


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    return [_distribution(d, scope) for d in raw.get("Items", [])]


def _items(value: dict[str, Any] | None) -> list[Any]:
    """The ``Items`` of CloudFront's ``{"Quantity": n, "Items": [...]}`` lists."""
    return list((value or {}).get("Items", []))


def _behaviour(behaviour: dict[str, Any]) -> dict[str, Any]:
    methods = behaviour.get("AllowedMethods") or {}
    return {
        "path_pattern": behaviour.get("PathPattern"),
        "target_origin_id": behaviour.get("TargetOriginId"),
        "viewer_protocol_policy": behaviour.get("ViewerProtocolPolicy"),
        "allowed_methods": _items(methods), "cached_methods": _items(methods.get("CachedMethods")),
        "compress": bool(behaviour.get("Compress", False)),
        "cache_policy_id": behaviour.get("CachePolicyId", ""),
        "origin_request_policy_id": behaviour.get("OriginRequestPolicyId", ""),
        "response_headers_policy_id": behaviour.get("ResponseHeadersPolicyId", ""),
        "field_level_encryption_id": behaviour.get("FieldLevelEncryptionId", ""),
    }


def _certificate(viewer: dict[str, Any]) -> dict[str, Any]:
    return {
        "cloudfront_default_certificate": bool(viewer.get("CloudFrontDefaultCertificate", False)),
        "acm_certificate_arn": viewer.get("ACMCertificateArn"),
        "iam_certificate_id": viewer.get("IAMCertificateId"),
        "minimum_protocol_version": viewer.get("MinimumProtocolVersion", "TLSv1"),
        "ssl_support_method": viewer.get("SSLSupportMethod", ""),
    }


def _origin(origin: dict[str, Any]) -> dict[str, Any]:
    custom = origin.get("CustomOriginConfig")
    return {
        "origin_id": origin.get("Id"), "domain_name": origin.get("DomainName"),
        "origin_path": origin.get("OriginPath", ""),
        "origin_access_control_id": origin.get("OriginAccessControlId", ""),
        "custom_origin_config": [{
            "origin_protocol_policy": custom.get("OriginProtocolPolicy"),
            "http_port": custom.get("HTTPPort"), "https_port": custom.get("HTTPSPort"),
            "origin_ssl_protocols": _items(custom.get("OriginSslProtocols"))}] if custom else [],
    }


def _distribution(summary: dict[str, Any], scope: Scope) -> Resource:
    default = dict(summary.get("DefaultCacheBehavior") or {})
    default.pop("PathPattern", None)
    behaviour = _behaviour(default)
    del behaviour["path_pattern"]
    attributes = {
        "id": summary["Id"], "arn": summary["ARN"], "domain_name": summary.get("DomainName"),
        "status": summary.get("Status"), "enabled": bool(summary.get("Enabled", False)),
        "comment": summary.get("Comment", ""), "aliases": _items(summary.get("Aliases")),
        "http_version": summary.get("HttpVersion"), "is_ipv6_enabled": bool(summary.get("IsIPV6Enabled", False)),
        "price_class": summary.get("PriceClass"), "web_acl_id": summary.get("WebACLId", ""),
        "origin": [_origin(o) for o in _items(summary.get("Origins"))],
        "default_cache_behavior": [behaviour],
        "ordered_cache_behavior": [_behaviour(b) for b in _items(summary.get("CacheBehaviors"))],
        "viewer_certificate": [_certificate(summary["ViewerCertificate"])]
        if summary.get("ViewerCertificate") else [],
    }
    return resource(scope, "aws_cloudfront_distribution", summary["ARN"], attributes)
