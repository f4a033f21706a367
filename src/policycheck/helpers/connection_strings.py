"""PostgreSQL and MySQL connection URLs: finding them in text, whether they request TLS, and
showing them without their credentials.

Recognised: ``postgres://``, ``postgresql://``, ``mysql://``, with a driver suffix
(``postgresql+psycopg://``, ``mysql+pymysql://``) or a ``jdbc:`` prefix. A URL requests TLS
when a query parameter says so: ``sslmode`` / ``ssl-mode`` / ``ssl_mode`` set to ``require``,
``verify-ca``, ``verify-full`` (libpq) or ``REQUIRED``, ``VERIFY_CA``, ``VERIFY_IDENTITY``
(MySQL), or ``ssl=true``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl

from policycheck.helpers.secrets import is_secret_key
from policycheck.model import Unknown

_URL = re.compile(
    r"(?<![\w+.-])(?:jdbc:)?(?P<scheme>postgres(?:ql)?|mysql)(?:\+\w+)?://[^\s\"'<>`]+",
    re.IGNORECASE,
)
_TRAILING = ".,;:"
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_MODE_KEYS = frozenset({"sslmode", "ssl-mode", "ssl_mode"})
_TLS_MODES = frozenset({"require", "required", "verify-ca", "verify-full", "verify-identity"})
_TEMPLATE = re.compile(r"\$\{|\$\(|\{\{|\$[A-Za-z_]")
MASK = "****"


@dataclass(frozen=True, slots=True)
class ConnectionString:
    """A database URL found in a text; ``shown`` is the URL with its credentials masked."""

    engine: str
    """``postgres`` or ``mysql``."""
    shown: str
    tls: bool | Unknown
    """Whether the URL requests TLS; :class:`Unknown` when a template decides it."""
    setting: str | None
    """The ``key=value`` parameter that decides ``tls``, ``None`` when there is none."""

    @property
    def fix(self) -> str:
        """The query parameter that makes this URL require TLS."""
        return "sslmode=verify-full" if self.engine == "postgres" else "ssl-mode=VERIFY_IDENTITY"


def connection_strings(text: str) -> Iterator[ConnectionString]:
    """Every PostgreSQL/MySQL URL in ``text``."""
    for match in _URL.finditer(text):
        url = _trim(match.group())
        engine = "postgres" if match["scheme"].lower().startswith("postgres") else "mysql"
        query = url.partition("?")[2].partition("#")[0]
        tls, setting = _requests_tls(query)
        yield ConnectionString(engine, mask_credentials(url), tls, setting)


def _trim(url: str) -> str:
    """Drop punctuation that ends the sentence or expression around a URL, keeping closing
    brackets the URL opened (``$(MODE)``, ``${OPTS}``)."""
    while url and (url[-1] in _TRAILING or (
            url[-1] in _CLOSERS and url.count(url[-1]) > url.count(_CLOSERS[url[-1]]))):
        url = url[:-1]
    return url


def _requests_tls(query: str) -> tuple[bool | Unknown, str | None]:
    weak: str | None = None
    for key, value in parse_qsl(query, keep_blank_values=True):
        name = key.lower()
        if name not in _MODE_KEYS and name != "ssl":
            continue
        setting = f"{key}={value}"
        if _TEMPLATE.search(value):
            return Unknown(f"{setting} is set by a template"), setting
        mode = value.lower().replace("_", "-")
        if mode in _TLS_MODES if name in _MODE_KEYS else mode in ("true", "1"):
            return True, setting
        weak = setting
    if weak is None and _TEMPLATE.search(query):
        return Unknown(f"the query {query!r} comes from a template"), None
    return False, weak


def mask_credentials(url: str) -> str:
    """``url`` with the password of its user info and secret-looking query parameters masked:
    ``postgres://app:****@db/app?password=****``.

    The password runs from the first ``:`` after the scheme to the last ``@`` (a password may
    contain ``/``, ``?`` or ``@``); when in doubt more is masked, never less.
    """
    scheme, sep, rest = url.partition("://")
    colon, at = rest.find(":"), rest.rfind("@")
    if 0 <= colon < at:
        rest = f"{rest[:colon]}:{MASK}{rest[at:]}"
    head, question, query = rest.partition("?")
    if question:
        query = "&".join(_mask_parameter(p) for p in query.split("&"))
    return f"{scheme}{sep}{head}{question}{query}"


_USERINFO = re.compile(r"(?<=://)([^/?#@\s]+)@")


def mask_userinfo(text: str) -> str:
    """Every ``scheme://user:password@`` (or ``scheme://token@``) in ``text`` with the password
    or token masked; a bare ``git@`` user stays (it is no secret)."""

    def mask(match: re.Match[str]) -> str:
        user, colon, _ = match.group(1).partition(":")
        if colon:
            return f"{user}:{MASK}@"
        return match.group() if user == "git" else f"{MASK}@"

    return _USERINFO.sub(mask, text)


def _mask_parameter(parameter: str) -> str:
    key, equals, _ = parameter.partition("=")
    return f"{key}={MASK}" if equals and is_secret_key(key) else parameter
