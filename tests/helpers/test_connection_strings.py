from __future__ import annotations

import pytest

from policycheck.helpers.connection_strings import connection_strings, mask_credentials
from policycheck.model import Unknown


@pytest.mark.parametrize("text", [
    "postgres://app@db/shop?sslmode=require",
    "postgresql://app@db/shop?application_name=x&sslmode=verify-full",
    "postgresql+psycopg://db/shop?sslmode=verify-ca",
    "jdbc:postgresql://db:5432/shop?ssl=true",
    "mysql://app@db/shop?ssl-mode=REQUIRED",
    "mysql+pymysql://app@db/shop?ssl_mode=VERIFY_IDENTITY",
    "jdbc:mysql://db/shop?sslMode=VERIFY_CA",
])
def test_tls_requested(text: str) -> None:
    [url] = connection_strings(text)
    assert url.tls is True


@pytest.mark.parametrize(("text", "setting"), [
    ("postgres://app@db/shop", None),
    ("postgres://app@db/shop?sslmode=prefer", "sslmode=prefer"),
    ("postgres://app@db/shop?sslmode=disable", "sslmode=disable"),
    ("mysql://db/shop?ssl=false", "ssl=false"),
    ("mysql://db/shop?ssl-mode=PREFERRED", "ssl-mode=PREFERRED"),
])
def test_tls_not_requested(text: str, setting: str | None) -> None:
    [url] = connection_strings(text)
    assert url.tls is False
    assert url.setting == setting


@pytest.mark.parametrize("text", ["postgres://db/shop?sslmode=$(PGSSLMODE)",
                                  "postgres://db/shop?${OPTIONS}",
                                  "mysql://db/shop?ssl-mode={{ .Values.mode }}"])
def test_templated_tls_is_unknown(text: str) -> None:
    [url] = connection_strings(text)
    assert isinstance(url.tls, Unknown)


def test_urls_inside_text() -> None:
    text = ('url=jdbc:postgresql://db/a\n{"b": "mysql://db/b?ssl=true"}, (see postgres://db/c).'
            " xpostgres://no redis://no")
    found = list(connection_strings(text))
    assert [(u.engine, u.shown, u.tls) for u in found] == [
        ("postgres", "jdbc:postgresql://db/a", False),
        ("mysql", "mysql://db/b?ssl=true", True),
        ("postgres", "postgres://db/c", False),
    ]


@pytest.mark.parametrize(("url", "shown"), [
    ("postgres://app:s3cret@db:5432/shop", "postgres://app:****@db:5432/shop"),
    ("postgres://app:p/a?s@s@db/shop?sslmode=require", "postgres://app:****@db/shop?sslmode=require"),
    ("postgres://app@db/shop", "postgres://app@db/shop"),
    ("postgres://db/shop?user=app&password=s3cret", "postgres://db/shop?user=app&password=****"),
])
def test_mask_credentials(url: str, shown: str) -> None:
    assert mask_credentials(url) == shown
    assert "s3cret" not in mask_credentials(url)


def test_fix_names_the_engine_parameter() -> None:
    [pg, my] = connection_strings("postgres://db/a mysql://db/b")
    assert (pg.fix, my.fix) == ("sslmode=verify-full", "ssl-mode=VERIFY_IDENTITY")
