"""The public API for policy authors. Built-in policies import only from here.

A policy is a function decorated with :func:`policy` that yields :class:`Result` values made
with :func:`fail`, :func:`passed` or :func:`unknown`::

    from policycheck.api import Context, Resource, policy, require

    @policy(id="PC-ACME-001", title="Bucket has a cost-center tag", severity="low",
            sources=("tf", "plan", "aws"), kinds="aws_s3_bucket")
    def check(resource: Resource, ctx: Context):
        yield require(resource, "tags.cost-center", "the bucket has no cost-center tag")

Every helper the built-in policies share is re-exported here (a test fails when a built-in
imports anything else but a few pure standard-library modules): attribute readers
(:func:`truthy`, :func:`forbid_flag`, :func:`require_minimum`), network arithmetic
(:func:`is_public_cidr`, :func:`port_range`), security group rules (:func:`rules_of`), IAM
documents (:func:`policy_documents`, :func:`allows`, :func:`judge_grants`), per-container
iteration (:func:`iter_containers`, :func:`ecs_containers`), Kubernetes objects
(:func:`pod_spec`, :func:`selector_matches`), Dockerfile instructions (:func:`final_instructions`)
and images (:func:`mapped_containers`), load balancers, secrets (:func:`is_secret_key`),
requirements (:func:`is_pinned`) and reference lookup (:func:`designates`, :func:`referring`,
:func:`find_by_identifier`, ``ctx.graph.resolve``). The S3, ECS and database helpers, whose
names read qualified (``s3.BUCKET``, ``ecs.PATH``, ``databases.engine_family``), are re-exported
as the modules :mod:`s3`, :mod:`ecs` and :mod:`databases`.
"""

from __future__ import annotations

from policycheck.engine.policy import Context, Policy, fail, passed, policy, unknown
from policycheck.helpers import databases, ecs, s3
from policycheck.helpers.accounts import account_of, account_subject, live_accounts, partition_of
from policycheck.helpers.attributes import forbid_flag, is_set, number, require_minimum
from policycheck.helpers.connection_strings import connection_strings
from policycheck.helpers.databases import DB_CLUSTER_KINDS, DB_INSTANCE_KINDS, is_aurora
from policycheck.helpers.docker import (
    ImageRef,
    Instruction,
    final_instructions,
    final_stage,
    global_values,
    instruction_path,
    key_values,
    parse_image,
    scope_before,
    shell_commands,
    sources_and_destination,
    stage_path,
    stage_reference,
    stages,
    substitute,
)
from policycheck.helpers.ecs import Container as EcsContainer
from policycheck.helpers.ecs import containers as ecs_containers
from policycheck.helpers.iam import (
    POLICY_KINDS,
    PolicyDocument,
    Statement,
    allowed_on_all_resources,
    allows,
    is_full_access,
    judge_grants,
    on_all_resources,
    policy_documents,
    read_document,
    service_wildcard,
)
from policycheck.helpers.images import (
    Port,
    RunningContainer,
    declared_ports,
    effective_healthcheck,
    exposed_ports,
    mapped_containers,
    workloads_for_dockerfile,
)
from policycheck.helpers.images import PortRange as ImagePortRange
from policycheck.helpers.kubernetes import (
    LONG_RUNNING_KINDS,
    WORKLOAD_KINDS,
    Container,
    annotations_of,
    check_containers,
    effective_security_setting,
    integer,
    is_default_rbac,
    is_empty_selector,
    iter_containers,
    name_of,
    namespace_of,
    pod_at,
    pod_labels,
    pod_spec,
    pod_spec_path,
    rbac_rules,
    require_keys,
    require_probe,
    same_namespace,
    security_settings,
    selector_matches,
    service_selector_matches,
    strings,
)
from policycheck.helpers.links import Referring, designates, find_by_identifier, referring, values_of
from policycheck.helpers.load_balancers import (
    APPLICATION,
    LISTENER_KINDS,
    LOAD_BALANCER_KINDS,
    TARGET_GROUP_KINDS,
    is_internet_facing,
    listener_protocol,
    load_balancer_type,
    unless_tls_listener,
)
from policycheck.helpers.managed_policies import ADMINISTRATOR_ACCESS, ATTACHMENT_KINDS, judge_managed
from policycheck.helpers.network import ALL_PROTOCOLS, PortRange, describe_ports, is_public_cidr, port_range
from policycheck.helpers.requirements import (
    canonical,
    is_pinned,
    is_unpinned_requirement,
    requirement_location,
    shipped_requirements,
    url_pin_problem,
)
from policycheck.helpers.secrets import (
    StringValue,
    credential_format,
    is_k8s_config_value,
    is_placeholder,
    is_secret_key,
    redact,
    string_values,
)
from policycheck.helpers.security_groups import (
    GROUP_KINDS,
    RULE_KINDS,
    CidrSource,
    Rule,
    attached_groups,
    group_rules,
    is_ingress,
    rule_resources,
    rules_of,
)
from policycheck.helpers.values import is_true, require_true, truthy
from policycheck.model import (
    Location,
    Reference,
    Resource,
    ResourceGraph,
    Result,
    Severity,
    Unknown,
    UnknownValueError,
    Verdict,
    is_unknown,
)


