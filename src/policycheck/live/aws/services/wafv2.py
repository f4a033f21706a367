"""WAFv2 web ACLs, their rules, and what the regional ones protect (load balancers, API stages).

Calls per region: ListWebACLs (Scope REGIONAL, paged by NextMarker: botocore has no paginator
for it), then per web ACL GetWebACL (the rules) and, for a regional ACL, ListResourcesForWebACL
once per protected resource type. In us-east-1 the CLOUDFRONT-scope ACLs are listed too (that is
where their API is; a distribution names its ACL in ``web_acl_id``). Tags are not read (one call
per ACL; no policy reads them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.live.aws.shape import blocks, ref, resource
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "wafv2"
GLOBAL = False
ACTIONS = {
    "ListWebACLs": "wafv2:ListWebACLs",
    "GetWebACL": "wafv2:GetWebACL",
    "ListResourcesForWebACL": "wafv2:ListResourcesForWebACL",
}
KINDS = ("aws_wafv2_web_acl", "aws_wafv2_web_acl_association")
REGIONAL, CLOUDFRONT = "REGIONAL", "CLOUDFRONT"
CLOUDFRONT_REGION = "us-east-1"
PROTECTED = ("APPLICATION_LOAD_BALANCER", "API_GATEWAY")


def _summaries(api: ServiceApi, scope: str) -> list[dict[str, Any]]:
    summaries: list[dict[str, Any]] = []
    marker: str | None = None
    while True:
        page = api.call("ListWebACLs", Scope=scope, **({"NextMarker": marker} if marker else {}))
        summaries += page.get("WebACLs", [])
        marker = page.get("NextMarker")
        if not marker or not page.get("WebACLs"):
            return summaries


def collect(api: ServiceApi) -> dict[str, Any]:
    scopes = (REGIONAL, CLOUDFRONT) if api.region == CLOUDFRONT_REGION else (REGIONAL,)
    listed = [(scope, s) for scope in scopes for s in _summaries(api, scope)]
    acls = api.map(lambda item: api.call("GetWebACL", Name=item[1]["Name"], Scope=item[0], Id=item[1]["Id"])
                   ["WebACL"], listed)
    regional = [acl["ARN"] for acl in acls if acl_scope(acl["ARN"]) == REGIONAL]
    protected = api.map(lambda arn: sorted({found for kind in PROTECTED for found in api.call(
        "ListResourcesForWebACL", WebACLArn=arn, ResourceType=kind).get("ResourceArns", [])}), regional)
    return {"WebACLs": acls, "Resources": dict(zip(regional, protected, strict=True))}


def acl_scope(arn: str) -> str:
    """``REGIONAL`` or ``CLOUDFRONT``: a CloudFront ACL's ARN reads ``...:global/webacl/...``."""
    return CLOUDFRONT if arn.split(":", 5)[-1].startswith("global/") else REGIONAL


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    found: list[Resource] = []
    for acl in raw.get("WebACLs", []):
        found.append(_web_acl(acl, scope))
        for target in raw.get("Resources", {}).get(acl["ARN"], []):
            ident = f"{acl['ARN']},{target}"
            found.append(resource(scope, "aws_wafv2_web_acl_association",
                scope.synthetic_arn(SERVICE, "aws_wafv2_web_acl_association", ident),
                {"id": ident, "web_acl_arn": ref(acl["ARN"], "arn"), "resource_arn": target}))
    return found


def _web_acl(acl: dict[str, Any], scope: Scope) -> Resource:
    rules = [blocks(rule)[0] for rule in sorted(acl.get("Rules", []), key=lambda r: r.get("Priority", 0))]
    attributes = {
        "id": acl["Id"], "arn": acl["ARN"], "name": acl.get("Name"), "scope": acl_scope(acl["ARN"]),
        "description": acl.get("Description", ""), "capacity": acl.get("Capacity"),
        "default_action": blocks(acl.get("DefaultAction", {})),
        "rule": rules,
        "visibility_config": blocks(acl.get("VisibilityConfig", {})),
    }
    return resource(scope, "aws_wafv2_web_acl", acl["ARN"], attributes)
