"""Snapshot files: the raw collection as versioned JSON, secrets redacted (no boto3 here)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from policycheck import __version__
from policycheck.errors import PolicycheckError
from policycheck.live.aws.raw import RawCollection
from policycheck.live.aws.redact import redact
from policycheck.live.aws.scope import SOURCE

FORMAT = "policycheck-snapshot"
VERSION = 1


class SnapshotError(PolicycheckError):
    """A snapshot file that cannot be read as an AWS snapshot."""


def save_snapshot(path: Path, raw: RawCollection) -> None:
    """Write ``raw`` to ``path`` with secret values redacted."""
    document: dict[str, Any] = {
        "format": FORMAT, "version": VERSION, "source": SOURCE, "tool": __version__,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **redact(raw.to_json())}
    path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", "utf-8")


def read_snapshot(path: Path) -> RawCollection:
    try:
        document = json.loads(path.read_text("utf-8"))
    except OSError as error:
        raise SnapshotError(f"cannot read snapshot {path}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise SnapshotError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise SnapshotError(f"{path}: not JSON ({error.msg} at line {error.lineno})") from None
    except RecursionError:
        raise SnapshotError(f"{path}: nested too deeply to read") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SnapshotError(f"{path}: not a policycheck snapshot")
    if document.get("source") != SOURCE:
        raise SnapshotError(f"{path}: a {document.get('source')!r} snapshot, not an AWS one")
    if document.get("version") != VERSION:
        raise SnapshotError(f"{path}: snapshot version {document.get('version')!r} is not supported "
                            f"(this policycheck reads version {VERSION})")
    try:
        return RawCollection.from_json(document)
    except (KeyError, TypeError, ValueError) as error:
        raise SnapshotError(f"{path}: malformed snapshot ({type(error).__name__}: {error})") from None
