"""The read-only RBAC the audit needs, from the kind table: ``--print-rbac`` and ``deploy/``.

Secrets get ``list`` only: the collector asks for them as PartialObjectMetadata, so the API
server answers with names, labels and annotations, never data. RBAC itself cannot grant
"metadata only": whoever holds this role could list Secrets *with* their data using another
client. The manifest says so in a comment; bind the role to the audit's service account only.
"""

from __future__ import annotations

from policycheck.live.k8s.kinds import KINDS

NAME = "policycheck-audit"
NAMESPACE = "policycheck"
VERBS = ("get", "list")
SECRET_VERBS = ("list",)

HEADER = f"""\
# Read-only access for `policycheck audit k8s` (printed by `policycheck audit k8s --print-rbac`).
# Apply: kubectl create namespace {NAMESPACE} && kubectl apply -f rbac.yaml
# The ClusterRole grants get/list on exactly the kinds the audit reads, and nothing else.
# Secrets: `list` only. policycheck requests them as PartialObjectMetadata (names, labels,
# annotations), so their data is never sent. RBAC cannot restrict a verb to metadata: anyone
# holding this role could list Secrets with their data through another client. Bind it only to
# the audit's ServiceAccount, or drop the secrets rule (the Secret kind is then NOT ASSESSED).
"""


def _list(values: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(v or '""' for v in values) + "]"


def cluster_role() -> str:
    """The ClusterRole YAML: one rule per API group (secrets: a rule of their own)."""
    groups: dict[str, list[str]] = {}
    for spec in KINDS:
        if not spec.metadata_only:
            groups.setdefault(spec.group, []).append(spec.plural)
    lines = ["apiVersion: rbac.authorization.k8s.io/v1", "kind: ClusterRole",
             f"metadata:\n  name: {NAME}", "rules:"]
    for group in sorted(groups):
        lines.append(f"  - apiGroups: {_list([group])}\n    resources: {_list(sorted(groups[group]))}"
                     f"\n    verbs: {_list(VERBS)}")
    for spec in KINDS:
        if spec.metadata_only:
            lines.append(f"  # {spec.plural}: metadata only (PartialObjectMetadata); data is never "
                         f"requested\n  - apiGroups: {_list([spec.group])}\n    resources: "
                         f"{_list([spec.plural])}\n    verbs: {_list(SECRET_VERBS)}")
    return "\n".join(lines) + "\n"


def manifest() -> str:
    """ServiceAccount, ClusterRole and ClusterRoleBinding: what ``deploy/rbac.yaml`` holds."""
    account = (f"apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {NAME}\n"
               f"  namespace: {NAMESPACE}\n")
    binding = (f"apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n"
               f"  name: {NAME}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n"
               f"  kind: ClusterRole\n  name: {NAME}\nsubjects:\n  - kind: ServiceAccount\n"
               f"    name: {NAME}\n    namespace: {NAMESPACE}\n")
    return HEADER + "---\n".join((account, cluster_role(), binding))
