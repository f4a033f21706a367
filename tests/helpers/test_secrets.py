from __future__ import annotations

import pytest

from policycheck.helpers.secrets import (
    credential_format,
    is_k8s_config_value,
    is_placeholder,
    is_secret_key,
    redact,
    string_values,
)
from policycheck.model import Location, Resource


@pytest.mark.parametrize("key", ["password", "master_password", "DB_PASSWORD", "client_secret",
                                 "api_key", "apiKey", "secret_key", "auth-token", "secret_string",
                                 "private_key"])
def test_secret_keys(key: str) -> None:
    assert is_secret_key(key)


@pytest.mark.parametrize("key", ["secret_name", "kms_key_id", "password_length", "token_ttl",
                                 "key_name", "username", "secret_arn",
                                 "manage_master_user_password_rotation"])
def test_not_secret_keys(key: str) -> None:
    assert not is_secret_key(key)


@pytest.mark.parametrize(("value", "kind"), [
    ("AKIAIOSFODNN7EXAMPLE", "AWS access key ID"),
    ("-----BEGIN RSA PRIVATE KEY-----\nMIIE", "private key"),
    ("-----BEGIN OPENSSH PRIVATE KEY-----", "private key"),
    ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "GitHub token"),
    ("xoxb-123456789012-abcdefghij", "Slack token"),
    ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTYifQ.abcdefghijklmnop", "JSON Web Token"),
])
def test_credential_formats(value: str, kind: str) -> None:
    assert credential_format(value) == kind


def test_plain_text_is_no_credential() -> None:
    assert credential_format("AKIA is a prefix, ASIA a continent") is None


@pytest.mark.parametrize("value", ["", "  ", "<password>", "${DB_PASSWORD}", "$DB_PASSWORD",
                                   "{{ .Values.password }}", "changeme", "REPLACE_ME", "xxxxxx",
                                   "********"])
def test_placeholders(value: str) -> None:
    assert is_placeholder(value)


def test_real_password_is_not_a_placeholder() -> None:
    assert not is_placeholder("Winter2024!prod")


def test_redact_shows_at_most_four_characters_and_a_third() -> None:
    assert redact("AKIAIOSFODNN7EXAMPLE") == "AKIA…"
    assert redact("abcdef") == "ab…"
    assert redact("abc") == "a…"


def test_string_values_name_value_pairs_take_the_name_as_key() -> None:
    value = {"env": [{"name": "DB_PASSWORD", "value": "x"}], "tags": {"a": "b"}}
    found = list(string_values(value))
    assert [(f.path, f.key, f.value) for f in found] == [
        ("env.0.name", "name", "DB_PASSWORD"),
        ("env.0.value", "DB_PASSWORD", "x"),
        ("tags.a", "a", "b"),
    ]


def test_string_values_in_document_order_with_the_nearest_key() -> None:
    value = {"a": [{"b": "1"}, "2", 3], "c": {"d": [["3"]]}, "e": "4"}
    assert [(f.path, f.key, f.value) for f in string_values(value, "root", "top")] == [
        ("root.a.0.b", "b", "1"), ("root.a.1", "a", "2"), ("root.c.d.0.0", "d", "3"),
        ("root.e", "e", "4")]


@pytest.mark.parametrize(("kind", "path", "expected"), [
    ("Deployment", "spec.template.spec.containers.0.env.1.value", True),
    ("Pod", "spec.initContainers.0.env.0.value", True),
    ("Deployment", "spec.template.spec.containers.0.env.1.name", False),
    ("Deployment", "spec.template.spec.containers.0.image", False),
    ("ConfigMap", "data.application.properties", True),
    ("ConfigMap", "metadata.name", False),
    ("Secret", "data.password", False),
])
def test_k8s_config_values(kind: str, path: str, expected: bool) -> None:
    resource = Resource(kind, f"{kind}/x", "k8s", {}, Location("m.yaml", 1, 1))
    assert is_k8s_config_value(resource, path) is expected
