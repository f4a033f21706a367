"""What is never "unmanaged" although nothing declares it, and what belongs to another resource.

One table per question, so a new default or child type is one line:

- :data:`DEFAULTS`: objects the cloud or the API server creates by itself (the default VPC, an
  AWS-managed key, a service-linked role, the ``default`` ServiceAccount...). The live AWS
  normalisers mark AWS defaults by type (``aws_default_vpc``, ``aws_default_subnet``,
  ``aws_default_security_group``, ``aws_iam_service_linked_role``) or leave them out
  (AWS-managed KMS keys, ``default.*`` parameter groups); the attribute rules below also catch a
  collector that keeps them under the ordinary type.
- :data:`CHILDREN`: types Terraform models as separate resources of a parent (a bucket's
  encryption, a security group's rules, a role's policy attachments): live ones count as managed
  when their parent is, and are folded into an unmanaged parent's finding.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from policycheck.model import Resource

Test = Callable[[Resource], bool]


def always(_: Resource) -> bool:
    return True


def attribute_is(path: str, *values: Any) -> Test:
    return lambda resource: resource.get(path) in values


def attribute_starts(path: str, prefix: str) -> Test:
    def test(resource: Resource) -> bool:
        value = resource.get(path)
        return isinstance(value, str) and value.startswith(prefix)

    return test


def owned_by_controller(resource: Resource) -> bool:
    """A Kubernetes object a controller created (its ``ownerReferences`` name a controller)."""
    refs = resource.get("metadata.ownerReferences")
    return isinstance(refs, list) and any(isinstance(r, Mapping) and r.get("controller") for r in refs)


def labelled(key: str, value: str) -> Test:
    def test(resource: Resource) -> bool:
        labels = resource.get("metadata.labels")
        return isinstance(labels, Mapping) and labels.get(key) == value

    return test


@dataclass(frozen=True, slots=True)
class Default:
    source: str
    kinds: tuple[str, ...]
    test: Test
    why: str


DEFAULTS: tuple[Default, ...] = (
    Default("aws", ("aws_default_vpc", "aws_default_subnet", "aws_default_security_group",
                    "aws_default_network_acl", "aws_default_route_table", "aws_default_vpc_dhcp_options"),
            always, "an AWS default of the account"),
    Default("aws", ("aws_vpc",), attribute_is("default", True), "the default VPC"),
    Default("aws", ("aws_subnet",), attribute_is("default_for_az", True), "a default subnet"),
    Default("aws", ("aws_security_group",), attribute_is("name", "default"), "a VPC's default security group"),
    Default("aws", ("aws_network_acl",), attribute_is("default", True), "a VPC's default network ACL"),
    Default("aws", ("aws_route_table",), attribute_is("main", True), "a VPC's main route table"),
    Default("aws", ("aws_kms_key",), attribute_is("key_manager", "AWS"), "an AWS-managed KMS key"),
    Default("aws", ("aws_iam_service_linked_role",), always, "a service-linked role"),
    Default("aws", ("aws_iam_role",), attribute_starts("path", "/aws-service-role/"), "a service-linked role"),
    Default("aws", ("aws_db_parameter_group", "aws_rds_cluster_parameter_group"),
            attribute_starts("name", "default."), "an AWS default parameter group"),
    Default("aws", ("aws_caller_identity",), always, "the account itself (a data source, never managed)"),
    Default("aws", ("aws_ebs_encryption_by_default", "aws_s3_account_public_access_block"),
            always, "an account or region setting that always exists"),
    Default("cluster", ("ServiceAccount",), attribute_is("metadata.name", "default"),
            "the ServiceAccount every namespace gets"),
    Default("cluster", ("ConfigMap",), attribute_is("metadata.name", "kube-root-ca.crt",
                                                     "extension-apiserver-authentication"),
            "a ConfigMap the control plane publishes"),
    Default("cluster", ("Service",), lambda r: r.get("metadata.name") == "kubernetes"
            and r.get("metadata.namespace") == "default", "the API server's Service"),
    Default("cluster", ("Endpoints", "EndpointSlice", "Event", "Lease", "ControllerRevision"),
            always, "an object the control plane maintains"),
    Default("cluster", ("Secret",), attribute_is("type", "kubernetes.io/service-account-token"),
            "a service account token"),
    Default("cluster", ("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"),
            attribute_starts("metadata.name", "system:"), "an RBAC object of the control plane"),
    Default("cluster", ("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"),
            labelled("kubernetes.io/bootstrapping", "rbac-defaults"), "a bootstrap RBAC default"),
    Default("cluster", ("*",), owned_by_controller, "created by its controller"),
)


def default_reason(resource: Resource) -> str | None:
    """Why ``resource`` is a default nobody declares, or None."""
    for rule in DEFAULTS:
        if rule.source == resource.source and ("*" in rule.kinds or resource.kind in rule.kinds) \
                and rule.test(resource):
            return rule.why
    return None


@dataclass(frozen=True, slots=True)
class Child:
    attribute: str
    """The attribute naming the parent (a Reference or its id, ARN or name)."""
    parents: tuple[str, ...]


_BUCKET = Child("bucket", ("aws_s3_bucket",))
_GROUP = Child("security_group_id", ("aws_security_group", "aws_default_security_group"))
CHILDREN: dict[str, Child] = {
    **{kind: _BUCKET for kind in (
        "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_policy", "aws_s3_bucket_versioning", "aws_s3_bucket_lifecycle_configuration",
        "aws_s3_bucket_logging", "aws_s3_bucket_acl", "aws_s3_bucket_ownership_controls",
        "aws_s3_bucket_cors_configuration", "aws_s3_bucket_notification", "aws_s3_bucket_replication_configuration",
        "aws_s3_bucket_website_configuration", "aws_s3_bucket_object_lock_configuration")},
    **{kind: _GROUP for kind in ("aws_security_group_rule", "aws_vpc_security_group_ingress_rule",
                                 "aws_vpc_security_group_egress_rule")},
    "aws_iam_role_policy_attachment": Child("role", ("aws_iam_role",)),
    "aws_iam_role_policy": Child("role", ("aws_iam_role",)),
    "aws_iam_user_policy_attachment": Child("user", ("aws_iam_user",)),
    "aws_iam_user_policy": Child("user", ("aws_iam_user",)),
    "aws_iam_group_policy_attachment": Child("group", ("aws_iam_group",)),
}
