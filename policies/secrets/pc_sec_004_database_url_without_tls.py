"""## What
Flags a PostgreSQL or MySQL connection URL (`postgres://`, `postgresql://`, `mysql://`, also
with a driver suffix such as `postgresql+psycopg://` or a `jdbc:` prefix) that does not request
TLS, found in:

- Kubernetes container `env[].value` (any workload) and ConfigMap `data` entries, also inside
  larger values such as a properties file;
- literal strings of Terraform resources, data sources, variables and provider blocks (a value
  computed from a variable, reference or function call is not judged where it is used);
- Dockerfile `ENV` values, in every stage.

A URL requests TLS with `sslmode=require|verify-ca|verify-full` (libpq), `ssl=true`, or
`ssl-mode=REQUIRED` (also `VERIFY_CA`/`VERIFY_IDENTITY`, and the spellings `sslmode`/`ssl_mode`
for MySQL drivers). A URL without such a parameter, or with a weaker one (`sslmode=prefer`,
`disable`, `ssl=false`), FAILs: TLS settings held outside the URL (`PGSSLMODE`, driver
defaults) are not visible. UNKNOWN when the TLS parameter, or a query without one, comes from a
template (`${...}`, `$(...)`, `{{ ... }}`). Messages show the URL with its password masked.
Kubernetes `Secret` objects are not read (see PC-SEC-002).

## Why
Without TLS, database credentials and every query and result cross the network in clear text,
readable and alterable by anyone on the path. libpq's default `sslmode=prefer` silently falls
back to an unencrypted connection and does not verify the server, so it protects against
nothing but a passive observer on a server that happens to offer TLS.

## Fail example
```yaml
env:
  - name: DATABASE_URL
    value: postgres://app@db.internal:5432/shop
```

## Fix
Add `sslmode=verify-full` (PostgreSQL; `require` at least) or `ssl-mode=VERIFY_IDENTITY`
(MySQL; `REQUIRED` at least) to the connection URL, and make the server refuse unencrypted
connections (PC-AWS-040 for RDS).

## References
- https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-SSLMODE
- https://dev.mysql.com/doc/refman/8.0/en/connection-options.html#option_general_ssl-mode
- Related: no checkov peer.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    Context,
    Resource,
    Result,
    Unknown,
    connection_strings,
    fail,
    instruction_path,
    is_k8s_config_value,
    key_values,
    passed,
    policy,
    stages,
    string_values,
    unknown,
)


def _texts(resource: Resource) -> Iterator[tuple[str, str, str]]:
    """``(path, what, text)`` of each value that may hold a connection string."""
    if resource.source == "docker":
        for i, stage in enumerate(stages(resource)):
            for j, instruction in enumerate(stage["instructions"]):
                if instruction["instruction"] == "ENV":
                    for name, value in key_values(instruction):
                        if value:
                            yield instruction_path(i, j), f"ENV {name}", value
        return
    for found in string_values(resource.attributes):
        if resource.source in ("k8s", "cluster"):
            if is_k8s_config_value(resource, found.path):
                yield found.path, found.key, found.value
        elif resource.is_literal(found.path):
            yield found.path, found.path, found.value


@policy(
    id="PC-SEC-004",
    title="Database URL without TLS",
    severity="medium",
    sources=("tf", "plan", "k8s", "cluster", "docker"),
    kinds="*",
    checklist="security-configuration/database-connections-ssl",
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    clean = True
    for path, what, text in _texts(resource):
        for url in connection_strings(text):
            if isinstance(url.tls, Unknown):
                clean = False
                yield unknown(f"{what}: whether {url.shown} requests TLS is not known "
                              f"({url.tls.reason})", at=path)
            elif not url.tls:
                clean = False
                why = f"it sets {url.setting}" if url.setting else "it has no sslmode/ssl parameter"
                yield fail(f"{what} connects to {url.shown} without requiring TLS ({why}); "
                           f"add {url.fix}", at=path)
    if clean:
        yield passed("no database URL without TLS")
