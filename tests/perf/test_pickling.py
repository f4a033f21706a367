"""Resources and findings survive the trip between processes and into the cache."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from policycheck.engine.pickling import dumps, loads
from policycheck.model import (
    Finding,
    Location,
    Reference,
    Resource,
    Severity,
    Suppression,
    Unknown,
    UnknownValueError,
    Verdict,
)


def resource() -> Resource:
    unknown = Unknown("var.size has no value")
    where = Location("main.tf", 3, 9)
    return Resource(
        kind="aws_ebs_volume", address="aws_ebs_volume.data", source="tf",
        attributes={"size": unknown, "kms_key_id": Reference("aws_kms_key.main", "arn"),
                    "tags": [unknown, {"Name": "data"}]},
        location=where, attribute_lines={"size": 4},
        suppressions=(Suppression("PC-AWS-072", "tested", where, date(2030, 1, 1)),),
    )


@pytest.mark.parametrize("round_trip", [lambda v: loads(dumps(v)),
                                        lambda v: pickle.loads(pickle.dumps(v))],
                         ids=["policycheck", "plain"])
def test_resource_round_trip_keeps_unknowns_and_references(round_trip: Callable[[object], Any]) -> None:
    back = round_trip(resource())
    size, (tag, _) = back.attributes["size"], back.attributes["tags"]
    assert isinstance(size, Unknown) and size.reason == "var.size has no value"
    assert tag is size  # one Unknown stays one object
    assert back.attributes["kms_key_id"] == Reference("aws_kms_key.main", "arn")
    assert back.location == Location("main.tf", 3, 9)
    assert back.suppressions == resource().suppressions
    with pytest.raises(UnknownValueError, match=r"var\.size has no value"):
        bool(size)


def test_finding_round_trip_is_equal() -> None:
    finding = Finding("PC-AWS-072", "title", Severity.HIGH, Verdict.UNKNOWN, "tf",
                      Location("main.tf", 4, 4), "aws_ebs_volume.data", "message", "fix",
                      ("item",), True, "reason", "f" * 32, True)
    assert loads(dumps([finding, finding])) == [finding, finding]
