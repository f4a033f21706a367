"""The read-only RBAC the audit needs, from the kind table: ``--print-rbac`` and ``deploy/``.

By default the role holds no verb on Secrets: no cluster policy reads them, and RBAC cannot
grant "metadata only" (whoever may ``list`` Secrets may list them *with* their data using
another client). ``--include-secrets`` adds ``list`` on secrets; the collector then asks for
them as PartialObjectMetadata, so the API server sends names, labels and annotations only.
"""

from __future__ import annotations

from policycheck.live.k8s.kinds import collected_kinds

NAME = "policycheck-audit"
NAMESPACE = "policycheck"
VERBS = ("get", "list")
SECRET_VERBS = ("list",)

HEADER = f"""\
# Read-only access for `policycheck audit k8s` (printed by `policycheck audit k8s --print-rbac`).
# Apply: kubectl create namespace {NAMESPACE} && kubectl apply -f rbac.yaml
# The ClusterRole grants get/list on exactly the kinds the audit reads, and nothing else.
# No verb on Secrets: RBAC cannot limit `list` to metadata, so granting it would let the holder
# read every Secret. `--print-rbac --include-secrets` adds `list` on secrets for audits run with
# `--include-secrets` (their metadata is requested as PartialObjectMetadata, never their data).
"""


def _list(values: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(v or '""' for v in values) + "]"


def cluster_role(include_secrets: bool = False) -> str:
    """The ClusterRole YAML: one rule per API group (secrets, when included: a rule of their
    own)."""
    kinds = collected_kinds(include_secrets)
    groups: dict[str, list[str]] = {}
    for spec in kinds:
        if not spec.metadata_only:
            groups.setdefault(spec.group, []).append(spec.plural)
    lines = ["apiVersion: rbac.authorization.k8s.io/v1", "kind: ClusterRole",
             f"metadata:\n  name: {NAME}", "rules:"]
    for group in sorted(groups):
        lines.append(f"  - apiGroups: {_list([group])}\n    resources: {_list(sorted(groups[group]))}"
                     f"\n    verbs: {_list(VERBS)}")
    for spec in kinds:
        if spec.metadata_only:
            lines.append(f"  # {spec.plural}: metadata only (PartialObjectMetadata); data is never "
                         f"requested\n  - apiGroups: {_list([spec.group])}\n    resources: "
                         f"{_list([spec.plural])}\n    verbs: {_list(SECRET_VERBS)}")
    return "\n".join(lines) + "\n"


def manifest(include_secrets: bool = False) -> str:
    """ServiceAccount, ClusterRole and ClusterRoleBinding: what ``deploy/rbac.yaml`` holds."""
    account = (f"apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {NAME}\n"
               f"  namespace: {NAMESPACE}\n")
    binding = (f"apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n"
               f"  name: {NAME}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n"
               f"  kind: ClusterRole\n  name: {NAME}\nsubjects:\n  - kind: ServiceAccount\n"
               f"    name: {NAME}\n    namespace: {NAMESPACE}\n")
    return HEADER + "---\n".join((account, cluster_role(include_secrets), binding))
