"""The one PEP 508 reader requirement files and pyproject.toml share."""

from __future__ import annotations

import pytest

from policycheck.loaders.pep508 import requirement_fields


def test_fields_of_a_full_requirement() -> None:
    assert requirement_fields('Flask[async,dotenv]>=2.0,<3 ; python_version >= "3.11"') == {
        "name": "Flask",
        "specifier": "<3,>=2.0",
        "extras": ["async", "dotenv"],
        "marker": 'python_version >= "3.11"',
        "url": None,
    }


def test_a_direct_url_reference() -> None:
    fields = requirement_fields("pkg @ https://example.com/pkg-1.0.tar.gz")
    assert (fields["name"], fields["url"], fields["specifier"]) == (
        "pkg", "https://example.com/pkg-1.0.tar.gz", "")


def test_not_a_requirement_says_so_in_one_line() -> None:
    with pytest.raises(ValueError, match=r"^invalid requirement: [^\n]+$"):
        requirement_fields("flask >= = 2")
