"""IAM (global): roles, users and groups with their inline and attached policies, customer
managed policies with their default version's document, and users' access keys. Service-linked
roles (path ``/aws-service-role/``, created and owned by AWS) are ``aws_iam_service_linked_role``,
the type Terraform manages them as, so drift can tell them from the account's own roles.

Calls: GetAccountAuthorizationDetails, paged by Marker (one pass returns every role, user,
group and customer managed policy with its documents: no call per role), and ListAccessKeys
per user (no call lists the keys of several users). AWS managed policies are not listed: an
attachment names them by ARN. Key IDs stay in the attributes (``id``, as the provider sets
it) but never in addresses: a key is addressed by its user and creation time, which a
snapshot keeps (it masks key IDs).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from policycheck.live.aws.scope import Scope
from policycheck.live.aws.shape import iso, ref, resource, tag_map, with_tags
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "iam"
GLOBAL = True
ACTIONS = {
    "GetAccountAuthorizationDetails": "iam:GetAccountAuthorizationDetails",
    "ListAccessKeys": "iam:ListAccessKeys",
}
SERVICE_LINKED = "aws_iam_service_linked_role"
KINDS = ("aws_iam_role", "aws_iam_role_policy", "aws_iam_role_policy_attachment", SERVICE_LINKED,
         "aws_iam_user", "aws_iam_user_policy", "aws_iam_user_policy_attachment",
         "aws_iam_group", "aws_iam_group_policy", "aws_iam_group_policy_attachment",
         "aws_iam_policy", "aws_iam_access_key")
FILTER = ("User", "Role", "Group", "LocalManagedPolicy")
LISTS = ("UserDetailList", "RoleDetailList", "GroupDetailList", "Policies")
SERVICE_LINKED_PATH = "/aws-service-role/"


def collect(api: ServiceApi) -> dict[str, Any]:
    raw: dict[str, Any] = {key: [] for key in LISTS}
    marker: str | None = None
    while True:
        page = api.call("GetAccountAuthorizationDetails", Filter=list(FILTER),
                        **({"Marker": marker} if marker else {}))
        for key in LISTS:
            raw[key] += page.get(key, [])
        marker = page.get("Marker") if page.get("IsTruncated") else None
        if not marker:
            break
    users = [user["UserName"] for user in raw["UserDetailList"]]
    keys = api.map(lambda user: api.paginate("ListAccessKeys", "AccessKeyMetadata", UserName=user), users)
    raw["AccessKeys"] = dict(zip(users, keys, strict=True))
    return raw


def document(value: object) -> str:
    """A policy document as the JSON string the provider stores: API documents arrive
    URL-encoded on the wire and decoded to objects by boto3."""
    if isinstance(value, str):
        text = unquote(value)
        try:
            return json.dumps(json.loads(text), separators=(",", ":"))
        except ValueError:
            return text
    return json.dumps(value, separators=(",", ":")) if value is not None else ""


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    found: list[Resource] = []
    for role in raw.get("RoleDetailList", []):
        linked = str(role.get("Path", "")).startswith(SERVICE_LINKED_PATH)
        found += [_service_linked(role, scope)] if linked else _principal("role", role, scope)
    for user in raw.get("UserDetailList", []):
        found += _principal("user", user, scope)
        found += [_access_key(key, scope) for key in raw.get("AccessKeys", {}).get(user["UserName"], [])]
    for group in raw.get("GroupDetailList", []):
        found += _principal("group", group, scope)
    found += [_policy(p, scope) for p in raw.get("Policies", [])]
    return found


def _principal(kind: str, detail: dict[str, Any], scope: Scope) -> list[Resource]:
    """The role, user or group and its inline policies and managed policy attachments."""
    title = kind.capitalize()
    name, arn = detail[f"{title}Name"], detail["Arn"]
    attached = [p["PolicyArn"] for p in detail.get("AttachedManagedPolicies", [])]
    attributes: dict[str, Any] = {
        "id": name, "arn": arn, "name": name, "path": detail.get("Path", "/"),
        "unique_id": detail.get(f"{title}Id"), "create_date": iso(detail.get("CreateDate")),
    }
    if kind == "role":
        attributes |= {
            "assume_role_policy": document(detail.get("AssumeRolePolicyDocument")),
            "description": detail.get("Description", ""),
            "max_session_duration": detail.get("MaxSessionDuration", 3600),
            # the inline policies and attachments are their own aws_iam_role_policy and
            # aws_iam_role_policy_attachment resources below, so each is judged once
            "managed_policy_arns": [], "inline_policy": [],
        }
    if kind != "group":
        boundary = detail.get("PermissionsBoundary") or {}
        attributes["permissions_boundary"] = boundary.get("PermissionsBoundaryArn", "")
        with_tags(attributes, tag_map(detail.get("Tags")))
    found = [resource(scope, f"aws_iam_{kind}", arn, attributes)]
    owner = ref(arn, "name")
    for inline in detail.get(f"{title}PolicyList", []):
        found.append(_child(scope, f"aws_iam_{kind}_policy", f"{name}:{inline['PolicyName']}", {
            kind: owner, "name": inline["PolicyName"], "policy": document(inline.get("PolicyDocument"))}))
    found += [_child(scope, f"aws_iam_{kind}_policy_attachment", f"{name}/{policy_arn}",
                     {kind: owner, "policy_arn": policy_arn}) for policy_arn in attached]
    return found


def _child(scope: Scope, kind: str, ident: str, attributes: dict[str, Any]) -> Resource:
    """An inline policy or attachment: no ARN of its own, so a synthetic one from its ID."""
    return resource(scope, kind, scope.synthetic_arn(SERVICE, kind, ident), {"id": ident, **attributes})


def _service_linked(role: dict[str, Any], scope: Scope) -> Resource:
    """A role AWS created for a service (path ``/aws-service-role/<service>/``): the type
    Terraform manages such roles as, without its AWS-owned policies (nobody can edit them)."""
    path = role.get("Path", "")
    attributes = {
        "id": role["Arn"], "arn": role["Arn"], "name": role["RoleName"], "path": path,
        "aws_service_name": path.removeprefix(SERVICE_LINKED_PATH).strip("/"),
        "unique_id": role.get("RoleId"), "create_date": iso(role.get("CreateDate")),
        "description": role.get("Description", ""),
    }
    return resource(scope, SERVICE_LINKED, role["Arn"], with_tags(attributes, tag_map(role.get("Tags"))))


def _policy(policy: dict[str, Any], scope: Scope) -> Resource:
    versions = policy.get("PolicyVersionList", [])
    default = next((v for v in versions if v.get("IsDefaultVersion")), versions[0] if versions else {})
    attributes = {
        "id": policy["Arn"], "arn": policy["Arn"], "name": policy.get("PolicyName") or policy["Arn"].rsplit("/", 1)[-1],
        "path": policy.get("Path", "/"), "description": policy.get("Description", ""),
        "policy_id": policy.get("PolicyId"), "attachment_count": policy.get("AttachmentCount", 0),
        "policy": document(default.get("Document")),
    }
    return resource(scope, "aws_iam_policy", policy["Arn"],
                         with_tags(attributes, tag_map(policy.get("Tags"))))


def _access_key(key: dict[str, Any], scope: Scope) -> Resource:
    user, ident = key["UserName"], key["AccessKeyId"]
    attributes = {"id": ident, "user": user, "status": key.get("Status"),
                  "create_date": iso(key.get("CreateDate"))}
    address = scope.synthetic_arn(SERVICE, "aws_iam_access_key", f"{user}/{attributes['create_date']}")
    return resource(scope, "aws_iam_access_key", address, attributes)
