"""Input variable values: Terraform's precedence, type conversion, unset variables."""

from __future__ import annotations

import pytest

from policycheck.loaders.base import LoadOptions
from policycheck.model import Unknown

MAIN = """
variable "v" {
  default = "default"
}
resource "x_thing" "t" {
  value = var.v
}
"""

# Every source of a value, lowest precedence first (Terraform's documented order), and how it
# is given: as an environment variable, as a file Terraform reads itself, or as -var-file.
SOURCES = [
    ("env", "TF_VAR_v", "env"),
    ("tfvars", "terraform.tfvars", 'v = "tfvars"\n'),
    ("tfvars.json", "terraform.tfvars.json", '{"v": "tfvars.json"}'),
    ("a.auto", "a.auto.tfvars", 'v = "a.auto"\n'),
    ("b.auto.json", "b.auto.tfvars.json", '{"v": "b.auto.json"}'),
    ("var-file one", "one.tfvars", 'v = "var-file one"\n'),
    ("var-file two", "two.tfvars", 'v = "var-file two"\n'),
]
VAR_FILES = ("one.tfvars", "two.tfvars")


@pytest.mark.parametrize("count", range(len(SOURCES) + 1))
def test_precedence(tf, count):
    """With the ``count`` lowest-precedence sources set, the last of them wins."""
    present = SOURCES[:count]
    tf.write({"main.tf": MAIN} | {name: text for _, name, text in present if name != "TF_VAR_v"})
    options = LoadOptions(
        var_files=tuple(tf.root / name for _, name, _ in present if name in VAR_FILES),
        env={name: text for _, name, text in present if name == "TF_VAR_v"},
    )
    value = tf.scan("main.tf", options=options).resources[-1].attributes["value"]
    assert value == (present[-1][0] if present else "default")


def test_env_is_below_tfvars_even_when_given_last(tf):
    tf.write({"main.tf": MAIN, "terraform.tfvars": 'v = "file"\n'})
    result = tf.scan(options=LoadOptions(env={"TF_VAR_v": "env"}))
    assert result.resources[-1].attributes["value"] == "file"


def test_values_are_converted_to_the_declared_type(tf):
    resources = tf.resources(
        {
            "main.tf": """
                variable "n" { type = number }
                variable "flags" { type = list(bool) }
                variable "cfg" {
                  type = object({ name = string, encrypted = optional(bool, true) })
                }
                resource "x_thing" "t" {
                  n         = var.n
                  flags     = var.flags
                  cfg       = var.cfg
                  plus      = var.n + 1
                }
            """,
            "terraform.tfvars": 'flags = ["true", false]\ncfg = { name = "db", extra = 1 }\n',
        },
        LoadOptions(env={"TF_VAR_n": "41"}),
    )
    attributes = resources["x_thing.t"].attributes
    assert attributes["n"] == 41
    assert attributes["plus"] == 42
    assert attributes["flags"] == [True, False]
    assert attributes["cfg"] == {"name": "db", "encrypted": True}


def test_complex_env_value_is_parsed_as_hcl(tf):
    resources = tf.resources(
        {"main.tf": 'variable "l" { type = list(string) }\nresource "x" "t" { l = var.l }\n'},
        LoadOptions(env={"TF_VAR_l": '["a", "b"]'}),
    )
    assert resources["x.t"].attributes["l"] == ["a", "b"]


def test_variable_without_value_is_unknown(tf):
    resources = tf.resources({"main.tf": """
        variable "db_password" { sensitive = true }
        resource "x_db" "d" {
          password = var.db_password
          name     = "db-${var.db_password}"
        }
    """})
    password = resources["x_db.d"].attributes["password"]
    assert isinstance(password, Unknown)
    assert password.reason == "var.db_password has no value"
    assert isinstance(resources["x_db.d"].attributes["name"], Unknown)


def test_variable_resources(tf):
    resources = tf.resources({"main.tf": """
        variable "db_password" {
          description = "the master password"
          type        = string
          sensitive   = true
          default     = "hunter2"
        }
        variable "plain" {}
    """})
    secret = resources["var.db_password"]
    assert secret.kind == "variable"
    assert secret.attributes == {"description": "the master password", "sensitive": True,
                                 "default": "hunter2", "type": "string"}
    assert secret.attribute_lines["default"] == 5
    assert resources["var.plain"].attributes == {"sensitive": False}
