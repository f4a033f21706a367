"""RDS/Aurora facts shared by the database policies: kinds, engine families, parameter groups.

Parameter groups are linked by ``parameter_group_name`` (``aws_db_instance``),
``db_parameter_group_name`` (``aws_rds_cluster_instance``) or
``db_cluster_parameter_group_name`` (``aws_rds_cluster``): either a :class:`Reference` to an
``aws_db_parameter_group``/``aws_rds_cluster_parameter_group`` or a literal name matched against
the ``name`` of the groups in the scan. An unset name or one starting with ``default.`` is an
AWS default group, whose parameters cannot be changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from policycheck.model import Reference, Resource, ResourceGraph, Unknown

DB_INSTANCE_KINDS = ("aws_db_instance", "aws_rds_cluster_instance")
DB_CLUSTER_KINDS = ("aws_rds_cluster",)
PARAMETER_GROUP_KINDS = ("aws_db_parameter_group", "aws_rds_cluster_parameter_group")

POSTGRES = "postgres"
MYSQL = "mysql"
OTHER = "other"

_FAMILIES = {
    "postgres": POSTGRES,
    "aurora-postgresql": POSTGRES,
    "mysql": MYSQL,
    "mariadb": MYSQL,
    "aurora-mysql": MYSQL,
    "aurora": MYSQL,
}
_GROUP_ATTRIBUTE = {
    "aws_db_instance": "parameter_group_name",
    "aws_rds_cluster_instance": "db_parameter_group_name",
    "aws_rds_cluster": "db_cluster_parameter_group_name",
}


def engine_family(resource: Resource) -> str | Unknown:
    """``"postgres"``, ``"mysql"`` (MySQL, MariaDB, Aurora MySQL) or ``"other"``, from ``engine``.

    An unset engine (inherited from a snapshot or a source DB) is :class:`Unknown`.
    """
    engine = resource.get("engine")
    if isinstance(engine, Unknown):
        return engine
    if not isinstance(engine, str) or not engine.strip():
        return Unknown(f"{resource.address} does not set engine")
    return _FAMILIES.get(engine.strip().lower(), OTHER)


def is_aurora(resource: Resource) -> bool | Unknown:
    """Whether ``engine`` is ``aurora``, ``aurora-mysql`` or ``aurora-postgresql``."""
    engine = resource.get("engine")
    if isinstance(engine, Unknown):
        return engine
    return isinstance(engine, str) and engine.strip().lower().startswith("aurora")


@dataclass(frozen=True, slots=True)
class ParameterGroupLink:
    """The parameter group a DB resource uses.

    Exactly one of: ``group`` (the group resource in the scan), ``default`` (an AWS default
    group: ``name`` is the literal name or ``None`` when unset), ``unknown`` (why the group
    cannot be determined). ``path`` is the attribute naming the group.
    """

    path: str
    group: Resource | None = None
    default: bool = False
    name: str | None = None
    unknown: Unknown | None = None


def parameter_group(resource: Resource, graph: ResourceGraph) -> ParameterGroupLink:
    """Resolve the parameter group of a DB instance, cluster instance or cluster."""
    path = _GROUP_ATTRIBUTE.get(resource.kind, "parameter_group_name")
    value = resource.get(path)
    if isinstance(value, Unknown):
        return ParameterGroupLink(path, unknown=value)
    if isinstance(value, Reference):
        target = graph.resolve(value, like=resource)
        if target is None or target.kind not in PARAMETER_GROUP_KINDS:
            return ParameterGroupLink(
                path, unknown=Unknown(f"{path} refers to {value}, which is not in the scan")
            )
        return ParameterGroupLink(path, group=target)
    if value is None or value == "":
        return ParameterGroupLink(path, default=True)
    if not isinstance(value, str):
        return ParameterGroupLink(path, unknown=Unknown(f"{path} is not a name: {value!r}"))
    if value.startswith("default."):
        return ParameterGroupLink(path, default=True, name=value)
    return _group_named(resource, graph, path, value)


def _group_named(
    resource: Resource, graph: ResourceGraph, path: str, name: str
) -> ParameterGroupLink:
    """The scanned group whose ``name`` equals ``name``; UNKNOWN when none or undecidable."""
    undecided: list[str] = []
    for group in graph.of_kind(*PARAMETER_GROUP_KINDS):
        if group.source != resource.source:
            continue
        group_name = group.get("name")
        if isinstance(group_name, Unknown):
            undecided.append(group.address)
        elif group_name == name:
            return ParameterGroupLink(path, group=group, name=name)
    if undecided:
        reason = f"the names of {', '.join(undecided)} are not known"
    else:
        reason = "no parameter group of that name is in the scan"
    return ParameterGroupLink(path, name=name, unknown=Unknown(f"{path} = {name!r}: {reason}"))


def parameter(group: Resource, name: str) -> tuple[Any, str | None]:
    """The value of parameter ``name`` in ``group``'s ``parameter`` blocks and its path.

    Names compare case-insensitively. Returns ``(None, None)`` when the group does not set
    it, and an :class:`Unknown` value when the blocks are not known (for example ``dynamic``).
    """
    blocks = group.get("parameter")
    if isinstance(blocks, Unknown):
        return blocks, "parameter"
    undecided: tuple[Unknown, str] | None = None
    for index, block in enumerate(blocks if isinstance(blocks, list) else []):
        if not isinstance(block, dict):
            continue
        block_name = block.get("name")
        if isinstance(block_name, Unknown):
            undecided = undecided or (block_name, f"parameter.{index}.name")
        elif isinstance(block_name, str) and block_name.lower() == name.lower():
            return block.get("value"), f"parameter.{index}.value"
    return undecided or (None, None)
