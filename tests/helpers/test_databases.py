from __future__ import annotations

from typing import Any

import pytest

from policycheck.helpers.databases import (
    MYSQL,
    OTHER,
    POSTGRES,
    engine_family,
    is_aurora,
    parameter,
    parameter_group,
)
from policycheck.model import Location, Reference, Resource, ResourceGraph, Unknown


def tf(kind: str, label: str, source: str = "tf", **attributes: Any) -> Resource:
    return Resource(kind, f"{kind}.{label}", source, attributes, Location("main.tf", 1, 9))


@pytest.mark.parametrize(
    ("engine", "family"),
    [
        ("postgres", POSTGRES),
        ("aurora-postgresql", POSTGRES),
        ("mysql", MYSQL),
        ("MariaDB", MYSQL),
        ("aurora-mysql", MYSQL),
        ("aurora", MYSQL),
        ("oracle-ee", OTHER),
        ("sqlserver-se", OTHER),
    ],
)
def test_engine_family(engine: str, family: str) -> None:
    assert engine_family(tf("aws_db_instance", "db", engine=engine)) == family


def test_engine_family_is_unknown_when_unset_or_unresolved() -> None:
    unset = engine_family(tf("aws_db_instance", "replica", replicate_source_db="x"))
    assert isinstance(unset, Unknown)
    assert "does not set engine" in unset.reason
    unresolved = Unknown("var.engine has no value")
    assert engine_family(tf("aws_db_instance", "db", engine=unresolved)) is unresolved


def test_is_aurora() -> None:
    assert is_aurora(tf("aws_rds_cluster", "c", engine="aurora-postgresql")) is True
    assert is_aurora(tf("aws_rds_cluster", "c", engine="postgres")) is False
    assert is_aurora(tf("aws_rds_cluster", "c")) is False
    assert isinstance(is_aurora(tf("aws_rds_cluster", "c", engine=Unknown("x"))), Unknown)


def test_parameter_group_by_reference_uses_the_kinds_attribute() -> None:
    group = tf("aws_rds_cluster_parameter_group", "pg", name="tls")
    cluster = tf("aws_rds_cluster", "c", db_cluster_parameter_group_name=Reference(
        "aws_rds_cluster_parameter_group.pg", "name"))
    link = parameter_group(cluster, ResourceGraph([group, cluster]))
    assert (link.group, link.path, link.default, link.unknown) == (
        group, "db_cluster_parameter_group_name", False, None)


def test_parameter_group_by_literal_name_matches_the_groups_name_in_the_same_source() -> None:
    planned = tf("aws_db_parameter_group", "pg", source="plan", name="tls")
    group = tf("aws_db_parameter_group", "pg", name="tls")
    other = tf("aws_db_parameter_group", "other", name="other")
    db = tf("aws_db_instance", "db", parameter_group_name="tls")
    link = parameter_group(db, ResourceGraph([planned, other, group, db]))
    assert link.group is group
    assert link.name == "tls"


@pytest.mark.parametrize("name", [None, "", "default.postgres16"])
def test_unset_and_default_dot_names_are_default_groups(name: str | None) -> None:
    db = tf("aws_db_instance", "db", parameter_group_name=name)
    link = parameter_group(db, ResourceGraph([db]))
    assert link.default is True
    assert link.group is None
    assert link.unknown is None


def test_parameter_group_is_unknown_when_it_cannot_be_found_or_resolved() -> None:
    missing = tf("aws_db_instance", "a", parameter_group_name="elsewhere")
    dangling = tf("aws_db_instance", "b",
                  parameter_group_name=Reference("aws_db_parameter_group.x"))
    variable = tf("aws_db_instance", "c", parameter_group_name=Unknown("var.pg has no value"))
    named = tf("aws_db_parameter_group", "n", name=Unknown("var.name has no value"))
    graph = ResourceGraph([missing, dangling, variable])
    assert "no parameter group of that name" in str(parameter_group(missing, graph).unknown)
    assert "aws_db_parameter_group.x" in str(parameter_group(dangling, graph).unknown)
    assert parameter_group(variable, graph).unknown is variable.get("parameter_group_name")
    named_link = parameter_group(missing, ResourceGraph([missing, named]))
    assert "aws_db_parameter_group.n" in str(named_link.unknown)


def test_parameter_reads_blocks_case_insensitively_with_their_path() -> None:
    group = tf("aws_db_parameter_group", "pg", parameter=[
        {"name": "log_connections", "value": "1"},
        {"name": "RDS.Force_SSL", "value": "1"},
    ])
    assert parameter(group, "rds.force_ssl") == ("1", "parameter.1.value")
    assert parameter(group, "require_secure_transport") == (None, None)
    assert parameter(tf("aws_db_parameter_group", "empty"), "rds.force_ssl") == (None, None)


def test_parameter_is_unknown_when_blocks_or_names_are_unknown() -> None:
    dynamic = Unknown("dynamic parameter blocks")
    assert parameter(tf("aws_db_parameter_group", "d", parameter=dynamic), "x") == (
        dynamic, "parameter")
    name = Unknown("var.p has no value")
    group = tf("aws_db_parameter_group", "g", parameter=[{"name": name, "value": "1"},
                                                          {"name": "x", "value": "0"}])
    assert parameter(group, "x") == ("0", "parameter.1.value")
    assert parameter(group, "y") == (name, "parameter.0.name")
