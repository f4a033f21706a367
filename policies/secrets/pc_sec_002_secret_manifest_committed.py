"""## What
Flags a Kubernetes `Secret` in a scanned manifest whose `data` or `stringData` holds a value:
a non-empty entry that is not a placeholder (`<password>`, `${DB_PASSWORD}`, `{{ ... }}`,
`REPLACE_ME`, `changeme`, ...; `data` entries are base64-decoded first). The finding points at
the first such entry and names every key, never a value. A Secret without data, or with only
empty or placeholder entries, passes; so do `SealedSecret` (encrypted for one cluster) and
`ExternalSecret` (a reference to a secret store). Live clusters are not judged: a Secret there
is where a secret belongs.

## Why
Base64 is an encoding, not encryption: a Secret manifest in a repository hands its values to
everyone who can read the repository, its forks, CI logs and backups, for as long as the
history exists. Rotating the value means changing code, so it rarely happens.

## Fail example
```yaml
apiVersion: v1
kind: Secret
metadata: {name: db}
stringData:
  password: Winter2024!prod
```

## Fix
Keep the value in a secret store and commit a reference instead: an `ExternalSecret` (External
Secrets Operator), a `SealedSecret`, a SOPS-encrypted file decrypted at deploy time, or a Secret
created by the pipeline from its own secret variables. Rotate any value that was committed.

## References
- https://kubernetes.io/docs/concepts/security/secrets-good-practices/
- https://external-secrets.io/latest/
- https://github.com/bitnami-labs/sealed-secrets
- Related: no checkov peer (CKV_SECRET_* look for credential formats, not Secret objects).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator, Mapping
from typing import Any

from policycheck.api import Context, Resource, Result, fail, is_placeholder, passed, policy

SECTIONS = ("data", "stringData")


def _text(section: str, value: Any) -> str:
    """The entry's value as text (``data`` is base64; undecodable data stays as written)."""
    text = "" if value is None else str(value)
    if section == "data" and text:
        try:
            return base64.b64decode(text, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return text
    return text


def _stored(resource: Resource) -> list[str]:
    """Paths (``data.password``) of the entries that hold a real value."""
    found = []
    for section in SECTIONS:
        entries = resource.get(section)
        if isinstance(entries, Mapping):
            found += [f"{section}.{key}" for key, value in entries.items()
                      if not is_placeholder(_text(section, value))]
    return found


@policy(
    id="PC-SEC-002",
    title="Secret manifest committed",
    severity="medium",
    sources="k8s",
    kinds=("Secret", "SealedSecret", "ExternalSecret"),
    checklist="access-control/api-keys-rotated-stored-securely",
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    if resource.kind != "Secret":
        yield passed(f"a {resource.kind} keeps the value out of the manifest")
        return
    stored = _stored(resource)
    if stored:
        yield fail(f"the Secret manifest holds {len(stored)} value(s) ({', '.join(stored)}); "
                   f"keep them in a secret store", at=stored[0])
    else:
        yield passed("the Secret holds no values")