def require(resource: Resource, path: str, message: str) -> Result:
    """PASS when ``path`` is set to a non-empty value, FAIL with ``message`` when it is not."""
    value = resource.get(path)
    if isinstance(value, Unknown):
        return unknown(f"{path} is not known ({value.reason or 'unresolved'})", at=path)
    if value in (None, "", [], {}):
        return fail(message, at=path)
    return passed(at=path)


__all__ = [
    "ADMINISTRATOR_ACCESS",
    "ALL_PROTOCOLS",
    "APPLICATION",
    "ATTACHMENT_KINDS",
    "DB_CLUSTER_KINDS",
    "DB_INSTANCE_KINDS",
    "GROUP_KINDS",
    "LISTENER_KINDS",
    "LOAD_BALANCER_KINDS",
    "LONG_RUNNING_KINDS",
    "POLICY_KINDS",
    "RULE_KINDS",
    "TARGET_GROUP_KINDS",
    "WORKLOAD_KINDS",
    "CidrSource",
    "Container",
    "Context",
    "EcsContainer",
    "ImagePortRange",
    "ImageRef",
    "Instruction",
    "Location",
    "Policy",
    "PolicyDocument",
    "Port",
    "PortRange",
    "Reference",
    "Referring",
    "Resource",
    "ResourceGraph",
    "Result",
    "Rule",
    "RunningContainer",
    "Severity",
    "Statement",
    "StringValue",
    "Unknown",
    "UnknownValueError",
    "Verdict",
    "account_of",
    "account_subject",
    "allowed_on_all_resources",
    "allows",
    "annotations_of",
    "attached_groups",
    "canonical",
    "check_containers",
    "connection_strings",
    "credential_format",
    "databases",
    "declared_ports",
    "describe_ports",
    "designates",
    "ecs",
    "ecs_containers",
    "effective_healthcheck",
    "effective_security_setting",
    "exposed_ports",
    "fail",
    "final_instructions",
    "final_stage",
    "find_by_identifier",
    "forbid_flag",
    "global_values",
    "group_rules",
    "instruction_path",
    "integer",
    "is_aurora",
    "is_default_rbac",
    "is_empty_selector",
    "is_full_access",
    "is_ingress",
    "is_internet_facing",
    "is_k8s_config_value",
    "is_pinned",
    "is_placeholder",
    "is_public_cidr",
    "is_secret_key",
    "is_set",
    "is_true",
    "is_unknown",
    "is_unpinned_requirement",
    "iter_containers",
    "judge_grants",
    "judge_managed",
    "key_values",
    "listener_protocol",
    "live_accounts",
    "load_balancer_type",
    "mapped_containers",
    "name_of",
    "namespace_of",
    "number",
    "on_all_resources",
    "parse_image",
    "partition_of",
    "passed",
    "pod_at",
    "pod_labels",
    "pod_spec",
    "pod_spec_path",
    "policy",
    "policy_documents",
    "port_range",
    "rbac_rules",
    "read_document",
    "redact",
    "referring",
    "require",
    "require_keys",
    "require_minimum",
    "require_probe",
    "require_true",
    "requirement_location",
    "rule_resources",
    "rules_of",
    "s3",
    "same_namespace",
    "scope_before",
    "security_settings",
    "selector_matches",
    "service_selector_matches",
    "service_wildcard",
    "shell_commands",
    "shipped_requirements",
    "sources_and_destination",
    "stage_path",
    "stage_reference",
    "stages",
    "string_values",
    "strings",
    "substitute",
    "truthy",
    "unknown",
    "unless_tls_listener",
    "url_pin_problem",
    "values_of",
    "workloads_for_dockerfile",
]
