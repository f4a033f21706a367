"""The plan writer reproduces real ``terraform show -json`` output.

``data/terraform_data/update.json`` is Terraform 1.11's output for ``data/terraform_data`` after
applying a first version (name "demo", two ``b`` instances, secret "hunter2") and editing it
(name "demo2", one ``b``, secret "hunter3"): an update, a replacement, a deletion, and a module
instance whose input becomes unknown.
"""

from __future__ import annotations

import json
from pathlib import Path

from policycheck.testing.plan_document import (
    UNKNOWN,
    UNKNOWN_MAP,
    Instance,
    ModuleCall,
    Secret,
    plan_document,
    refs,
)

DATA = Path(__file__).parent / "data" / "terraform_data"
BUILTIN = "terraform.io/builtin/terraform"
A_ID = "6a544cea-289b-b246-7058-72d8e89b7c94"
OLD_INPUT = {"name": "demo", "tags": ["x", "y"]}


def _data(name: str, actions: list[str], before: dict | None, after: dict | None,  # type: ignore[type-arg]
          **extra: object) -> Instance:
    return Instance("terraform_data", name, actions, before, after, provider=BUILTIN,
                    **extra)  # type: ignore[arg-type]


def _written() -> dict:  # type: ignore[type-arg]
    old_b = {"input": A_ID, "output": A_ID, "triggers_replace": [Secret("hunter2")]}
    instances = [
        _data("a", ["update"], {"id": A_ID, "input": OLD_INPUT, "output": OLD_INPUT,
                                "triggers_replace": None},
              {"id": A_ID, "input": {"name": "demo2", "tags": ["x", "y"]}, "output": UNKNOWN_MAP,
               "triggers_replace": None},
              expressions={"input": refs("var.name")}),
        _data("b", ["delete", "create"],
              {"id": "d27b8bc8-e9a6-10d3-3927-8b304e345d0a", **old_b},
              {"id": UNKNOWN, "input": A_ID, "output": UNKNOWN,
               "triggers_replace": [Secret("hunter3")]},
              index=0, replace_paths=[["triggers_replace"]],
              action_reason="replace_because_cannot_update", depends_on=["terraform_data.a"],
              expressions={"input": refs("terraform_data.a.id"),
                           "triggers_replace": refs("var.secret")},
              count={"constant_value": 1}),
        _data("b", ["delete"], {"id": "1699b944-bd5f-f1cf-34f7-e78a30a64fe1", **old_b}, None,
              index=1, action_reason="delete_because_count_index",
              depends_on=["terraform_data.a"]),
        _data("c", ["update"], {"id": "90a560cd-b41d-32e1-9da7-e94ce04af92b", "input": OLD_INPUT,
                                "output": OLD_INPUT, "triggers_replace": None},
              {"id": "90a560cd-b41d-32e1-9da7-e94ce04af92b", "input": UNKNOWN_MAP,
               "output": UNKNOWN_MAP, "triggers_replace": None},
              module="module.child", index="k1", depends_on=["terraform_data.a"],
              expressions={"input": refs("var.in")}),
    ]
    child = ModuleCall(("child",), "./child", {"in": refs("terraform_data.a.output")},
                       variables={"in": {}}, outputs={"cid": refs('terraform_data.c["k1"].id')})
    return plan_document(
        instances, calls=[child], variables={"name": "demo2", "secret": Secret("hunter3")},
        providers={"terraform": {"name": "terraform", "full_name": BUILTIN}},
        relevant_attributes=[("terraform_data.a", ["id"]), ("terraform_data.a", ["output"]),
                             ('module.child.terraform_data.c["k1"]', ["id"])],
    )


def test_written_plan_matches_terraform_output_key_for_key_and_in_order() -> None:
    real = json.loads((DATA / "update.json").read_text())
    written = _written()
    for volatile in ("terraform_version", "timestamp"):
        real.pop(volatile), written.pop(volatile)
    real["prior_state"].pop("terraform_version"), written["prior_state"].pop("terraform_version")
    assert json.dumps(written, indent=1) == json.dumps(real, indent=1)
